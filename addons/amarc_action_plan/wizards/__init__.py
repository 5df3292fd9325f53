from . import amarc_action_effectiveness
from . import amarc_action_export
from . import amarc_overview
