#!/usr/bin/env python3
"""Run, test and set up the AMARC Odoo addons.

    python3 tools/amarc.py run             serve the product (database amarc, demo)
    python3 tools/amarc.py test [ADDON..]  run the tests on a throwaway database
    python3 tools/amarc.py setup [--test]  only set up what run (or test) needs
    python3 tools/amarc.py install-odoo    install Odoo 19.0 Community (README.md)
    python3 tools/amarc.py export-pot      refresh i18n/*.pot, merge the .po files

Environment variables (all optional):
    ODOO_SRC          a local Odoo 19.0 source tree to use (its odoo/ and addons/)
    AMARC_DB          database served by "run" (default: amarc)
    AMARC_PORT        HTTP port of "run" (default: 8069)
    AMARC_LANG        language of the demo database created by "run" (fr_FR)
    AMARC_WORKERS     "run" in prefork mode with this many HTTP workers
    AMARC_CRON_WORKERS  cron workers of prefork mode (default: 2)
    AMARC_GEVENT_PORT   websocket (gevent) port of prefork mode (HTTP port + 3)
    AMARC_UPDATE=1    "run" updates the addons even when no file changed
    AMARC_TEST_DB     name of the throwaway test database (default: amarc_test_<pid>)
    AMARC_TEST_UPSTREAM=0  do not run helpdesk_mgmt's and survey's own tests
    AMARC_SKIP_PIP=1  do not check nor install the Python requirements
    PGHOST, PGPORT, PGUSER, PGPASSWORD   PostgreSQL connection (libpq defaults)
"""

import contextlib
import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
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


ODOO_MISSING = (
    "Odoo 19.0 is not installed for {python}.\n"
    "./run.sh and ./test.sh install it themselves (from ODOO_SRC, else from "
    "Odoo's official source); to do it alone:\n"
    "    python3 tools/amarc.py install-odoo [--src /path/to/odoo-19.0]\n"
    "(see README.md, 'Installing Odoo')."
)


#: modules of Odoo's requirements.txt without which its server cannot start
ODOO_KEY_MODULES = ("psycopg2", "lxml", "werkzeug", "babel", "PIL", "passlib")


def odoo_source(info):
    """The source tree (with requirements.txt) of the probed Odoo, or None."""
    for path in info["odoo"]:
        root = Path(path).parent
        if (root / "requirements.txt").is_file() and (root / "odoo").is_dir():
            return root
    return None


def odoo_probe():
    """(version, package paths) of the Odoo python3 imports, or None when
    ``import odoo.release`` fails."""
    probe = (
        "import json, importlib.util, odoo.release, odoo.addons;"
        "print(json.dumps({'version': odoo.release.version_info[:2],"
        " 'odoo': list(__import__('odoo').__path__),"
        " 'addons': list(odoo.addons.__path__),"
        " 'missing': [m for m in %r if not importlib.util.find_spec(m)]}))"
        % (ODOO_KEY_MODULES,)
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], env=python_env(), capture_output=True, text=True
    )
    if proc.returncode != 0:
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def odoo_problem(info):
    """Why ``info`` (an :func:`odoo_probe` result) is not a usable Odoo 19.0,
    or None."""
    if info is None:
        return ODOO_MISSING.format(python=sys.executable)
    if tuple(info["version"]) != (19, 0):
        return (
            "Odoo %s is installed, but these addons need Odoo 19.0 "
            "(see README.md, 'Installing Odoo')." % ".".join(map(str, info["version"]))
        )
    return None


def odoo_info():
    """Return (version, package paths) of the importable Odoo, or raise SetupError."""
    info = odoo_probe()
    problem = odoo_problem(info)
    if problem:
        raise SetupError(problem)
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


def pg_connect_error():
    """Why PostgreSQL does not answer with the current credentials (the first
    line of libpq's message), or None when it answers."""
    import psycopg2

    try:
        psycopg2.connect(dbname="postgres", connect_timeout=5).close()
    except psycopg2.OperationalError as exc:
        return (str(exc).strip().splitlines() or ["no answer"])[0]
    return None


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
    """Drop database ``name`` and its filestore with Odoo's own ``odoo db drop``
    (it closes the other connections first); nothing to do when it is absent."""
    if not db_exists(name):
        return
    info = odoo_info()
    proc = subprocess.run(
        odoo_cmd(info, "drop", name, command="db"),
        env=python_env(),
        capture_output=True,
        text=True,
        errors="replace",
    )
    if proc.returncode != 0:
        raise SetupError(
            f"'odoo db drop {name}' failed (status {proc.returncode}):\n"
            + (proc.stdout + proc.stderr)[-2000:]
        )


