"""indicators_vs_sql, run inside ``odoo shell`` by bench/run.py.

Ours: the indicator pivot exactly as the web client asks for it when a
quality manager opens AMARC > Reporting > Indicators: the action's default
filter (received this year, the search view's ``default_period="year"``), the
pivot view's rows (``date`` by month) and columns (``team_id``), its measures
(received, answered, backlog, acknowledgement on time, response delay) and
``__count``, in one ``formatted_read_grouping_sets`` call with the grouping
sets of the pivot (total, by month, by team, by month and team), as the quality
manager (AMARC manager and helpdesk user of company A only: record rules
apply), with the web client's context.

Baseline: the query a DBA would write for the same numbers on
``helpdesk_ticket``: the company's timezone read once, the year's bounds
turned into UTC bounds, then one ``GROUP BY GROUPING SETS`` over the tickets
of the company. The numbers of both are compared, group by group, before
anything is timed."""

import os
import sys
from datetime import date, datetime, time

import pytz

sys.path.insert(0, os.environ["AMARC_BENCH_DIR"])

from common import Mismatch, alternate, browser_context, line, quality_manager, say

from odoo.tools import SQL

NAME = "indicators_vs_sql"
env = env  # noqa: F821, PLW0127 (given by odoo shell)

company = env.ref("base.main_company")
user = quality_manager(env, company)
context = browser_context(user, company)
Indicator = env["amarc.helpdesk.indicator"].with_user(user).with_context(context)

# the search view's filter "Received on" with default_period="year"
today = date.today()
year_start, year_end = date(today.year, 1, 1), date(today.year, 12, 31)
DOMAIN = [
    "&",
    ("date", ">=", year_start.isoformat()),
    ("date", "<=", year_end.isoformat()),
]
GROUPING_SETS = [[], ["team_id"], ["date:month"], ["date:month", "team_id"]]
AGGREGATES = [
    "ticket_count:sum",
    "answered_count:sum",
    "backlog_count:sum",
    "ack_on_time_rate:avg",
    "response_delay:avg",
    "__count",
]


def _number(value):
    return None if value is None else round(float(value), 6)


def ours():
    groups = Indicator.formatted_read_grouping_sets(DOMAIN, GROUPING_SETS, AGGREGATES)
    result = {}
    for groupby, rows in zip(GROUPING_SETS, groups, strict=True):
        for row in rows:
            month = row["date:month"][0] if "date:month" in groupby else None
            team = (row["team_id"] or [False])[0] if "team_id" in groupby else None
            key = (len(groupby), "date:month" in groupby, month, team)
            result[key] = (
                row["__count"],
                row["ticket_count:sum"],
                row["answered_count:sum"],
                row["backlog_count:sum"],
                _number(row["ack_on_time_rate:avg"]),
                _number(row["response_delay:avg"]),
            )
    return result


tz = company.resource_calendar_id.tz or company.partner_id.tz or "UTC"
zone = pytz.timezone(tz)
bounds = [
    zone.localize(datetime.combine(day, time.min))
    .astimezone(pytz.utc)
    .replace(tzinfo=None)
    for day in (year_start, date(today.year + 1, 1, 1))
]
RAW = SQL(
    """
    SELECT GROUPING(month) = 0 AS by_month, GROUPING(team_id) = 0 AS by_team,
           month, team_id,
           count(*),
           count(amarc_response_date),
           count(*) FILTER (WHERE amarc_response_date IS NULL
                              AND amarc_withdrawn_date IS NULL),
           avg(CASE WHEN amarc_ack_date <= amarc_ack_deadline THEN 100.0
                    WHEN amarc_ack_late THEN 0.0 END),
           avg(amarc_response_working_days) FILTER (
               WHERE amarc_response_date IS NOT NULL)
      FROM (SELECT date_trunc('month', amarc_received_date AT TIME ZONE 'UTC'
                                       AT TIME ZONE %(tz)s)::date AS month,
                   team_id, amarc_response_date, amarc_withdrawn_date, amarc_ack_date,
                   amarc_ack_deadline, amarc_ack_late, amarc_response_working_days
              FROM helpdesk_ticket
             WHERE company_id = %(company)s AND active
               AND amarc_received_date >= %(start)s
               AND amarc_received_date < %(end)s) t
     GROUP BY GROUPING SETS ((), (team_id), (month), (month, team_id))
    """,
    tz=tz,
    company=company.id,
    start=bounds[0],
    end=bounds[1],
)


def baseline():
    env.cr.execute(RAW)
    result = {}
    for by_month, by_team, month, team, *values in env.cr.fetchall():
        key = (
            by_month + by_team,
            by_month,
            month.isoformat() if by_month else None,
            (team or False) if by_team else None,
        )
        count, answered, backlog, ack, delay = values
        result[key] = (count, count, answered, backlog, _number(ack), _number(delay))
    return result


def compare(first, second):
    if first != second:
        keys = sorted(set(first) ^ set(second), key=str)[:3]
        diff = [k for k in first if k in second and first[k] != second[k]][:3]
        raise Mismatch(
            f"{len(first)} groups against {len(second)}; missing on one side: "
            f"{keys}; different: {[(k, first[k], second[k]) for k in diff]}"
        )


def month_key(key):
    return key[2] or ""


result = ours()
total = result[(0, False, None, None)][0]
say(
    f"data: {total} tickets of company A received in {today.year} seen by the "
    f"quality manager; {len(result)} pivot cells"
)
ours_s, base_s = alternate(NAME, ours, baseline, compare)
line(NAME, ours_s / base_s, ours_s, base_s)
env.cr.rollback()
