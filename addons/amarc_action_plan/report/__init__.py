from . import amarc_action_xlsx
