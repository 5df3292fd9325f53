from . import amarc_overview
