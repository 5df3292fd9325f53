from . import amarc_audit
from . import amarc_audit_line
from . import amarc_action
from . import amarc_review
from . import amarc_certification
from . import amarc_certification_visit
from . import amarc_certification_finding
from . import amarc_overview
from . import res_company
from . import res_config_settings
from . import res_company_certification_file
from . import amarc_control_plan
from . import amarc_control_campaign
from . import amarc_control_sample
from . import amarc_control_result
from . import amarc_audit_line_control
from . import amarc_certification_file
from . import amarc_certification_file_job

# after the certifications: the coverage view reads their table
from . import amarc_audit_coverage
