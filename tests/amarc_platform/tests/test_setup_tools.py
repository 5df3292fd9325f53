"""The setup logic of tools/amarc.py: what ./run.sh and ./test.sh detect as
missing, what they run to fix it and what they print. Every command is
replaced by a recorder: nothing is installed, started or created here."""

import subprocess
import tempfile
from pathlib import Path
from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from .tools import load_amarc


class Recorder:
    """Stands for subprocess.run: records each command, answers with the
    given stdout for commands starting with a key of ``outputs``."""

    def __init__(self, outputs=None, statuses=None):
        self.calls = []
        self.outputs = outputs or {}
        self.statuses = statuses or {}

    def __call__(self, cmd, **kwargs):
        self.calls.append(list(cmd))
        return subprocess.CompletedProcess(
            cmd, self.statuses.get(cmd[0], 0), self.outputs.get(cmd[0], ""), ""
        )


@tagged("post_install", "-at_install")
class TestSetupTools(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.amarc = load_amarc()

    def setUp(self):
        super().setUp()
        self.said = []
        patcher = patch.object(self.amarc, "say", self.said.append)
        patcher.start()
        self.addCleanup(patcher.stop)

    # ------------------------------------------------------------------
    # Chromium and wkhtmltopdf
    # ------------------------------------------------------------------
    @staticmethod
    def which(*found):
        return lambda command: f"/usr/bin/{command}" if command in found else None

    def test_test_tools_found(self):
        run = Recorder()
        self.amarc.ensure_test_tools(
            which=self.which("chromium", "wkhtmltopdf"), root=True
        )
        self.assertEqual(run.calls, [])
        self.assertEqual(self.said, ["setup: test tools found (chromium, wkhtmltopdf)"])

    def test_chromium_under_its_other_name(self):
        self.assertEqual(
            self.amarc.missing_packages(
                self.amarc.TEST_TOOLS, self.which("chromium-browser", "wkhtmltopdf")
            ),
            [],
        )

    def test_missing_tools_detected(self):
        amarc = self.amarc
        self.assertEqual(
            amarc.missing_packages(amarc.TEST_TOOLS, self.which("wkhtmltopdf")),
            ["chromium"],
        )
        self.assertEqual(
            amarc.missing_packages(
                [*amarc.TEST_TOOLS, amarc.FAKETIME_TOOL], self.which("chromium")
            ),
            ["wkhtmltopdf", "faketime"],
        )

    def test_not_root_prints_the_exact_command_and_stops(self):
        with self.assertRaises(self.amarc.SetupError) as caught:
            self.amarc.ensure_test_tools(which=self.which(), root=False)
        self.assertEqual(
            str(caught.exception),
            "Missing for the browser tests (tours), the PDF reports: chromium, "
            "wkhtmltopdf. Install with:\n"
            "    sudo apt-get update && sudo apt-get install -y chromium wkhtmltopdf\n"
            "then run the command again.",
        )

    def test_root_installs_with_apt_get(self):
        run = Recorder()
        self.amarc.apt_install(["faketime"], "libfaketime", root=True, run=run)
        self.assertEqual(
            run.calls,
            [
                ["apt-get", "update", "-q"],
                ["apt-get", "install", "-y", "-q", "faketime"],
            ],
        )
        self.assertEqual(
            self.said, ["setup: installing faketime with apt-get (libfaketime) ..."]
        )

    def test_nothing_to_install(self):
        run = Recorder()
        self.amarc.apt_install([], "nothing", root=False, run=run)
        self.assertEqual(run.calls, [])

    # ------------------------------------------------------------------
    # Python requirements
    # ------------------------------------------------------------------
    def test_requirement_lines(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp, "requirements.txt")
            path.write_text(
                "# a comment\n\nxlsxwriter\n-r other.txt\n"
                "odoo-addon-helpdesk-mgmt>=19.0,<19.1  # OCA\n"
            )
            self.assertEqual(
                self.amarc.requirement_lines(path),
                ["xlsxwriter", "odoo-addon-helpdesk-mgmt>=19.0,<19.1"],
            )

    def test_unmet_requirements(self):
        versions = {"xlsxwriter": "3.1.9", "odoo-addon-helpdesk-mgmt": "18.0.1.0.0"}
        lines = [
            "xlsxwriter",  # installed, any version
            "odoo-addon-helpdesk-mgmt>=19.0,<19.1",  # installed, wrong version
            "freezegun",  # absent
            "absent-elsewhere; python_version < '3'",  # not for this Python
        ]
        self.assertEqual(
            self.amarc.unmet_requirements(lines, version_of=versions.get),
            ["odoo-addon-helpdesk-mgmt>=19.0,<19.1", "freezegun"],
        )

    def test_project_requirements_satisfied_here(self):
        """This very run has them: ./test.sh checked them before starting."""
        amarc = self.amarc
        lines = amarc.requirement_lines(amarc.ROOT / "requirements.txt")
        self.assertIn("freezegun", lines)
        self.assertEqual(amarc.unmet_requirements(lines), [])

    # ------------------------------------------------------------------
    # Odoo
    # ------------------------------------------------------------------
    def test_odoo_missing_message(self):
        message = self.amarc.odoo_problem(None)
        self.assertIn("Odoo 19.0 is not installed for ", message)
        self.assertIn(
            "./run.sh and ./test.sh install it themselves (from ODOO_SRC, else "
            "from Odoo's official source)",
            message,
        )
        self.assertIn("python3 tools/amarc.py install-odoo", message)

    def test_odoo_wrong_version(self):
        self.assertEqual(
            self.amarc.odoo_problem({"version": [18, 0], "odoo": [], "addons": []}),
            "Odoo 18.0 is installed, but these addons need Odoo 19.0 "
            "(see README.md, 'Installing Odoo').",
        )
        self.assertIsNone(
            self.amarc.odoo_problem({"version": [19, 0], "odoo": [], "addons": []})
        )

    def test_odoo_probe_of_this_run(self):
        info = self.amarc.odoo_probe()
        self.assertEqual(info["version"], [19, 0])
        self.assertEqual(info["missing"], [])

    def test_odoo_installed_when_not_importable(self):
        amarc = self.amarc
        probes = iter([None, {"version": [19, 0], "odoo": ["/src/odoo"], "addons": []}])
        installs = []
        with (
            patch.object(amarc, "odoo_probe", lambda: next(probes)),
            patch.object(amarc, "cmd_install_odoo", installs.append),
        ):
            info = amarc.ensure_odoo()
        self.assertEqual(installs, [[]])
        self.assertEqual(info["version"], [19, 0])
        self.assertEqual(
            self.said,
            [
                "setup: Odoo 19.0 is not importable: installing it ...",
                "setup: Odoo 19.0 found (/src/odoo)",
            ],
        )

    # ------------------------------------------------------------------
    # PostgreSQL
    # ------------------------------------------------------------------
    def test_postgres_answers(self):
        run = Recorder()
        self.amarc.ensure_postgres(error=lambda: None, run=run, root=True)
        self.assertEqual(run.calls, [])
        self.assertEqual(self.said, ["setup: PostgreSQL answers"])

    def postgres(self, errors, root, start_status=0):
        """ensure_postgres() with libpq answering ``errors`` in turn, one
        local cluster 15/main; returns the commands it ran."""
        errors = iter(errors)
        run = Recorder(
            {"pg_lsclusters": "15 main 5432 down postgres\n"},
            {"pg_ctlcluster": start_status},
        )
        user = self.amarc.pwd.getpwuid(self.amarc.os.getuid()).pw_name
        with (
            patch.object(self.amarc.shutil, "which", lambda command: command),
            patch.dict(self.amarc.os.environ, {"PGHOST": ""}),
        ):
            try:
                self.amarc.ensure_postgres(
                    error=lambda: next(errors), run=run, root=root
                )
            except self.amarc.SetupError as exc:
                return run.calls, user, str(exc)
        return run.calls, user, None

    def test_postgres_started(self):
        calls, _user, error = self.postgres(["connection refused", None], root=True)
        self.assertIsNone(error)
        self.assertEqual(
            calls,
            [
                ["pg_lsclusters", "-h"],
                ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "start"],
            ],
        )
        self.assertEqual(
            self.said,
            [
                (
                    "setup: PostgreSQL does not answer (connection refused): "
                    "starting it ..."
                ),
                "setup: PostgreSQL 15/main started",
            ],
        )

    def test_postgres_role_created_as_root(self):
        role_missing = 'FATAL:  role "x" does not exist'
        calls, user, error = self.postgres(
            ["connection refused", role_missing, None], root=True
        )
        self.assertIsNone(error)
        self.assertEqual(
            calls[-1],
            ["runuser", "-u", "postgres", "--", "createuser", "--superuser", user],
        )

    def test_postgres_role_command_printed_when_not_root(self):
        role_missing = 'FATAL:  role "x" does not exist'
        calls, user, error = self.postgres(
            ["connection refused", role_missing], root=False
        )
        self.assertEqual(
            calls[-1],
            ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "start"],
        )
        self.assertEqual(
            error,
            f"PostgreSQL has no role for {user}. Create it with:\n"
            f"    sudo -u postgres createuser --superuser {user}\n"
            "then run the command again.",
        )

    def test_postgres_start_refused_prints_the_command(self):
        calls, _user, error = self.postgres(
            ["connection refused", "connection refused"], root=False, start_status=1
        )
        self.assertEqual(len(calls), 2)
        self.assertEqual(
            error,
            "PostgreSQL 15/main does not answer (connection refused). Start it "
            "with:\n"
            "    sudo pg_ctlcluster --skip-systemctl-redirect 15 main start\n"
            "then run the command again.",
        )

    def test_remote_postgres_not_started(self):
        run = Recorder()
        with (
            patch.dict(self.amarc.os.environ, {"PGHOST": "db.example.com"}),
            self.assertRaises(self.amarc.SetupError) as caught,
        ):
            self.amarc.ensure_postgres(
                error=lambda: "timeout expired", run=run, root=True
            )
        self.assertEqual(run.calls, [])
        self.assertEqual(
            str(caught.exception),
            "PostgreSQL at PGHOST=db.example.com does not answer (timeout expired).",
        )

    # ------------------------------------------------------------------
    # run: workers and the database update
    # ------------------------------------------------------------------
    def test_workers_args(self):
        amarc = self.amarc
        self.assertEqual(amarc.workers_args("8069", {}), [])
        self.assertEqual(amarc.workers_args("8069", {"AMARC_WORKERS": "0"}), [])
        self.assertEqual(
            amarc.workers_args("8069", {"AMARC_WORKERS": "4"}),
            ["--workers", "4", "--max-cron-threads", "2", "--gevent-port", "8072"],
        )
        self.assertEqual(
            amarc.workers_args(
                "8205",
                {
                    "AMARC_WORKERS": "3",
                    "AMARC_CRON_WORKERS": "1",
                    "AMARC_GEVENT_PORT": "9000",
                },
            ),
            ["--workers", "3", "--max-cron-threads", "1", "--gevent-port", "9000"],
        )
        with self.assertRaises(amarc.SetupError) as caught:
            amarc.workers_args("8069", {"AMARC_WORKERS": "four"})
        self.assertEqual(
            str(caught.exception),
            "AMARC_WORKERS must be a number of workers, not 'four'.",
        )

    def test_prefork_server_started_through_odoo_bin(self):
        """Not ``python3 -m odoo``: the prefork master starts the websocket
        process again from its own sys.argv[0]."""
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp)
            (source / "odoo").mkdir()
            (source / "requirements.txt").write_text("")
            info = {"odoo": [str(source / "odoo")]}
            self.assertNotEqual(
                self.amarc.server_launcher(info)[-1], str(source / "odoo-bin")
            )
            (source / "odoo-bin").write_text("")
            self.assertEqual(
                self.amarc.server_launcher(info),
                [self.amarc.sys.executable, str(source / "odoo-bin")],
            )

    def test_addons_fingerprint_follows_the_files(self):
        amarc = self.amarc
        with tempfile.TemporaryDirectory() as tmp:
            addon = Path(tmp, "amarc_x")
            addon.mkdir()
            (addon / "__manifest__.py").write_text("{}")
            with patch.object(amarc, "ADDONS_DIR", Path(tmp)):
                first = amarc.addons_fingerprint()
                self.assertEqual(amarc.addons_fingerprint(), first)
                (addon / "__pycache__").mkdir()
                (addon / "__pycache__" / "x.pyc").write_bytes(b"compiled")
                self.assertEqual(amarc.addons_fingerprint(), first)
                (addon / "__manifest__.py").write_text("{'version': '2'}")
                self.assertNotEqual(amarc.addons_fingerprint(), first)
