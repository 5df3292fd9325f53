"""overview_1m, run inside ``odoo shell`` by bench/run.py.

Ours: the AMARC overview as the web client opens it for a quality manager of
company A (AMARC manager and helpdesk user, company A only: record rules
apply) on the ticket database: the menu's server action
(``action_open_overview``, which creates the overview record), then the form's
``web_read`` with the fields of the form view (every tile of every installed
addon: compliance, actions, audits, complaints).

Baseline: the same numbers by SQL, as a DBA would write them, in one query of
scalar sub-queries (criteria, obligations due and overdue, evidence of the
year, actions overdue / to judge / to do and the effectiveness rate, the last
audit and the criteria not audited this year, open alerts, late
acknowledgements of the month, tickets awaiting an answer). Every number is
compared before anything is timed."""

import os
import sys
from datetime import datetime, time

import pytz

sys.path.insert(0, os.environ["AMARC_BENCH_DIR"])

from common import Mismatch, alternate, browser_context, line, quality_manager, say

from odoo import fields
from odoo.tools import SQL

NAME = "overview_1m"
env = env  # noqa: F821, PLW0127 (given by odoo shell)

company = env.ref("base.main_company")
user = quality_manager(env, company)
context = browser_context(user, company)
Overview = env["amarc.overview"].with_user(user).with_context(context)
views = Overview.get_views([(False, "form")])
form_fields = views["models"]["amarc.overview"]["fields"]
SPEC = {
    name: {"fields": {"display_name": {}}} if field["type"] == "many2one" else {}
    for name, field in form_fields.items()
}
TILES = [
    "criterion_count",
    "obligation_due_count",
    "obligation_overdue_count",
    "evidence_count",
    "action_overdue_count",
    "action_to_judge_count",
    "action_open_count",
    "effectiveness_rate",
    "last_audit_id",
    "coverage_missing_count",
    "alert_open_count",
    "ack_late_count",
    "backlog_count",
]
missing = [name for name in TILES if name not in SPEC]
if missing:
    raise SystemExit(f"bench: {NAME} FAILED: tiles not on the form: {missing}")


def ours():
    action = Overview.action_open_overview()
    record = Overview.browse(action["res_id"])
    values = record.web_read(SPEC)[0]
    last_audit = values["last_audit_id"]
    values["last_audit_id"] = last_audit["id"] if last_audit else None
    return {name: values[name] for name in TILES}


today = fields.Date.context_today(Overview)
# a date compared to a datetime is the start of that day in the user's timezone
month_start = (
    pytz.timezone(user.tz)
    .localize(datetime.combine(today.replace(day=1), time.min))
    .astimezone(pytz.utc)
    .replace(tzinfo=None)
)
RAW = SQL(
    """
    WITH company AS (
        SELECT id, amarc_referential_id, COALESCE(amarc_level, 'A') AS level
          FROM res_company WHERE id = %(company)s
    ), obligation AS (
        SELECT CASE WHEN next_due_date IS NULL THEN 'due'
                    WHEN next_due_date < %(today)s THEN 'overdue'
                    WHEN next_due_date - COALESCE(lead_days, 0) <= %(today)s
                    THEN 'due'
                    ELSE 'ok' END AS state
          FROM amarc_obligation
         WHERE company_id = %(company)s AND active
    ), action AS (
        SELECT state, date_deadline, effectiveness_state, effectiveness_date
          FROM amarc_action WHERE company_id = %(company)s
    ), last_audit AS (
        SELECT id FROM amarc_audit
         WHERE company_id = %(company)s AND state = 'done'
         ORDER BY date_end DESC, year DESC, id DESC LIMIT 1
    )
    SELECT
      (SELECT count(*) FROM amarc_criterion cr, company c
        WHERE cr.referential_id = c.amarc_referential_id AND cr.active
          AND CASE WHEN c.level = 'B' THEN cr.level_b ELSE cr.level_a END),
      (SELECT count(*) FROM obligation WHERE state = 'due'),
      (SELECT count(*) FROM obligation WHERE state = 'overdue'),
      (SELECT count(*) FROM amarc_evidence
        WHERE company_id = %(company)s AND active AND date >= %(year_start)s),
      (SELECT count(*) FROM action
        WHERE state IN ('draft', 'open') AND date_deadline < %(today)s),
      (SELECT count(*) FROM action WHERE effectiveness_state = 'pending'),
      (SELECT count(*) FROM action WHERE state IN ('draft', 'open')),
      (SELECT COALESCE(100.0 * count(*) FILTER (
                  WHERE effectiveness_state = 'effective')
              / NULLIF(count(*), 0), 0)
         FROM action
        WHERE effectiveness_date >= %(year_start)s
          AND effectiveness_state IN ('effective', 'not_effective')),
      (SELECT id FROM last_audit),
      (SELECT count(*) FROM amarc_audit_coverage
        WHERE company_id = %(company)s AND year = %(year)s AND NOT assessed),
      (SELECT count(*) FROM amarc_alert
        WHERE company_id = %(company)s AND state = 'open'),
      (SELECT count(*) FROM helpdesk_ticket
        WHERE company_id = %(company)s AND active AND amarc_ack_late
          AND amarc_received_date >= %(month_start)s),
      (SELECT count(*) FROM helpdesk_ticket t
         JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
        WHERE t.company_id = %(company)s AND t.active
          AND t.amarc_response_date IS NULL AND s.closed IS NOT TRUE)
    """,
    company=company.id,
    today=today,
    year=today.year,
    year_start=today.replace(month=1, day=1),
    month_start=month_start,
)


def baseline():
    env.cr.execute(RAW)
    row = env.cr.fetchone()
    values = dict(zip(TILES, row, strict=True))
    values["effectiveness_rate"] = float(values["effectiveness_rate"])
    return values


def compare(first, second):
    if first != second:
        raise Mismatch(
            ", ".join(
                f"{name}: {first[name]} != {second[name]}"
                for name in TILES
                if first[name] != second[name]
            )
        )


values = ours()
env.cr.execute(
    "SELECT count(*) FROM helpdesk_ticket WHERE company_id = %s", [company.id]
)
say(
    f"data: overview of company A ({env.cr.fetchone()[0]} tickets): "
    + ", ".join(f"{name} {values[name]}" for name in TILES)
)
ours_s, base_s = alternate(NAME, ours, baseline, compare)
line(NAME, ours_s / base_s, ours_s, base_s)
env.cr.rollback()
