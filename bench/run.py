#!/usr/bin/env python3
"""AMARC benchmarks: one command, one line per measure.

    python3 bench/run.py [--tickets N] [--db NAME] [--keep]

Creates a throwaway database with amarc_helpdesk (unless --db names an
existing one), inserts N tickets through SQL (default 1,000,000, spread over
two years, teams, channels, reasons and stages), then prints:

    bench: indicators_vs_sql RATIO x (ours S s, baseline S s)
    bench: ack_deadline_speedup RATIO x (ours S s, baseline S s)

indicators_vs_sql: the month x team indicator pivot through the ORM
(_read_group on amarc.helpdesk.indicator) against the same aggregate in raw
SQL on the ticket table (target: at most 1.5).
ack_deadline_speedup: acknowledgement deadlines of --ack-tickets new tickets
computed in batch (_amarc_working_calendars + WorkingCalendar) against one
resource.calendar.plan_hours call per ticket (target: at least 5); the
per-ticket baseline is measured on --sample tickets and extrapolated.
survey_dispatch_speedup (when amarc_survey and bench/bench_survey.py are
there; installed in the throwaway database): see bench/bench_survey.py.

Never part of the test suite."""

import argparse
import os
import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent / "tools"))

import amarc


def has_survey_bench():
    """amarc_survey contributes survey_dispatch_speedup (bench/bench_survey.py)."""
    return (BENCH_DIR / "bench_survey.py").exists() and (
        amarc.ADDONS_DIR / "amarc_survey" / "__manifest__.py"
    ).exists()


def shell_cmd(info, *args):
    """``odoo shell`` with the project's configuration and addons path (the
    sub-command comes before the options, unlike amarc.odoo_cmd's server)."""
    server = amarc.odoo_cmd(info, *args)
    # [python, -m, odoo, -c, conf, --addons-path, path, *args]
    return [*server[:3], "shell", *server[3:]]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--ack-tickets", type=int, default=100_000)
    parser.add_argument(
        "--sample",
        type=int,
        default=2_000,
        help="tickets on which the per-ticket calendar baseline is measured",
    )
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--surveys",
        type=int,
        default=2_000,
        help="requests sent by survey_dispatch_speedup (amarc_survey); 0: skip it",
    )
    parser.add_argument("--db", help="an existing database with amarc_helpdesk")
    parser.add_argument(
        "--keep", action="store_true", help="keep the throwaway database"
    )
    args = parser.parse_args(argv)
    if args.tickets < 1 or args.ack_tickets < 1 or args.sample < 1:
        parser.error("the counts must be positive")
    try:
        info = amarc.odoo_info()
        amarc.pg_check()
    except amarc.SetupError as exc:
        amarc.say(str(exc))
        return 2
    db = args.db or f"amarc_bench_{os.getpid()}"
    created = not args.db
    try:
        addons = ["amarc_helpdesk"]
        if args.surveys and has_survey_bench():
            addons.append("amarc_survey")
        if created:
            amarc.drop_db(db)
            amarc.say(f"Creating the benchmark database {db} ...")
            subprocess.run(
                amarc.odoo_cmd(
                    info,
                    "-d",
                    db,
                    "-i",
                    ",".join(addons),
                    "--stop-after-init",
                    "--log-level",
                    "warn",
                    "--max-cron-threads",
                    "0",
                    "--no-http",
                ),
                check=True,
                env=amarc.python_env(),
            )
        env = dict(
            amarc.python_env(),
            AMARC_BENCH_DIR=str(BENCH_DIR),
            AMARC_BENCH_TICKETS=str(args.tickets),
            AMARC_BENCH_ACK_TICKETS=str(args.ack_tickets),
            AMARC_BENCH_SAMPLE=str(args.sample),
            AMARC_BENCH_REPEAT=str(args.repeat),
            AMARC_BENCH_SURVEYS=str(args.surveys),
        )
        with open(BENCH_DIR / "bench_shell.py", encoding="utf-8") as script:
            proc = subprocess.run(
                shell_cmd(
                    info,
                    "-d",
                    db,
                    "--log-level",
                    "warn",
                    "--no-http",
                    "--max-cron-threads",
                    "0",
                ),
                stdin=script,
                env=env,
                check=False,
            )
        return proc.returncode
    except subprocess.CalledProcessError as exc:
        amarc.say(f"Command failed ({exc.returncode}): {' '.join(map(str, exc.cmd))}")
        return exc.returncode or 1
    finally:
        if created and not args.keep:
            amarc.drop_db(db)


if __name__ == "__main__":
    sys.exit(main())
