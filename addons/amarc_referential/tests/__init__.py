from . import test_referential_data
from . import test_translation
from . import test_obligation
from . import test_evidence
from . import test_access
from . import test_ui
from . import test_retention
from . import test_two_workers