def project_addons():
    return sorted(p.parent.name for p in ADDONS_DIR.glob("*/__manifest__.py"))


def test_addons():
    return sorted(p.parent.name for p in TESTS_DIR.glob("*/__manifest__.py"))


def server_launcher(info):
    """How to start an Odoo server that runs in prefork mode: its master
    starts the websocket (gevent) process as ``sys.executable sys.argv[0]
    gevent ...``, which fails when started as ``python3 -m odoo``
    (``sys.argv[0]`` is then odoo/__main__.py). The source tree's odoo-bin,
    else the ``odoo`` console script, else ``python3 -m odoo``."""
    source = odoo_source(info)
    if source and (source / "odoo-bin").is_file():
        return [sys.executable, str(source / "odoo-bin")]
    script = Path(sys.executable).parent / "odoo"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "odoo"]


def odoo_cmd(info, *args, with_tests=False, command=None, launcher=None):
    """``python3 -m odoo [command] -c odoo.conf --addons-path ... args``
    (``launcher`` replaces ``python3 -m odoo``)."""
    return [
        *(launcher or [sys.executable, "-m", "odoo"]),
        *([command] if command else []),
        "-c",
        str(CONFIG),
        "--addons-path",
        addons_path(info, with_tests=with_tests),
        *args,
    ]


# ----------------------------------------------------------------------
# Setting up what is missing (run, test, setup)
# ----------------------------------------------------------------------
#: Debian packages of the tools the tests need: (package, commands, what for)
TEST_TOOLS = [
    ("chromium", ("chromium", "chromium-browser"), "the browser tests (tours)"),
    ("wkhtmltopdf", ("wkhtmltopdf",), "the PDF reports"),
]
FAKETIME_TOOL = ("faketime", ("faketime",), "AMARC_TEST_FAKETIME (libfaketime)")
STATE_DIR = ROOT / ".amarc-state"


def is_root():
    return os.getuid() == 0


def missing_packages(tools, which=shutil.which):
    """The Debian packages of ``tools`` none of whose commands is found."""
    return [
        package
        for package, commands, _why in tools
        if not any(which(command) for command in commands)
    ]


def apt_command(packages, root):
    """The exact command that installs ``packages``."""
    prefix = "" if root else "sudo "
    return f"{prefix}apt-get update && {prefix}apt-get install -y " + " ".join(packages)


