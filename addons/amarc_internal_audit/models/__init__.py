from . import amarc_audit
from . import amarc_audit_line
from . import amarc_action
from . import amarc_review
from . import amarc_certification
from . import amarc_certification_visit
from . import amarc_certification_finding
from . import amarc_overview
from . import res_company

# after the certifications: the coverage view reads their table
from . import amarc_audit_coverage
