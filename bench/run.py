#!/usr/bin/env python3
"""AMARC benchmarks: one command, one line per measure (bench/README.md).

    python3 bench/run.py [--only NAME,..] [--skip NAME,..] [--tickets N] ...

Every measure is a ratio measured side by side in the same run, the two sides
alternated, their outputs compared equal before any time is printed:

    bench: NAME RATIO x (ours S s, baseline S s[; ...])

The data lives in template databases built once (and rebuilt when the
generator or the addons change), copied with ``CREATE DATABASE .. TEMPLATE``
for each measure. Never part of the test suite."""

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path.insert(0, str(ROOT / "tools"))

import amarc

#: bump when the way the templates are built changes
TEMPLATE_FORMAT = 2
MEASURES = [
    "indicators_vs_sql",
    "overview_1m",
    "ack_deadline_speedup",
    "survey_dispatch_speedup",
    "xlsx_memory",
    "install_on_existing",
]
SHELL_SCRIPTS = {
    "indicators_vs_sql": "bench_indicators.py",
    "overview_1m": "bench_overview.py",
    "ack_deadline_speedup": "bench_ack.py",
    "survey_dispatch_speedup": "bench_survey.py",
}
#: what a company that runs Odoo's helpdesk has before installing AMARC
PLAIN_MODULES = ["helpdesk_mgmt", "resource"]
#: what install_on_existing installs
INSTALLED = ["amarc_helpdesk", "amarc_survey"]
#: the AMARC database of the other measures (the overview's every tile)
AMARC_MODULES = ["amarc_helpdesk", "amarc_survey", "amarc_internal_audit"]
#: the columns the installation fills on the existing tickets
FILLED = [
    "amarc_received_date",
    "amarc_severity",
    "amarc_ack_deadline",
    "amarc_ack_late",
    "amarc_response_deadline",
    "amarc_response_date",
    "amarc_response_working_days",
    "amarc_response_late",
    "amarc_response_warning_date",
]
LOG_DIR = Path(tempfile.gettempdir()) / "amarc_bench_logs"
MIB = 1024 * 1024


class BenchError(Exception):
    pass


def say(line=""):
    print(line, flush=True)


# ----------------------------------------------------------------------
# PostgreSQL
# ----------------------------------------------------------------------
def pg(dbname="postgres", autocommit=True):
    import psycopg2

    conn = psycopg2.connect(dbname=dbname)
    conn.autocommit = autocommit
    return conn


def pg_query(sql, params=None, dbname="postgres"):
    conn = pg(dbname)
    try:
        with conn.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall() if cr.description else None
    finally:
        conn.close()


def db_comment(name):
    rows = pg_query(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
        "WHERE datname = %s",
        [name],
    )
    return rows[0][0] if rows else None


def set_db_comment(name, comment):
    pg_query(f'COMMENT ON DATABASE "{name}" IS %s', [comment])


def filestore(name):
    return Path.home() / ".local/share/Odoo/filestore" / name


def drop_db(name):
    amarc.drop_db(name)