def apt_install(packages, why, root=None, run=subprocess.run):
    """Install the Debian ``packages`` with apt-get when running as root;
    otherwise raise SetupError with the exact command to run."""
    if not packages:
        return
    root = is_root() if root is None else root
    if not root:
        raise SetupError(
            f"Missing for {why}: {', '.join(packages)}. Install with:\n"
            f"    {apt_command(packages, root=False)}\n"
            "then run the command again."
        )
    say(f"setup: installing {', '.join(packages)} with apt-get ({why}) ...")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(["apt-get", "update", "-q"], check=True, env=env, stdout=subprocess.DEVNULL)
    run(
        ["apt-get", "install", "-y", "-q", *packages],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def ensure_test_tools(faketime=False, which=shutil.which, root=None):
    """Chromium and wkhtmltopdf (and libfaketime for a run with the clock
    moved): installed with apt-get as root, else the command is printed."""
    tools = TEST_TOOLS + ([FAKETIME_TOOL] if faketime else [])
    missing = missing_packages(tools, which)
    if not missing:
        say("setup: test tools found (%s)" % ", ".join(t[0] for t in tools))
        return
    why = ", ".join(why for package, _c, why in tools if package in missing)
    apt_install(missing, why, root=root)
    still = missing_packages(tools, which)
    if still:
        raise SetupError(f"apt-get did not provide {', '.join(still)}.")


def requirement_lines(*files):
    """The requirement specifiers of pip requirements ``files`` (comments,
    blank lines and options left out)."""
    lines = []
    for path in files:
        for line in Path(path).read_text().splitlines():
            line = line.split("#", 1)[0].strip()
            if line and not line.startswith("-"):
                lines.append(line)
    return lines


def installed_version(name):
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def unmet_requirements(lines, version_of=installed_version):
    """The requirement ``lines`` that the installed distributions do not
    satisfy (absent, or a version outside the specifier); every line when
    ``packaging`` is not available to read them."""
    try:
        from packaging.requirements import InvalidRequirement, Requirement
    except ImportError:
        return list(lines)
    unmet = []
    for line in lines:
        try:
            req = Requirement(line)
        except InvalidRequirement:
            unmet.append(line)
            continue
        if req.marker and not req.marker.evaluate():
            continue
        version = version_of(req.name)
        if version is None or (
            req.specifier and not req.specifier.contains(version, prereleases=True)
        ):
            unmet.append(line)
    return unmet


def ensure_requirements(dev=False):
    """pip install the project's requirements (and the development ones for
    the tests) when one of them is not satisfied."""
    if os.environ.get("AMARC_SKIP_PIP") == "1":
        say("setup: Python requirements not checked (AMARC_SKIP_PIP=1)")
        return
    files = [ROOT / "requirements.txt"]
    if dev:
        files.append(ROOT / "requirements-dev.txt")
    unmet = unmet_requirements(requirement_lines(*files))
    names = ", ".join(f.name for f in files)
    if not unmet:
        say(f"setup: Python requirements satisfied ({names})")
        return
    say(f"setup: installing the Python requirements ({', '.join(unmet)}) ...")
    args = []
    for path in files:
        args += ["-r", str(path)]
    pip_install(*args)


def ensure_odoo():
    """Odoo 19.0: the importable one, else installed as ``install-odoo`` does
    (from ODOO_SRC, else a shallow clone of the official repository)."""
    info = odoo_probe()
    if info is None:
        say("setup: Odoo 19.0 is not importable: installing it ...")
        cmd_install_odoo([])
        info = odoo_probe()
    elif info.get("missing") and odoo_source(info):
        say(
            "setup: Odoo's requirements are missing (%s): installing them ..."
            % ", ".join(info["missing"])
        )
        pip_install("-r", str(odoo_source(info) / "requirements.txt"))
    problem = odoo_problem(info)
    if problem:
        raise SetupError(problem)
    say(f"setup: Odoo 19.0 found ({odoo_source(info) or info['odoo'][0]})")
    return info


def pg_clusters(run=subprocess.run):
    """(version, name) of the local clusters pg_lsclusters lists."""
    if not shutil.which("pg_lsclusters"):
        return []
    proc = run(["pg_lsclusters", "-h"], capture_output=True, text=True)
    return [tuple(line.split()[:2]) for line in proc.stdout.splitlines() if line]


def pg_local():
    """True when libpq reaches this machine (no PGHOST, or a socket or
    localhost): the only case where a cluster is started here."""
    host = os.environ.get("PGHOST", "")
    return host in ("", "localhost", "127.0.0.1", "::1") or host.startswith("/")


def createuser_command(user, root):
    if root:
        return ["runuser", "-u", "postgres", "--", "createuser", "--superuser", user]
    return ["sudo", "-u", "postgres", "createuser", "--superuser", user]


def ensure_postgres(error=pg_connect_error, run=subprocess.run, root=None):
    """A local PostgreSQL that answers: the cluster started when it does not
    answer, PostgreSQL installed as root when there is none, and a superuser
    role for the current user created when it has none."""
    reason = error()
    if reason is None:
        say("setup: PostgreSQL answers")
        return
    root = is_root() if root is None else root
    if not pg_local():
        raise SetupError(
            f"PostgreSQL at PGHOST={os.environ['PGHOST']} does not answer ({reason})."
        )
    say(f"setup: PostgreSQL does not answer ({reason}): starting it ...")
    clusters = pg_clusters(run)
    if not clusters:
        apt_install(["postgresql"], "a local PostgreSQL", root=root, run=run)
        clusters = pg_clusters(run)
    if not clusters:
        raise SetupError(
            "No PostgreSQL cluster on this machine. Create one with:\n"
            "    sudo pg_createcluster --start 15 main"
        )
    version, name = clusters[0]
    start = ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "start"]
    # the cluster's owner may start it without root
    started = run(start, check=False, capture_output=True, text=True)
    for _ in range(30 if started.returncode == 0 else 1):
        reason = error()
        if reason is None or "role" in reason or "password" in reason:
            break
        time.sleep(1)
    if reason is None:
        say(f"setup: PostgreSQL {version}/{name} started")
        return
    user = pwd.getpwuid(os.getuid()).pw_name
    if "role" not in reason:
        raise SetupError(
            f"PostgreSQL {version}/{name} does not answer ({reason}). Start it "
            f"with:\n    {'' if root else 'sudo '}{' '.join(start)}\n"
            "then run the command again."
        )
    command = createuser_command(user, root)
    if not root:
        raise SetupError(
            f"PostgreSQL has no role for {user}. Create it with:\n"
            f"    {' '.join(command)}\nthen run the command again."
        )
    say(f"setup: creating the PostgreSQL role {user} (superuser) ...")
    run(command, check=True)
    reason = error()
    if reason is not None:
        raise SetupError(f"PostgreSQL still does not answer ({reason}).")


