from . import amarc_ticket_extension_wizard
from . import amarc_indicator_export
from . import amarc_complaint_analysis
from . import amarc_final_answer