def copy_db(template, name):
    """``name`` as a copy of ``template`` (database and filestore)."""
    # not `odoo db duplicate`: it loads the copy's registry and gives it a new uuid
    drop_db(name)
    pg_query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
        [template],
    )
    pg_query(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    if filestore(template).is_dir():
        shutil.copytree(filestore(template), filestore(name))


# ----------------------------------------------------------------------
# Odoo
# ----------------------------------------------------------------------
class Odoo:
    def __init__(self, args):
        self.info = amarc.odoo_info()
        self.args = args
        LOG_DIR.mkdir(exist_ok=True)

    def env(self, **extra):
        env = dict(amarc.python_env(), AMARC_BENCH_DIR=str(BENCH_DIR))
        env.update({key: str(value) for key, value in extra.items()})
        return env

    def server(self, db, *args):
        return amarc.odoo_cmd(
            self.info,
            "-d",
            db,
            "--no-http",
            "--max-cron-threads",
            "0",
            "--log-level",
            "warn",
            *args,
        )

    def install(self, db, modules, log_name, measure=False):
        """Install ``modules`` on ``db``; return (seconds, peak RSS bytes)."""
        cmd = self.server(db, "-i", ",".join(modules), "--stop-after-init")
        log = LOG_DIR / f"{log_name}.log"
        return run_measured(cmd, self.env(), log, measure)

    def shell(self, db, script, log_name, echo=True, **extra):
        """Run ``script`` (a file of bench/ or code) in ``odoo shell``; echo its
        ``bench:``/``data:``/``check:`` lines; return its output lines."""
        server = self.server(db)
        cmd = [*server[:3], "shell", *server[3:]]
        code = (BENCH_DIR / script).read_text() if script.endswith(".py") else script
        log = LOG_DIR / f"{log_name}.log"
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=self.env(**extra),
        )
        proc.stdin.write(code)
        proc.stdin.close()
        lines = []
        with open(log, "w") as out:
            for output in proc.stdout:
                out.write(output)
                lines.append(output.rstrip("\n"))
                if echo and output.startswith(("bench:", "data:", "check:")):
                    say(output.rstrip("\n"))
        if proc.wait() != 0:
            tail = "\n".join(lines[-25:])
            raise BenchError(f"{script} failed (log: {log}):\n{tail}")
        return lines


def run_measured(cmd, env, log, measure=True):
    """Run ``cmd``; return (wall seconds, peak RSS in bytes of the process and
    its children, polled every 50 ms with psutil)."""
    import psutil

    started = time.perf_counter()
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        peak = 0
        if measure:
            process = psutil.Process(proc.pid)
            while proc.poll() is None:
                try:
                    rss = process.memory_info().rss + sum(
                        child.memory_info().rss
                        for child in process.children(recursive=True)
                    )
                except psutil.Error:
                    rss = 0
                peak = max(peak, rss)
                time.sleep(0.05)
        returncode = proc.wait()
    elapsed = time.perf_counter() - started
    if returncode != 0:
        raise BenchError(f"{' '.join(cmd[:6])}... failed, see {log}")
    return elapsed, peak


# ----------------------------------------------------------------------
# Templates
# ----------------------------------------------------------------------
def files_digest(paths):
    digest = hashlib.sha1()
    for path in map(Path, paths):
        files = [path] if path.is_file() else path.rglob("*")
        for file in sorted(p for p in files if p.is_file()):
            if "/tests/" in str(file) or file.suffix == ".pyc":
                continue
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


