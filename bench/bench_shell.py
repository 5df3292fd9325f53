"""The measures of bench/run.py, run inside ``odoo shell`` (``env`` given).

Parameters come from the environment (AMARC_BENCH_*). Prints one line per
measure: ``bench: NAME RATIO x (ours S s, baseline S s)``."""

import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta

import pytz

sys.path.insert(0, os.environ["AMARC_BENCH_DIR"])

from generate import generate

from odoo.tools import SQL

TICKETS = int(os.environ.get("AMARC_BENCH_TICKETS", "1000000"))
ACK_TICKETS = int(os.environ.get("AMARC_BENCH_ACK_TICKETS", "100000"))
SAMPLE = int(os.environ.get("AMARC_BENCH_SAMPLE", "2000"))
REPEAT = int(os.environ.get("AMARC_BENCH_REPEAT", "7"))
SURVEYS = int(os.environ.get("AMARC_BENCH_SURVEYS", "2000"))

env = env  # noqa: F821, PLW0127 (given by odoo shell)


def say(line):
    print(line, flush=True)


def timed(func, repeat=REPEAT):
    """Median wall time of ``repeat`` runs after one warm-up run."""
    func()
    times = []
    for _i in range(repeat):
        env.invalidate_all()
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def timed_pair(first, second, repeat=REPEAT):
    """Median wall times of two functions run alternately (after a warm-up
    of each), so that drifts of the machine weigh on both alike."""
    first(), second()
    times = ([], [])
    for _i in range(repeat):
        for func, bucket in ((first, times[0]), (second, times[1])):
            env.invalidate_all()
            started = time.perf_counter()
            func()
            bucket.append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])


def line(name, ratio, ours, baseline, note=""):
    say(f"bench: {name} {ratio:.2f} x (ours {ours:.3f} s, baseline {baseline:.3f} s)")
    if note:
        say(f"       {note}")


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------
env.cr.execute("SELECT count(*) FROM helpdesk_ticket WHERE number LIKE 'BENCH%%'")
existing = env.cr.fetchone()[0]
if existing < TICKETS:
    seconds = generate(env, TICKETS - existing)
    env.cr.commit()
    say(f"data: {TICKETS - existing} tickets inserted in {seconds:.1f} s")
env.cr.execute("SELECT count(*) FROM helpdesk_ticket")
say(f"data: {env.cr.fetchone()[0]} tickets in the database")

# ---------------------------------------------------------------------------
# indicators_vs_sql: the month x team pivot through the ORM, against raw SQL
# ---------------------------------------------------------------------------
Indicator = env["amarc.helpdesk.indicator"]
MEASURES = [
    "__count",
    "answered_count:sum",
    "backlog_count:sum",
    "ack_on_time_rate:avg",
    "response_delay:avg",
]


def orm_pivot():
    return Indicator._read_group([], ["date:month", "team_id"], MEASURES)


RAW = SQL(
    """
    SELECT date_trunc('month', t.amarc_received_date AT TIME ZONE 'UTC'
                      AT TIME ZONE COALESCE(rc.tz, p.tz, 'UTC'))::date AS month,
           t.team_id,
           count(*),
           sum((t.amarc_response_date IS NOT NULL)::int),
           sum((t.amarc_response_date IS NULL)::int),
           avg(CASE WHEN t.amarc_ack_date <= t.amarc_ack_deadline THEN 100.0
                    WHEN t.amarc_ack_late THEN 0.0 END),
           avg(CASE WHEN t.amarc_response_date IS NOT NULL
                    THEN t.amarc_response_working_days END)
      FROM helpdesk_ticket t
      JOIN res_company c ON c.id = t.company_id
      LEFT JOIN res_partner p ON p.id = c.partner_id
      LEFT JOIN resource_calendar rc ON rc.id = c.resource_calendar_id
     WHERE t.active AND t.amarc_received_date IS NOT NULL
     GROUP BY 1, 2
     ORDER BY 1, 2
    """
)


def raw_pivot():
    env.cr.execute(RAW)
    return env.cr.fetchall()


orm_rows, raw_rows = orm_pivot(), raw_pivot()
if len(orm_rows) != len(raw_rows) or sum(r[2] for r in orm_rows) != sum(
    r[2] for r in raw_rows
):
    raise SystemExit("indicators_vs_sql: the ORM and the raw SQL disagree")
ours, baseline = timed_pair(orm_pivot, raw_pivot)
line("indicators_vs_sql", ours / baseline, ours, baseline)

# ---------------------------------------------------------------------------
# ack_deadline_speedup: acknowledgement deadlines of new tickets, batched per
# calendar, against one resource.calendar call per ticket
# ---------------------------------------------------------------------------
company = env.ref("base.main_company")
calendar = company.resource_calendar_id
rng = random.Random(42)
now = datetime(2026, 1, 5, 8, 0)
received = [
    now + timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
    for _i in range(ACK_TICKETS)
]
DELAY_HOURS = 24


def batched():
    calendars = company._amarc_working_calendars(
        min(received) - timedelta(days=1),
        max(received) + timedelta(days=7 + 62),
    )
    working = calendars[company.id]
    return [working.add_delay(r, DELAY_HOURS, "working_hours") for r in received]


def per_ticket(sample):
    # as OCA helpdesk_mgmt_sla: one calendar call per ticket, leaves included
    return [
        calendar.plan_hours(DELAY_HOURS, pytz.utc.localize(r), compute_leaves=True)
        for r in sample
    ]


ours = timed(batched, repeat=3)
sample = received[: min(SAMPLE, ACK_TICKETS)]
env.invalidate_all()
started = time.perf_counter()
per_ticket(sample)
measured = time.perf_counter() - started
baseline = measured * ACK_TICKETS / len(sample)
note = ""
if len(sample) < ACK_TICKETS:
    note = (
        f"(baseline measured on {len(sample)} tickets in {measured:.3f} s and "
        f"extrapolated to {ACK_TICKETS} tickets)"
    )
line("ack_deadline_speedup", baseline / ours, ours, baseline, note)
env.cr.rollback()

# ---------------------------------------------------------------------------
# survey_dispatch_speedup: contributed by amarc_survey (bench/bench_survey.py),
# run when that addon is installed in the database
# ---------------------------------------------------------------------------
if SURVEYS and "amarc.satisfaction.request" in env.registry:
    try:
        from bench_survey import bench_survey_dispatch
    except ImportError:
        bench_survey_dispatch = None
    if bench_survey_dispatch:
        ours, baseline = bench_survey_dispatch(env, SURVEYS)
        line("survey_dispatch_speedup", baseline / ours, ours, baseline)
        env.cr.rollback()
