"""Run an addon's migration script in a test, as Odoo's migration manager does.

Used by the upgrade tests of every AMARC addon: they put the database in the
previous version's shape inside the test transaction, run the script, and check
that every record is intact."""

import importlib.util
import logging
from pathlib import Path

from odoo.modules.module import get_module_path

_logger = logging.getLogger(__name__)


def run_migration(cr, addon, version, stage, installed_version):
    """Run migrations/<version>/<stage>-migrate.py of ``addon`` with the
    database at ``installed_version``. This frame carries ``stage``, ``addon``
    and ``pyfile``, as the migration manager's does: openupgradelib's
    ``@openupgrade.migrate()`` decorator reads them."""
    pyfile = str(
        Path(get_module_path(addon)) / "migrations" / version / f"{stage}-migrate.py"
    )
    spec = importlib.util.spec_from_file_location(f"{addon}_{version}_{stage}", pyfile)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    _logger.info("Running %s migration of %s: %s", stage, addon, pyfile)
    module.migrate(cr, installed_version)
