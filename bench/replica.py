#!/usr/bin/env python3
"""Reports on a read replica: proof on this machine (never part of the tests).

    python3 bench/replica.py [--from-db NAME] [--http-port 8207] [--keep]

1. builds a PostgreSQL primary (port 5440) and a streaming replica of it
   (pg_basebackup, port 5441) in a temporary folder, both on a Unix socket
   there, as the ``postgres`` system user when run as root; the primary
   commits only once the replica applied the commit (synchronous_commit =
   remote_apply), the replica logs every statement (log_statement = all) and
   both load pg_stat_statements;
2. creates the AMARC database on the primary (the AMARC addons with demo
   data; ``--from-db`` copies an existing database of the default cluster
   instead, faster);
3. starts Odoo against both (``--db_replica_host``/``--db_replica_port``)
   and, as the admin, over JSON-RPC as the web client does, opens the
   overview (its figures and its tiles' buttons), the indicator pivot, the
   satisfaction pivot and the yearly coverage;
4. counts in pg_stat_statements, on each server, the statements that read
   the tables and SQL views of those reports: they must all be on the
   replica, none on the primary; prints one line per report and
   ``replica: N passed, N failed``.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import rpc
from rpc import amarc

MODULES = ["amarc_survey", "amarc_internal_audit"]
PRIMARY_PORT, REPLICA_PORT = 5440, 5441
#: report -> the table or SQL view its statements read
REPORTS = {
    "overview": "amarc_obligation",
    "indicator pivot": "amarc_helpdesk_indicator",
    "satisfaction pivot": "amarc_satisfaction_report",
    "yearly coverage": "amarc_audit_coverage",
}


def say(line=""):
    print(line, flush=True)


class Cluster:
    """The primary and its replica, in ``tmp``."""

    def __init__(self, tmp):
        self.tmp = tmp
        bindirs = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
        self.bin = Path(os.environ.get("AMARC_PG_BIN") or bindirs[0])
        self.user = amarc.pwd.getpwuid(os.getuid()).pw_name
        self.as_postgres = []
        if os.getuid() == 0:
            shutil.chown(tmp, "postgres")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self.primary, self.replica = tmp / "primary", tmp / "replica"

    def pg(self, tool, *args):
        subprocess.run(
            [*self.as_postgres, str(self.bin / tool), *args],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def options(self, port, *settings):
        common = [
            f"-k {self.tmp}",
            f"-p {port}",
            "-c listen_addresses=''",
            "-c shared_preload_libraries=pg_stat_statements",
            "-c pg_stat_statements.track=all",
            "-c fsync=off",
        ]
        return " ".join(common + [f"-c {s}" for s in settings])

    def start(self):
        say(f"replica: primary on port {PRIMARY_PORT} in {self.primary}")
        self.pg("initdb", "-D", str(self.primary), "-U", self.user, "--auth=trust")
        primary_options = self.options(
            PRIMARY_PORT,
            "wal_level=replica",
            "max_wal_senders=4",
            "synchronous_standby_names='*'",
            "synchronous_commit=remote_apply",
        )
        self.pg(
            "pg_ctl",
            "-D",
            str(self.primary),
            "-o",
            primary_options,
            "-l",
            str(self.tmp / "primary.log"),
            "-w",
            "start",
        )
        say(f"replica: pg_basebackup to {self.replica}, streaming on {REPLICA_PORT}")
        self.pg(
            "pg_basebackup",
            "-h",
            str(self.tmp),
            "-p",
            str(PRIMARY_PORT),
            "-U",
            self.user,
            "-D",
            str(self.replica),
            "-R",
            "-X",
            "stream",
        )
        replica_options = self.options(
            REPLICA_PORT, "hot_standby=on", "log_statement=all"
        )
        self.pg(
            "pg_ctl",
            "-D",
            str(self.replica),
            "-o",
            replica_options,
            "-l",
            str(self.tmp / "replica.log"),
            "-w",
            "start",
        )

    def stop(self):
        for data in (self.replica, self.primary):
            if (data / "postmaster.pid").exists():
                self.pg("pg_ctl", "-D", str(data), "-m", "fast", "stop")

    def psql(self, port, db, sql):
        proc = subprocess.run(
            ["psql", "-h", str(self.tmp), "-p", str(port), "-d", db, "-Atc", sql],
            check=True,
            capture_output=True,
            text=True,
        )
        return proc.stdout.strip()


def open_reports(session):
    """What the web client asks when the admin opens each report."""
    overview = session.call("amarc.overview", "action_open_overview", button=True)
    ids = [overview["res_id"]]
    Overview = "amarc.overview"
    fields = session.call(Overview, "fields_get", [], ["type", "store"])
    spec = {
        name: {}
        for name, field in fields.items()
        if not field["store"] and field["type"] in ("integer", "float", "html")
    }
    session.call(Overview, "web_read", ids, spec)
    for button in ("action_open_obligations_due", "action_open_alerts"):
        session.call(Overview, button, ids, button=True)
    session.call(
        "amarc.helpdesk.indicator",
        "formatted_read_group",
        [],
        ["date:month", "team_id"],
        ["ticket_count:sum", "answered_count:sum", "ack_on_time_rate:avg"],
    )
    session.call(
        "amarc.satisfaction.report",
        "formatted_read_group",
        [],
        ["team_id", "date:month"],
        ["sent_count:sum", "answered_count:sum", "satisfaction_rate:avg"],
    )
    session.call(
        "amarc.audit.coverage",
        "web_search_read",
        [],
        {"criterion_id": {"fields": {"display_name": {}}}, "year": {}},
    )


def statements(cluster, port, db, table):
    """The statements of Odoo's database that read ``table`` (calls)."""
    return int(
        cluster.psql(
            port,
            db,
            "SELECT coalesce(sum(s.calls), 0) FROM pg_stat_statements s"
            " JOIN pg_database d ON d.oid = s.dbid"
            f" WHERE d.datname = current_database() AND s.query ILIKE '%{table}%'"
            " AND s.query NOT ILIKE '%pg_stat_statements%'",
        )
    )