def setup(tests=False, faketime=False):
    """Everything ``run`` (or ``test`` when ``tests``) needs, each step
    skipped when already done; return Odoo's :func:`odoo_info`."""
    info = ensure_odoo()
    ensure_requirements(dev=tests)
    if tests:
        ensure_test_tools(faketime=faketime)
    ensure_postgres()
    return info


def cmd_setup(argv):
    setup(
        tests="--test" in argv,
        faketime="--faketime" in argv or bool(os.environ.get("AMARC_TEST_FAKETIME")),
    )
    say("setup: done")
    return 0


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


#: the demo speaks the language of AMARC_LANG: the default of new contacts,
#: and the language of the demo users and customers (but those the demo
#: data gives another language on purpose)
DEMO_LANGUAGE_SCRIPT = """
env["ir.default"].set("res.partner", "lang", "%(lang)s")
env["res.partner"].with_context(active_test=False).search(
    ["|", ("lang", "=", False), ("lang", "=", "en_US"),
     ("id", "not in", [env.ref("amarc_survey.demo_partner_satisfied").id])]
).write({"lang": "%(lang)s"})
env.cr.commit()
"""


def addons_fingerprint():
    """A digest of every file of this repository's addons: the database
    served by ``run`` is updated only when it changed since the last update."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(ADDONS_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ADDONS_DIR)).encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def workers_args(port, env=os.environ):
    """The server options of AMARC_WORKERS=N: prefork mode with N HTTP
    workers, AMARC_CRON_WORKERS cron workers (default 2) and the websocket
    (gevent) port AMARC_GEVENT_PORT (default: the HTTP port + 3, 8072 for
    8069), as Odoo's deployment guide describes; none when it is unset or 0."""
    workers = env.get("AMARC_WORKERS", "0")
    if not workers.isdigit():
        raise SetupError(f"AMARC_WORKERS must be a number of workers, not {workers!r}.")
    if int(workers) == 0:
        return []
    crons = env.get("AMARC_CRON_WORKERS", "2")
    gevent = env.get("AMARC_GEVENT_PORT", str(int(port) + 3))
    return [
        "--workers",
        workers,
        "--max-cron-threads",
        crons,
        "--gevent-port",
        gevent,
    ]


