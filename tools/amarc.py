#!/usr/bin/env python3
"""Run, test and set up the AMARC Odoo addons.

    python3 tools/amarc.py run             serve the product (database amarc, demo)
    python3 tools/amarc.py test [ADDON..]  run the tests on a throwaway database
    python3 tools/amarc.py install-odoo    install Odoo 19.0 Community (README.md)
    python3 tools/amarc.py export-pot      refresh i18n/*.pot, merge the .po files

Environment variables (all optional):
    ODOO_SRC          a local Odoo 19.0 source tree to use (its odoo/ and addons/)
    AMARC_DB          database served by "run" (default: amarc)
    AMARC_PORT        HTTP port of "run" (default: 8069)
    AMARC_TEST_DB     name of the throwaway test database (default: amarc_test_<pid>)
    AMARC_TEST_UPSTREAM=0  do not run helpdesk_mgmt's and survey's own tests
    AMARC_SKIP_PIP=1  do not install requirements.txt before serving
    PGHOST, PGPORT, PGUSER, PGPASSWORD   PostgreSQL connection (libpq defaults)
"""

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS_DIR = ROOT / "addons"
TESTS_DIR = ROOT / "tests"
CONFIG = ROOT / "odoo.conf"
ODOO_GIT = "https://github.com/odoo/odoo.git"
ODOO_BRANCH = "19.0"
# Odoo's own tests that must still pass with our addons installed.
UPSTREAM_TEST_MODULES = ["helpdesk_mgmt", "survey"]
# setuptools 81 dropped pkg_resources, which some of Odoo's pinned requirements
# still need to build.
BUILD_CONSTRAINT = "setuptools<81\n"


class SetupError(Exception):
    """A missing prerequisite, explained to the user without a traceback."""


def say(message):
    print(message, flush=True)


# ----------------------------------------------------------------------
# Locating Odoo and PostgreSQL
# ----------------------------------------------------------------------
def python_env():
    env = dict(os.environ)
    src = os.environ.get("ODOO_SRC")
    if src:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    return env


def odoo_info():
    """Return (version, package paths) of the importable Odoo, or raise SetupError."""
    probe = (
        "import json, odoo.release, odoo.addons;"
        "print(json.dumps({'version': odoo.release.version_info[:2],"
        " 'odoo': list(__import__('odoo').__path__),"
        " 'addons': list(odoo.addons.__path__)}))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], env=python_env(), capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise SetupError(
            "Odoo 19.0 is not installed for " + sys.executable + ".\n"
            "Install it from Odoo's official source with:\n"
            "    python3 tools/amarc.py install-odoo\n"
            "or point ODOO_SRC to a local Odoo 19.0 source tree:\n"
            "    ODOO_SRC=/path/to/odoo python3 tools/amarc.py install-odoo --src /path/to/odoo\n"
            "(see README.md, 'Installing Odoo')."
        )
    import json

    info = json.loads(proc.stdout.strip().splitlines()[-1])
    if tuple(info["version"]) != (19, 0):
        raise SetupError(
            "Odoo %s is installed, but these addons need Odoo 19.0 "
            "(see README.md, 'Installing Odoo')." % ".".join(map(str, info["version"]))
        )
    return info


def addons_path(info, with_tests=False):
    paths = [ADDONS_DIR]
    if with_tests and test_addons():
        paths.append(TESTS_DIR)
    for pkg_dir in info["odoo"]:
        root_addons = Path(pkg_dir).parent / "addons"
        if root_addons.is_dir() and (root_addons / "web").is_dir():
            paths.append(root_addons)
    for path in info["addons"]:
        if Path(path).is_dir():
            paths.append(Path(path))
    seen, result = set(), []
    for path in paths:
        path = str(Path(path).resolve())
        if path not in seen:
            seen.add(path)
            result.append(path)
    return ",".join(result)


def pg_check():
    """Raise SetupError unless PostgreSQL answers with the current credentials."""
    try:
        import psycopg2
    except ImportError as exc:
        raise SetupError(
            "psycopg2 is missing: install Odoo's requirements first."
        ) from exc
    try:
        conn = psycopg2.connect(dbname="postgres", connect_timeout=5)
    except psycopg2.OperationalError as exc:
        raise SetupError(
            "PostgreSQL does not answer (%s).\n"
            "Start it (e.g. 'pg_ctlcluster 15 main start') and give your user a role:\n"
            "    sudo -u postgres createuser --superuser $USER\n"
            "or set PGHOST, PGPORT, PGUSER and PGPASSWORD."
            % str(exc).strip().splitlines()[0]
        ) from exc
    return conn


def db_exists(name):
    conn = pg_check()
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            return bool(cr.fetchone())
    finally:
        conn.close()


def drop_db(name):
    conn = pg_check()
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )
            cr.execute('DROP DATABASE IF EXISTS "%s"' % name.replace('"', ""))
    finally:
        conn.close()
    # Odoo keeps the database's filestore beside it.
    filestore = Path.home() / ".local/share/Odoo/filestore" / name
    shutil.rmtree(filestore, ignore_errors=True)


def project_addons():
    return sorted(p.parent.name for p in ADDONS_DIR.glob("*/__manifest__.py"))


