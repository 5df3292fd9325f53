from . import amarc_obligation_done