def prepare_database(info, db, lang):
    """Create ``db`` in ``lang`` with demo data and the AMARC addons, or
    update its addons when one of their files changed; return Odoo's status."""
    addons = ",".join(project_addons())
    stamp = STATE_DIR / f"{db}.addons"
    fingerprint = addons_fingerprint()
    if db_exists(db):
        if (
            os.environ.get("AMARC_UPDATE") != "1"
            and stamp.is_file()
            and stamp.read_text() == fingerprint
        ):
            say(f"setup: database {db!r} is up to date (no addon file changed)")
            return 0
        say(f"setup: updating the AMARC addons in database {db!r} ...")
        steps = [["-d", db, "-u", addons, "--stop-after-init"]]
    else:
        say(
            f"setup: creating database {db!r} in {lang} with demo data and the "
            "AMARC addons ..."
        )
        steps = [
            # Odoo's own database creation: the language loaded and given to
            # the admin, the company in France
            ["db", "init", db, "--with-demo", "--language", lang, "--country", "FR"],
            ["-d", db, "-i", addons, "--stop-after-init"],
        ]
    for step in steps:
        if step[0] == "db":
            cmd = odoo_cmd(info, *step[1:], command="db")
        else:
            cmd = odoo_cmd(info, *step)
        proc = subprocess.run(cmd, env=python_env())
        if proc.returncode != 0:
            say("Creating or updating the database failed: see the log above.")
            return proc.returncode
    if len(steps) > 1:
        proc = subprocess.run(
            odoo_cmd(info, "-d", db, "--no-http", command="shell"),
            input=DEMO_LANGUAGE_SCRIPT % {"lang": lang},
            text=True,
            env=python_env(),
            stdout=subprocess.DEVNULL,
        )
        if proc.returncode != 0:
            say(f"Setting {lang} as the demo's language failed: see the log above.")
            return proc.returncode
    STATE_DIR.mkdir(exist_ok=True)
    stamp.write_text(fingerprint)
    return 0


def cmd_run(argv):
    info = setup()
    db = os.environ.get("AMARC_DB", "amarc")
    port = os.environ.get("AMARC_PORT", "8069")
    lang = os.environ.get("AMARC_LANG", "fr_FR")
    workers = workers_args(port)
    status = prepare_database(info, db, lang)
    if status:
        return status
    mode = (
        f" ({workers[1]} workers, {workers[3]} cron workers, websocket on port "
        f"{workers[5]})"
        if workers
        else ""
    )
    say(
        f"AMARC is served on http://127.0.0.1:{port}{mode}  "
        "(login: admin / password: admin)"
    )
    cmd = odoo_cmd(
        info,
        "-d",
        db,
        "--db-filter",
        f"^{re.escape(db)}$",
        "--http-port",
        port,
        *workers,
        *argv,
        launcher=server_launcher(info),
    )
    os.execve(cmd[0], cmd, python_env())
    return 0


# checklog-odoo's ignore list: the WARNING and ERROR records that do not fail
# the test command nor the upgrade test.
CHECKLOG_CONFIG = ROOT / ".checklog-odoo.cfg"
BROWSER_SKIP_RE = re.compile(r"chrom|browser|websocket|tour", re.IGNORECASE)
TEST_ID_RE = re.compile(r"^odoo\.addons\.(?P<module>\w+)\.")
RECORDER = ROOT / "tools" / "odoo_test_recorder.py"
# The whole run (install and tests) must end within this many seconds.
DEFAULT_TEST_TIMEOUT = 3600


def require_module(module, package, requirements="requirements-dev.txt"):
    """Raise SetupError unless python3 can import ``module`` (from ``package``)."""
    try:
        __import__(module)
    except ImportError as exc:
        raise SetupError(
            f"{package} is missing: python3 -m pip install -r {requirements}"
        ) from exc


def log_problems(log_path):
    """checklog-odoo's verdict on an Odoo log: every record above INFO
    (WARNING, ERROR, CRITICAL) that .checklog-odoo.cfg does not ignore, one
    line each (the record's first line); an empty log is a problem too."""
    require_module("checklog_odoo", "checklog-odoo")
    from checklog_odoo.checklog import LOG_START_RE

    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "checklog_odoo",
            "--config",
            str(CHECKLOG_CONFIG),
            "--no-echo",
            str(log_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        errors="replace",
    )
    if proc.returncode == 0:
        return []
    # checklog-odoo lists the ignored records first, then the failing ones
    failing = proc.stdout.partition("errors that caused failure")[2]
    problems = [
        f"{log['loglevel']} {log['logger']}: {log['message'][:300]}"
        for log in map(LOG_START_RE.match, failing.splitlines())
        if log
    ]
    return problems or ["checklog-odoo: " + (proc.stderr or proc.stdout).strip()[-300:]]


