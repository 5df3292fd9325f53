from . import amarc_audit
from . import amarc_audit_line
from . import amarc_audit_coverage
from . import amarc_action
from . import amarc_review
from . import amarc_certification
from . import amarc_certification_visit
from . import amarc_certification_finding
