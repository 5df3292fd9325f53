from . import amarc_indicator_xlsx
from . import amarc_satisfaction_analysis_xlsx