def test_addons():
    return sorted(p.parent.name for p in TESTS_DIR.glob("*/__manifest__.py"))


def odoo_cmd(info, *args, with_tests=False):
    return [
        sys.executable,
        "-m",
        "odoo",
        "-c",
        str(CONFIG),
        "--addons-path",
        addons_path(info, with_tests=with_tests),
        *args,
    ]


# ----------------------------------------------------------------------
# Commands
# ----------------------------------------------------------------------
def pip_install(*args):
    constraint = ROOT / ".build-constraints.txt"
    env = python_env()
    env.setdefault("PIP_CONSTRAINT", str(constraint))
    constraint.write_text(BUILD_CONSTRAINT)
    try:
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", *args],
            check=True,
            env=env,
        )
    finally:
        constraint.unlink(missing_ok=True)


def cmd_install_odoo(argv):
    """Install Odoo 19.0 Community: from a local source tree (--src PATH or
    ODOO_SRC), else from a shallow clone of Odoo's official repository."""
    src = None
    if "--src" in argv:
        src = argv[argv.index("--src") + 1]
    src = src or os.environ.get("ODOO_SRC")
    if not src:
        src = str(Path.home() / "odoo-19.0")
        if not Path(src, "odoo").is_dir():
            say(f"Cloning Odoo {ODOO_BRANCH} from {ODOO_GIT} into {src} ...")
            subprocess.run(
                [
                    "git",
                    "clone",
                    "--depth",
                    "1",
                    "--branch",
                    ODOO_BRANCH,
                    ODOO_GIT,
                    src,
                ],
                check=True,
            )
    src_path = Path(src)
    if (
        not (src_path / "odoo" / "release.py").is_file()
        or not (src_path / "setup.py").is_file()
    ):
        raise SetupError(
            f"{src} is not an Odoo source tree (no odoo/release.py or setup.py)."
        )
    say(f"Installing Odoo's requirements from {src_path / 'requirements.txt'} ...")
    pip_install("-r", str(src_path / "requirements.txt"))
    say("Installing Odoo itself (editable) ...")
    pip_install("--no-deps", "-e", str(src_path))
    say("Installing this project's requirements ...")
    pip_install("-r", str(ROOT / "requirements.txt"))
    odoo_info()
    say("Odoo 19.0 is installed.")
    return 0


def cmd_run(argv):
    info = odoo_info()
    pg_check()
    if os.environ.get("AMARC_SKIP_PIP") != "1":
        say("Installing the Python requirements (requirements.txt) ...")
        pip_install("-r", str(ROOT / "requirements.txt"))
    db = os.environ.get("AMARC_DB", "amarc")
    port = os.environ.get("AMARC_PORT", "8069")
    addons = ",".join(project_addons())
    if db_exists(db):
        say(f"Updating the AMARC addons in database {db!r} ...")
        setup = ["-d", db, "-u", addons, "--stop-after-init"]
    else:
        say(f"Creating database {db!r} with demo data and the AMARC addons ...")
        setup = ["-d", db, "-i", addons, "--with-demo", "--stop-after-init"]
    proc = subprocess.run(odoo_cmd(info, *setup), env=python_env())
    if proc.returncode != 0:
        say("Installing or updating the addons failed: see the log above.")
        return proc.returncode
    say(f"AMARC is served on http://127.0.0.1:{port}  (login: admin / password: admin)")
    os.execve(
        sys.executable,
        odoo_cmd(
            info,
            "-d",
            db,
            "--db-filter",
            f"^{re.escape(db)}$",
            "--http-port",
            port,
            *argv,
        ),
        python_env(),
    )
    return 0


RESULT_RE = re.compile(
    r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database"
)
LOG_RE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) \S+ (?P<logger>\S+): (?P<msg>.*)"
)
SKIP_RE = re.compile(r"skipped (?P<test>\S+) : (?P<reason>.*)")
BROWSER_SKIP_RE = re.compile(r"chrom|browser|websocket|tour", re.IGNORECASE)
# Warnings that come from this machine's Odoo installation, not from the code
# under test (an editable install puts its import hook on odoo.addons.__path__).
BENIGN_WARNINGS = [re.compile(r"addons path is not a directory: __editable__")]


def analyse_log(lines):
    """Return (total, failed, errors, skipped, problems) from an Odoo test log."""
    total = failed = errors = None
    skipped = 0
    problems = []
    for line in lines:
        match = RESULT_RE.search(line)
        if match:
            failed, errors, total = (int(g) for g in match.groups())
            continue
        log = LOG_RE.match(line)
        if not log:
            continue
        level, logger, msg = log["level"], log["logger"], log["msg"]
        skip = SKIP_RE.search(msg)
        if skip and logger.startswith("odoo.tests") or (skip and ".tests." in logger):
            skipped += 1
            test = skip["test"]
            if "amarc" in test or BROWSER_SKIP_RE.search(skip["reason"]):
                problems.append(f"skipped test: {test}: {skip['reason']}")
            continue
        if level in ("ERROR", "CRITICAL") or (
            level == "WARNING" and not any(p.search(msg) for p in BENIGN_WARNINGS)
        ):
            problems.append(f"{level} {logger}: {msg[:300]}")
    return total, failed, errors, skipped, problems