class Templates:
    def __init__(self, odoo, args):
        self.odoo = odoo
        self.args = args
        n = args.tickets
        self.base = "amarc_bench_tpl_base"
        self.plain = f"amarc_bench_tpl_plain_{n}"
        self.amarc = f"amarc_bench_tpl_amarc_{n}"
        base_key = f"{TEMPLATE_FORMAT}:{files_digest([BENCH_DIR / 'generate.py'])}"
        addons = [
            amarc.ADDONS_DIR / name
            for name in (
                "amarc_referential",
                "amarc_action_plan",
                "amarc_internal_audit",
                "amarc_helpdesk",
                "amarc_survey",
            )
        ]
        self.keys = {
            self.base: base_key,
            self.plain: f"{base_key}:{n}",
            self.amarc: f"{base_key}:{n}:{files_digest(addons)}",
        }

    def ready(self, name):
        if self.args.reuse_templates and db_comment(name) is not None:
            return True
        return not self.args.rebuild_templates and db_comment(name) == self.keys[name]

    def ensure(self, name):
        if self.ready(name):
            return name
        say(f"data: building the template {name} (once) ...")
        started = time.perf_counter()
        {self.base: self._base, self.plain: self._plain, self.amarc: self._amarc}[
            name
        ]()
        set_db_comment(name, self.keys[name])
        say(f"data: {name} built in {time.perf_counter() - started:.0f} s")
        return name

    def _script(self, call, message):
        """Code for ``odoo shell``: ``call`` (of generate.py), committed."""
        return (
            f"import sys\nsys.path.insert(0, {str(BENCH_DIR)!r})\n"
            f"import generate\nseconds = generate.{call}\nenv.cr.commit()\n"
            f"print(f'data: {message} in {{seconds:.0f}} s')\n"
        )

    def _base(self):
        drop_db(self.base)
        self.odoo.install(self.base, PLAIN_MODULES, "tpl_base")
        self.odoo.shell(
            self.base,
            self._script("setup(env)", "companies, calendars and teams set up"),
            "tpl_base_setup",
        )

    def _plain(self):
        copy_db(self.ensure(self.base), self.plain)
        n = self.args.tickets
        self.odoo.shell(
            self.plain,
            self._script(
                f"generate_plain(env, {n})",
                f"{n} plain helpdesk_mgmt tickets inserted",
            ),
            "tpl_plain_generate",
        )
        pg_query("VACUUM ANALYZE helpdesk_ticket", dbname=self.plain)

    def _amarc(self):
        copy_db(self.ensure(self.base), self.amarc)
        self.odoo.install(self.amarc, AMARC_MODULES, "tpl_amarc")
        n = self.args.tickets
        self.odoo.shell(
            self.amarc,
            self._script(
                f"generate(env, {n})",
                f"{n} AMARC tickets in company A and {n // 10} in B inserted",
            ),
            "tpl_amarc_generate",
        )
        pg_query("VACUUM ANALYZE helpdesk_ticket", dbname=self.amarc)


# ----------------------------------------------------------------------
# install_on_existing
# ----------------------------------------------------------------------
def table_schema(db):
    """({column: type}, {index name: definition}) of helpdesk_ticket."""
    columns = dict(
        pg_query(
            """
            SELECT attname, format_type(atttypid, atttypmod)
              FROM pg_attribute
             WHERE attrelid = 'helpdesk_ticket'::regclass AND attnum > 0
               AND NOT attisdropped
            """,
            dbname=db,
        )
    )
    indexes = dict(
        pg_query(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename = 'helpdesk_ticket'",
            dbname=db,
        )
    )
    return columns, indexes


CHECKSUM = f"""
    SELECT count(*), sum(hashtextextended(row(id, {", ".join(FILLED)})::text, 0))
      FROM helpdesk_ticket
"""


