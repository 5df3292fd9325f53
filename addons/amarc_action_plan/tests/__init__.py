from . import test_action
from . import test_reminders
from . import test_review
from . import test_export
from . import test_access
from . import test_two_workers
from . import test_protected
from . import test_loop
