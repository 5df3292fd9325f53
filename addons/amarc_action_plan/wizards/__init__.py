from . import amarc_action_effectiveness
from . import amarc_action_export