def copy_database(cluster, source, db):
    say(f"replica: copying database {source} of the default cluster")
    cluster.psql(PRIMARY_PORT, "postgres", f'CREATE DATABASE "{db}"')
    dump = subprocess.Popen(["pg_dump", "--no-owner", source], stdout=subprocess.PIPE)
    subprocess.run(
        ["psql", "-q", "-h", str(cluster.tmp), "-p", str(PRIMARY_PORT), "-d", db],
        stdin=dump.stdout,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    if dump.wait():
        raise rpc.RpcError(f"pg_dump {source} failed")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from-db", help="copy this database instead of installing")
    parser.add_argument("--http-port", type=int, default=8207)
    parser.add_argument("--keep", action="store_true", help="keep the clusters")
    options = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="amarc-replica-"))
    cluster = Cluster(tmp)
    db = "amarc_replica"
    pg_args = ["--db_host", str(tmp), "--db_port", str(PRIMARY_PORT)]
    server = None
    failed = passed = 0
    try:
        cluster.start()
        if options.from_db:
            copy_database(cluster, options.from_db, db)
        else:
            say(f"replica: installing {', '.join(MODULES)} with demo data on {db}")
            rpc.install(db, MODULES, tmp / "install.log", *pg_args)
        cluster.psql(
            PRIMARY_PORT, db, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
        )
        server = rpc.odoo_server(
            db,
            options.http_port,
            tmp / "odoo.log",
            "--max-cron-threads",
            "0",
            *pg_args,
            "--db_replica_host",
            str(tmp),
            "--db_replica_port",
            str(REPLICA_PORT),
        )
        url = f"http://127.0.0.1:{options.http_port}"
        rpc.wait_http(url, server)
        session = rpc.Session(url, db, "admin", "admin")
        time.sleep(1)
        for port in (PRIMARY_PORT, REPLICA_PORT):
            cluster.psql(port, db, "SELECT pg_stat_statements_reset()")
        say("replica: opening the overview, the pivots and the coverage as admin")
        open_reports(session)
        for report, table in REPORTS.items():
            on_replica = statements(cluster, REPLICA_PORT, db, table)
            on_primary = statements(cluster, PRIMARY_PORT, db, table)
            ok = on_replica > 0 and on_primary == 0
            failed += not ok
            passed += ok
            say(
                f"{'PASS' if ok else 'FAIL'} {report}: {on_replica} statements on "
                f"{table} ran on the replica, {on_primary} on the primary"
            )
        log = (tmp / "replica.log").read_text(errors="replace")
        sample = [
            line.split("statement: ", 1)[1][:150]
            for line in log.splitlines()
            if "statement: " in line
            and "amarc_helpdesk_indicator" in line
            and "pg_stat_statements" not in line
        ]
        say("replica's log (log_statement=all), the indicator pivot's statement:")
        say("    " + (sample[-1] if sample else "(none)"))
        failed += not sample
        passed += bool(sample)
    except (rpc.RpcError, subprocess.CalledProcessError) as exc:
        say(f"replica: FAILED: {exc}")
        log = tmp / "odoo.log"
        if log.exists():
            say("the end of Odoo's log:")
            say("\n".join(log.read_text(errors="replace").splitlines()[-15:]))
        failed += 1
    finally:
        if server:
            rpc.stop(server)
        if options.keep:
            say(f"replica: kept in {tmp} (stop with pg_ctl -D .../replica stop)")
        else:
            cluster.stop()
            shutil.rmtree(tmp, ignore_errors=True)
    say(f"replica: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
