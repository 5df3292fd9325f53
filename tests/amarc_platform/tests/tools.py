"""tools/amarc.py of this repository, imported as a module."""

import importlib.util
from pathlib import Path

#: the repository's root: this addon is tests/amarc_platform
ROOT = Path(__file__).resolve().parents[3]


def load_amarc():
    spec = importlib.util.spec_from_file_location(
        "amarc_tools", ROOT / "tools" / "amarc.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
