from . import amarc_audit_xlsx