class TestCounts:
    """Test methods as the test runner saw them (tools/odoo_test_recorder.py):
    a method passed when it started and neither failed, errored nor was
    skipped; its subtests do not count as tests; a class whose setUpClass or
    tearDownClass failed counts as one failure, one whose setUpClass skipped
    as one skip."""

    def __init__(self, record_path):
        self.started, self.failed, self.skipped = {}, {}, {}
        if not record_path.exists():
            return
        for line in record_path.read_text(encoding="utf-8").splitlines():
            event = json.loads(line)
            kind, test = event["event"], event["id"]
            module = self.module(test)
            if kind == "start":
                self.started.setdefault(module, set()).add(test)
            elif kind in ("fail", "error", "unexpected_success"):
                self.failed.setdefault(module, set()).add(test)
            elif kind == "class_error":
                self.failed.setdefault(module, set()).add(f"{test}.{event['phase']}")
            elif kind == "skip":
                self.skipped.setdefault(module, {})[test] = event["reason"]
            elif kind == "class_skip":
                self.skipped.setdefault(module, {})[f"{test}.{event['phase']}"] = (
                    event.get("reason", "")
                )

    @staticmethod
    def module(test):
        match = TEST_ID_RE.match(test)
        return match["module"] if match else test

    def count(self, modules):
        """(passed, failed, skipped) test methods of ``modules``."""
        passed = failed = skipped = 0
        for module in modules:
            failing = self.failed.get(module, set())
            skipping = set(self.skipped.get(module, {}))
            for test in self.started.get(module, set()):
                if test in failing:
                    failed += 1
                elif test in skipping:
                    skipped += 1
                else:
                    passed += 1
            # class-level failures and skips: no method of the class started
            failed += len(failing - self.started.get(module, set()))
            skipped += len(skipping - self.started.get(module, set()) - failing)
        return passed, failed, skipped

    def skips(self, modules):
        return [
            (test, reason)
            for module in modules
            for test, reason in sorted(self.skipped.get(module, {}).items())
        ]


def faketime_library():
    for pattern in (
        "/usr/lib/*/faketime/libfaketimeMT.so.1",
        "/usr/lib/faketime/libfaketimeMT.so.1",
        "/usr/local/lib/faketime/libfaketimeMT.so.1",
    ):
        found = sorted(Path("/").glob(pattern.lstrip("/")))
        if found:
            return str(found[0])
    raise SetupError(
        "AMARC_TEST_FAKETIME needs libfaketime: install it (Debian: "
        "'apt-get install faketime')."
    )


def faketime_env(offset):
    """The environment that moves the clock of a process by ``offset``
    (libfaketime syntax: "+400d", "+13M" is not supported, use days)."""
    return {
        "LD_PRELOAD": faketime_library(),
        "FAKETIME": offset,
        # Moving the monotonic clock too breaks timed waits (threading.Event,
        # lock timeouts) in Python; the recorder replaces time.sleep, which
        # fails under libfaketime 0.9.10 when the monotonic clock is real.
        "DONT_FAKE_MONOTONIC": "1",
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
    }


