from . import amarc_obligation_done
from . import amarc_correction_wizard