def bench_install(odoo, templates, args):
    name = "install_on_existing"
    plain, base = templates.ensure(templates.plain), templates.ensure(templates.base)
    pid = os.getpid()
    dump = LOG_DIR / f"install_expected_{pid}.csv"
    plain_schema = table_schema(plain)
    added = None  # the columns and indexes the installation adds
    reference = None  # checksum of the filled columns, ours
    times = {"ours": [], "baseline": []}
    peaks = {"ours": [], "baseline": []}

    def ours(round_):
        nonlocal added, reference
        db = f"amarc_bench_install_{pid}"
        copy_db(plain, db)
        try:
            started = pg_query("SELECT now() AT TIME ZONE 'UTC'")[0][0]
            seconds, peak = odoo.install(
                db, INSTALLED, f"install_ours_{round_}", measure=True
            )
            checksum = pg_query(CHECKSUM, dbname=db)[0]
            if reference is None:
                schema = table_schema(db)
                added = (
                    {k: v for k, v in schema[0].items() if k not in plain_schema[0]},
                    {k: v for k, v in schema[1].items() if k not in plain_schema[1]},
                )
                odoo.shell(
                    db,
                    "bench_install_check.py",
                    "install_check",
                    AMARC_BENCH_DUMP=dump,
                    AMARC_BENCH_SINCE=started.isoformat(),
                    AMARC_BENCH_COLUMNS=",".join(FILLED),
                )
                reference = checksum
            elif checksum[0] != reference[0]:
                raise BenchError(f"{name}: {checksum[0]} tickets, not {reference[0]}")
        finally:
            drop_db(db)
        return seconds, peak

    def baseline(round_):
        db_install = f"amarc_bench_install_base_{pid}"
        db_fill = f"amarc_bench_install_fill_{pid}"
        copy_db(base, db_install)
        copy_db(plain, db_fill)
        try:
            # the values the UPDATE writes, loaded before the clock starts
            conn = pg(db_fill, autocommit=False)
            with conn.cursor() as cr:
                columns = added[0]
                definitions = ", ".join(f"{c} {columns[c]}" for c in FILLED)
                cr.execute(
                    "CREATE TABLE bench_expected "
                    f"(id integer PRIMARY KEY, {definitions})"
                )
                with open(dump) as data:
                    cr.copy_expert("COPY bench_expected FROM STDIN WITH CSV", data)
                cr.execute("ANALYZE bench_expected")
            conn.commit()
            seconds_install, peak = odoo.install(
                db_install, INSTALLED, f"install_base_{round_}", measure=True
            )
            started = time.perf_counter()
            with conn.cursor() as cr:
                for column, column_type in added[0].items():
                    cr.execute(
                        f"ALTER TABLE helpdesk_ticket ADD COLUMN {column} {column_type}"
                    )
                for definition in added[1].values():
                    cr.execute(definition)
                assignments = ", ".join(f"{c} = e.{c}" for c in FILLED)
                cr.execute(
                    f"UPDATE helpdesk_ticket t SET {assignments} "
                    "FROM bench_expected e WHERE e.id = t.id"
                )
            conn.commit()
            seconds_fill = time.perf_counter() - started
            conn.close()
            checksum = pg_query(CHECKSUM, dbname=db_fill)[0]
            if checksum != reference:
                raise BenchError(
                    f"{name}: the columns filled by SQL differ from the "
                    f"installation's ({checksum} != {reference})"
                )
        finally:
            drop_db(db_install)
            drop_db(db_fill)
        say(
            f"data: {name} round {round_ + 1} baseline: installation without "
            f"tickets {seconds_install:.1f} s + columns, indexes and UPDATE of the "
            f"{checksum[0]} tickets {seconds_fill:.1f} s"
        )
        return seconds_install + seconds_fill, peak

    sides = {"ours": ours, "baseline": baseline}
    try:
        for round_ in range(args.install_repeat):
            order = ("ours", "baseline") if round_ % 2 == 0 else ("baseline", "ours")
            for side in order:
                seconds, peak = sides[side](round_)
                times[side].append(seconds)
                peaks[side].append(peak)
                say(
                    f"data: {name} round {round_ + 1} {side}: {seconds:.1f} s, "
                    f"peak {peak / MIB:.0f} MiB"
                )
    finally:
        dump.unlink(missing_ok=True)
    ours_s, base_s = (
        statistics.median(times["ours"]),
        statistics.median(times["baseline"]),
    )
    peak_ours, peak_base = max(peaks["ours"]), max(peaks["baseline"])
    say(
        f"bench: {name} {ours_s / base_s:.2f} x (ours {ours_s:.1f} s, baseline "
        f"{base_s:.1f} s; peak memory ours {peak_ours / MIB:.0f} MiB, baseline "
        f"{peak_base / MIB:.0f} MiB)"
    )


