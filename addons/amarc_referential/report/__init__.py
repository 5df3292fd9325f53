from . import amarc_xlsx
