from . import amarc_audit_xlsx
from . import amarc_certification_file_index
