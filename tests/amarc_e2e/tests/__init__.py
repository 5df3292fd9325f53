from . import test_loop
