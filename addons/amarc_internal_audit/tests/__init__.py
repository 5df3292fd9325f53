from . import test_audit
from . import test_coverage
from . import test_certification
from . import test_reports
from . import test_access
from . import test_ui
from . import test_bad_input
from . import test_protected
