from . import amarc_action_plan
from . import amarc_action
from . import amarc_review
from . import amarc_review_line_mixin
from . import amarc_review_input
from . import amarc_review_decision
from . import res_company
from . import res_config_settings
