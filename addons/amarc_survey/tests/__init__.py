from . import test_schedule
from . import test_cron
from . import test_completion
from . import test_access
from . import test_indicators
from . import test_concurrency
from . import test_translation
from . import test_ui
