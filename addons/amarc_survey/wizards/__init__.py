from . import amarc_satisfaction_analysis
