from . import test_working_time
from . import test_deadlines
from . import test_extension
from . import test_mediation_recourse
from . import test_cron
from . import test_access
from . import test_translation