@contextlib.contextmanager
def private_postgres(extra_env):
    """A throwaway PostgreSQL cluster for one run, started with ``extra_env``
    (the faked clock), reachable on a Unix socket in a temporary folder; yields
    the libpq variables to reach it. Run as the 'postgres' system user when the
    current user is root (PostgreSQL refuses to run as root)."""
    bindirs = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    pg_bin = os.environ.get("AMARC_PG_BIN") or (str(bindirs[0]) if bindirs else "")
    if not pg_bin or not Path(pg_bin, "initdb").exists():
        raise SetupError(
            "A private PostgreSQL cluster needs initdb and pg_ctl: install the "
            "PostgreSQL server (Debian: 'apt-get install postgresql') or set "
            "AMARC_PG_BIN to its bin folder."
        )
    tmp = Path(tempfile.mkdtemp(prefix="amarc-pg-"))
    user = pwd.getpwuid(os.getuid()).pw_name
    as_postgres = []
    if os.getuid() == 0:
        shutil.chown(tmp, "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    data, log = tmp / "data", tmp / "postgres.log"
    env_args = [f"{k}={v}" for k, v in extra_env.items()]
    port = str(55000 + os.getpid() % 1000)

    def pg(*args, **kwargs):
        cmd = [*as_postgres, "env", *env_args, str(Path(pg_bin, args[0])), *args[1:]]
        return subprocess.run(cmd, check=True, **kwargs)

    say(f"Starting a private PostgreSQL in {tmp} with {' '.join(env_args)}")
    pg("initdb", "-D", str(data), "-U", user, "--auth=trust", stdout=subprocess.DEVNULL)
    options = f"-k {tmp} -p {port} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
    pg("pg_ctl", "-D", str(data), "-o", options, "-l", str(log), "-w", "start")
    try:
        yield {"PGHOST": str(tmp), "PGPORT": port, "PGUSER": user}
    finally:
        pg(
            "pg_ctl",
            "-D",
            str(data),
            "-m",
            "immediate",
            "stop",
            stdout=subprocess.DEVNULL,
        )
        shutil.rmtree(tmp, ignore_errors=True)


def cmd_test(argv):
    try:
        offset = os.environ.get("AMARC_TEST_FAKETIME")
        info = setup(tests=True, faketime=bool(offset))
        if offset:
            clock_env = faketime_env(offset)
            with private_postgres(clock_env) as pg_env:
                saved = {k: os.environ.get(k) for k in pg_env}
                os.environ.update(pg_env)
                try:
                    return run_tests(info, argv, clock_env)
                finally:
                    for key, value in saved.items():
                        if value is None:
                            os.environ.pop(key, None)
                        else:
                            os.environ[key] = value
        pg_check()
        return run_tests(info, argv, {})
    except SetupError as exc:
        say(str(exc))
        say("tests: 0 passed, 1 failed")
        return 2


def run_tests(info, argv, clock_env):
    pg_check()
    require_module("checklog_odoo", "checklog-odoo")  # checks the log at the end
    selected = [a for a in argv if not a.startswith("-")]
    ours = project_addons()
    unknown = [a for a in selected if a not in ours + test_addons()]
    if unknown:
        say(
            "Unknown addon(s): %s. Known: %s"
            % (", ".join(unknown), ", ".join(ours + test_addons()))
        )
        say("tests: 0 passed, 1 failed")
        return 2
    upstream = []
    if selected:
        install = selected
    else:
        install = ours + test_addons()
        if os.environ.get("AMARC_TEST_UPSTREAM", "1") != "0":
            upstream = list(UPSTREAM_TEST_MODULES)
    tested = install + upstream
    install = install + [m for m in upstream if m not in install]
    db = os.environ.get("AMARC_TEST_DB", f"amarc_test_{os.getpid()}")
    log_path = ROOT / ".test-logs" / f"{db}.log"
    record_path = ROOT / ".test-logs" / f"{db}.tests.jsonl"
    log_path.parent.mkdir(exist_ok=True)
    record_path.unlink(missing_ok=True)
    timeout = int(os.environ.get("AMARC_TEST_TIMEOUT", DEFAULT_TEST_TIMEOUT))
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
        ",".join("/" + t for t in tested),
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
    cmd[1:3] = [str(RECORDER)]  # python3 tools/odoo_test_recorder.py <odoo args>
    env = dict(python_env(), **clock_env, AMARC_TEST_RECORD=str(record_path))
    say("Running: " + " ".join(cmd))
    if clock_env:
        say(f"Clock moved for Odoo and PostgreSQL: FAKETIME={clock_env['FAKETIME']}")
    started = time.time()
    timed_out = []
    try:
        with open(log_path, "w", encoding="utf-8") as log_file:
            proc = subprocess.Popen(
                cmd,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                errors="replace",
                start_new_session=True,
            )

            def kill():
                timed_out.append(True)
                os.killpg(proc.pid, signal.SIGKILL)

            timer = threading.Timer(timeout, kill)
            timer.start()

            def stop(signum, frame):
                # the server runs in its own session: take it down with us
                os.killpg(proc.pid, signal.SIGKILL)
                raise SystemExit(128 + signum)

            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
            try:
                for line in proc.stdout:
                    sys.stdout.write(line)
                    log_file.write(line)
                rc = proc.wait()
            finally:
                timer.cancel()
    finally:
        if os.environ.get("AMARC_KEEP_DB") != "1":
            drop_db(db)
    return report(
        TestCounts(record_path),
        [m for m in tested if m not in upstream],
        upstream,
        rc,
        timed_out and timeout,
        log_path,
        time.time() - started,
    )


def report(counts, ours, upstream, rc, timed_out, log_path, elapsed):
    """Print the problems, the upstream line, then the closing line; return
    the exit status (non-zero on any failure, skip of ours, warning, empty
    addon, time-out or non-zero Odoo status)."""
    problems = log_problems(log_path)
    if timed_out:
        problems.append(
            f"The run exceeded AMARC_TEST_TIMEOUT={timed_out} s and was stopped."
        )
    if rc != 0:
        problems.append(f"Odoo exited with status {rc}.")
    for module in ours + upstream:
        if sum(counts.count([module])) == 0:
            problems.append(f"Addon {module} was selected for testing but ran no test.")
    for test, reason in counts.skips(ours):
        problems.append(f"skipped test of ours: {test}: {reason}")
    for test, reason in counts.skips(upstream):
        if BROWSER_SKIP_RE.search(reason):
            problems.append(f"skipped browser test: {test}: {reason}")
    up_passed, up_failed, up_skipped = counts.count(upstream)
    if up_failed:
        problems.append(
            f"{up_failed} upstream test(s) failed with our addons installed."
        )
    passed, failed, skipped = counts.count(ours)
    say("")
    say(f"Log: {log_path} ({elapsed:.0f}s)")
    for module in ours + upstream:
        p, f, s = counts.count([module])
        say(f"  {module}: {p} passed, {f} failed" + (f", {s} skipped" if s else ""))
    if problems:
        say("Problems:")
        for problem in problems[:50]:
            say("  - " + problem)
        if len(problems) > 50:
            say(f"  ... and {len(problems) - 50} more")
    if upstream:
        say(
            f"upstream suites ({', '.join(upstream)}) with our addons installed: "
            f"{up_passed} passed, {up_failed} failed, {up_skipped} skipped"
        )
    bad = failed + skipped
    if problems and not bad:
        bad = 1  # a warning, an error, a time-out or an empty addon fails the run
    say(f"tests: {passed} passed, {bad} failed")
    return 1 if problems or failed or skipped else 0


def cmd_export_pot(argv):
    """Export each addon's i18n/<addon>.pot from a scratch database with
    click-odoo-contrib's click-odoo-makepot, which merges the new terms into
    the addon's .po files with GNU gettext's msgmerge (translations are kept,
    no fuzzy guesses: Odoo ignores fuzzy entries)."""
    require_module("click_odoo_contrib", "click-odoo-contrib")
    if not shutil.which("msgmerge") or not shutil.which("msgfmt"):
        raise SetupError(
            "export-pot needs GNU gettext (msgmerge, msgfmt): apt-get install gettext"
        )
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
        # click-odoo reads the addons path from the configuration file only
        conf = ROOT / ".test-logs" / "i18n.conf"
        conf.parent.mkdir(exist_ok=True)
        conf.write_text(CONFIG.read_text() + f"addons_path = {addons_path(info)}\n")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "click_odoo_contrib.makepot",
                "--config",
                str(conf),
                "--database",
                db,
                "--addons-dir",
                str(ADDONS_DIR),
                "--modules",
                ",".join(addons),
                "--msgmerge",
                "--no-fuzzy-matching",
            ],
            check=True,
            env=dict(python_env(), VERSION_CONTROL="off"),  # no fr.po~ backups
        )
    finally:
        drop_db(db)
    for addon in addons:
        for po_path in sorted((ADDONS_DIR / addon / "i18n").glob("*.po")):
            stats = subprocess.run(
                ["msgfmt", "--statistics", "--output-file=/dev/null", str(po_path)],
                check=True,
                capture_output=True,
                text=True,
            )
            say(f"{po_path.relative_to(ROOT)}: {stats.stderr.strip()}")
    return 0


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        say(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    commands = {
        "run": cmd_run,
        "test": cmd_test,
        "setup": cmd_setup,
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
