from . import res_company
from . import res_config_settings
from . import helpdesk_ticket_channel
from . import helpdesk_ticket_team
from . import amarc_ticket_extension
from . import helpdesk_ticket
