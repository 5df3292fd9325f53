from . import amarc_satisfaction_analysis
from . import amarc_satisfaction_analysis_sending
from . import amarc_complaint_analysis_survey
from . import amarc_resatisfaction_close
