from . import amarc_indicator_xlsx