def cmd_test(argv):
    try:
        info = odoo_info()
        pg_check()
    except SetupError as exc:
        say(str(exc))
        say("tests: 0 passed, 1 failed")
        return 2
    selected = [a for a in argv if not a.startswith("-")]
    ours = project_addons()
    unknown = [a for a in selected if a not in ours + test_addons()]
    if unknown:
        say(
            "Unknown addon(s): %s. Known: %s"
            % (", ".join(unknown), ", ".join(ours + test_addons()))
        )
        return 2
    if selected:
        install = selected
        tags = selected
    else:
        install = ours + test_addons()
        tags = list(install)
        if os.environ.get("AMARC_TEST_UPSTREAM", "1") != "0":
            tags += UPSTREAM_TEST_MODULES
            install += [m for m in UPSTREAM_TEST_MODULES if m not in install]
    db = os.environ.get("AMARC_TEST_DB", f"amarc_test_{os.getpid()}")
    log_path = ROOT / ".test-logs" / f"{db}.log"
    log_path.parent.mkdir(exist_ok=True)
    drop_db(db)
    cmd = odoo_cmd(
        info,
        "-d",
        db,
        "-i",
        ",".join(install),
        "--with-demo",
        "--test-enable",
        "--test-tags",
        ",".join("/" + t for t in tags),
        "--stop-after-init",
        "--log-level",
        "test",
        "--http-port",
        os.environ.get("AMARC_TEST_PORT", "8169"),
        "--max-cron-threads",
        "0",
        "--no-database-list",
        with_tests=True,
    )
    say("Running: " + " ".join(cmd))
    started = time.time()
    lines = []
    try:
        with open(log_path, "w", encoding="utf-8") as log_file:
            proc = subprocess.Popen(
                cmd,
                env=python_env(),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                errors="replace",
            )
            for line in proc.stdout:
                sys.stdout.write(line)
                log_file.write(line)
                lines.append(line.rstrip("\n"))
            rc = proc.wait()
    finally:
        if os.environ.get("AMARC_KEEP_DB") != "1":
            drop_db(db)
    total, failed, errors, skipped, problems = analyse_log(lines)
    say("")
    say(f"Log: {log_path} ({time.time() - started:.0f}s)")
    if total is None:
        problems.append(
            "Odoo did not report a test result (it stopped before the tests ran)."
        )
        total = failed = errors = 0
    if rc != 0:
        problems.append(f"Odoo exited with status {rc}.")
    if total == 0:
        problems.append("No test ran.")
    if problems:
        say("Problems:")
        for problem in problems[:50]:
            say("  - " + problem)
        if len(problems) > 50:
            say(f"  ... and {len(problems) - 50} more")
    passed = total - failed - errors - skipped
    bad = failed + errors
    if problems and not bad:
        bad = 1  # a warning, an error or a skipped browser test fails the run
    say(
        f"tests: {passed} passed, {bad} failed"
        + (f", {skipped} skipped" if skipped else "")
    )
    return 1 if (problems or failed or errors) else 0


def cmd_export_pot(argv):
    """Export each addon's i18n/<addon>.pot from a scratch database, and merge
    the new terms into its existing .po files (translations are kept)."""
    import polib

    info = odoo_info()
    pg_check()
    addons = [a for a in argv if not a.startswith("-")] or project_addons()
    db = os.environ.get("AMARC_I18N_DB", "amarc_i18n")
    drop_db(db)
    try:
        subprocess.run(
            odoo_cmd(
                info,
                "-d",
                db,
                "-i",
                ",".join(addons),
                "--stop-after-init",
                "--log-level",
                "warn",
            ),
            check=True,
            env=python_env(),
        )
        conf = ROOT / ".test-logs" / "i18n.conf"
        conf.parent.mkdir(exist_ok=True)
        conf.write_text(CONFIG.read_text() + f"addons_path = {addons_path(info)}\n")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "odoo",
                "i18n",
                "export",
                "-c",
                str(conf),
                "-d",
                db,
                *addons,
            ],
            check=True,
            env=python_env(),
        )
    finally:
        drop_db(db)
    for addon in addons:
        i18n = ADDONS_DIR / addon / "i18n"
        pot = polib.pofile(str(i18n / f"{addon}.pot"))
        for po_path in i18n.glob("*.po"):
            po = polib.pofile(str(po_path))
            po.merge(pot)
            po.save()
            say(f"{po_path.relative_to(ROOT)}: {po.percent_translated()}% translated")
    return 0


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        say(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    commands = {
        "run": cmd_run,
        "test": cmd_test,
        "install-odoo": cmd_install_odoo,
        "export-pot": cmd_export_pot,
    }
    if command not in commands:
        say(__doc__)
        return 2
    try:
        return commands[command](rest)
    except SetupError as exc:
        say(str(exc))
        return 2
    except subprocess.CalledProcessError as exc:
        say(f"Command failed ({exc.returncode}): {' '.join(map(str, exc.cmd))}")
        return exc.returncode or 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