# ----------------------------------------------------------------------
# xlsx_memory
# ----------------------------------------------------------------------
def bench_xlsx(odoo, db, args):
    name = "xlsx_memory"
    sizes = {"baseline": args.xlsx_small, "ours": args.tickets}
    peaks = {"ours": [], "baseline": []}
    times = {"ours": [], "baseline": []}
    counts = {}
    for round_ in range(args.xlsx_repeat):
        order = ("baseline", "ours") if round_ % 2 == 0 else ("ours", "baseline")
        for side in order:
            lines = odoo.shell(
                db,
                "bench_xlsx.py",
                f"xlsx_{side}_{round_}",
                echo=False,
                AMARC_BENCH_XLSX_TICKETS=sizes[side],
            )
            result = next(line for line in lines if line.startswith("xlsx:"))
            values = dict(item.split("=") for item in result.split()[1:])
            counts[side] = int(values["tickets"])
            peaks[side].append(int(values["peak_kib"]) * 1024)
            times[side].append(float(values["seconds"]))
            say(
                f"data: {name} round {round_ + 1}: {values['tickets']} tickets "
                f"exported in {float(values['seconds']):.1f} s, "
                f"{int(values['rows'])} ticket rows checked, process peak "
                f"{int(values['peak_kib']) / 1024:.0f} MiB (before the export "
                f"{int(values['before_kib']) / 1024:.0f} MiB)"
            )
    peak = {side: statistics.median(peaks[side]) for side in peaks}
    seconds = {side: statistics.median(times[side]) for side in times}
    say(
        f"bench: {name} {peak['ours'] / peak['baseline']:.2f} x (ours "
        f"{counts['ours']} tickets {peak['ours'] / MIB:.0f} MiB in "
        f"{seconds['ours']:.1f} s, baseline {counts['baseline']} tickets "
        f"{peak['baseline'] / MIB:.0f} MiB in {seconds['baseline']:.1f} s)"
    )


# ----------------------------------------------------------------------
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated measures to run")
    parser.add_argument("--skip", help="comma-separated measures not to run")
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--ack-tickets", type=int, default=20_000)
    parser.add_argument("--surveys", type=int, default=2_000)
    parser.add_argument("--xlsx-small", type=int, default=100_000)
    parser.add_argument("--xlsx-repeat", type=int, default=3)
    parser.add_argument("--install-repeat", type=int, default=3)
    parser.add_argument(
        "--rebuild-templates", action="store_true", help="build the templates again"
    )
    parser.add_argument(
        "--reuse-templates",
        action="store_true",
        help="use the existing templates even if the addons changed since",
    )
    parser.add_argument("--keep", action="store_true", help="keep the run database")
    args = parser.parse_args(argv)
    selected = [m for m in MEASURES if not args.only or m in args.only.split(",")]
    selected = [m for m in selected if not args.skip or m not in args.skip.split(",")]
    unknown = {*(args.only or "").split(","), *(args.skip or "").split(",")} - {
        "",
        *MEASURES,
    }
    if unknown:
        parser.error(f"unknown measures: {', '.join(sorted(unknown))}")
    try:
        odoo = Odoo(args)
        amarc.pg_check()
    except amarc.SetupError as exc:
        say(str(exc))
        return 2
    templates = Templates(odoo, args)
    run_db = f"amarc_bench_run_{os.getpid()}"
    try:
        in_run_db = [m for m in selected if m != "install_on_existing"]
        if in_run_db:
            copy_db(templates.ensure(templates.amarc), run_db)
        for measure in selected:
            say(f"--- {measure}")
            if measure in SHELL_SCRIPTS:
                odoo.shell(
                    run_db,
                    SHELL_SCRIPTS[measure],
                    measure,
                    AMARC_BENCH_REPEAT=args.repeat,
                    AMARC_BENCH_ACK_TICKETS=args.ack_tickets,
                    AMARC_BENCH_SURVEYS=args.surveys,
                )
            elif measure == "xlsx_memory":
                bench_xlsx(odoo, run_db, args)
            elif measure == "install_on_existing":
                bench_install(odoo, templates, args)
    except BenchError as exc:
        say(f"bench: FAILED: {exc}")
        return 1
    finally:
        if not args.keep:
            drop_db(run_db)
    return 0


if __name__ == "__main__":
    sys.exit(main())
