from . import amarc_ticket_extension_wizard
