from . import test_readonly_reports, test_setup_tools, test_translations
