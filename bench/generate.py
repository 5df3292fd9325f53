"""Benchmark data, inserted in bulk through SQL (generate_series).

Used by ``bench/run.py`` inside ``odoo shell`` (never by the test suite):

- ``setup_referential(env)``: two companies (A: Paris, Monday to Friday; B:
  Paris, Monday to Saturday), the French public holidays of 2024-2028 (A's on
  its calendar, B's company-wide), 8 teams in A and 2 in B, 12 reasons. Works
  with plain ``helpdesk_mgmt`` (no AMARC addon needed).
- ``generate_plain(env, count)``: ``count`` plain helpdesk_mgmt tickets (no
  AMARC column), as a company that already runs Odoo's helpdesk has them:
  created over the last two years, every tenth in B, every channel, reason
  and stage, 85 % closed with a closing date.
- ``generate(env, count)``: ``count`` tickets in A and a tenth of that in B,
  with their AMARC columns filled (amarc_helpdesk installed): acknowledgement
  and response dates (95 % acknowledged, 85 % answered), late flags, response
  delays, severities and resolutions, for the indicators, the overview and the
  exports.

Both end with ``ANALYZE helpdesk_ticket``."""

import time
from datetime import date, datetime

import pytz

from odoo.tools import SQL

TEAMS_A = 8
TEAMS_B = 2
REASONS = 12
TZ = "Europe/Paris"
#: French public holidays (the days off of the bench calendars)
HOLIDAYS = [
    date(y, m, d)
    for y, days in {
        2024: [(1, 1), (4, 1), (5, 1), (5, 8), (5, 9), (5, 20), (7, 14), (8, 15)],
        2025: [(1, 1), (4, 21), (5, 1), (5, 8), (5, 29), (6, 9), (7, 14), (8, 15)],
        2026: [(1, 1), (4, 6), (5, 1), (5, 8), (5, 14), (5, 25), (7, 14), (8, 15)],
        2027: [(1, 1), (3, 29), (5, 1), (5, 6), (5, 8), (5, 17), (7, 14), (8, 15)],
        2028: [(1, 1), (4, 17), (5, 1), (5, 8), (5, 25), (6, 5), (7, 14), (8, 15)],
    }.items()
    for m, d in days + [(11, 1), (11, 11), (12, 25)]
]


def _ensure(env, model, names, extra=None):
    Model = env[model].with_context(active_test=False)
    records = Model.search([("name", "in", names)])
    missing = [name for name in names if name not in records.mapped("name")]
    if missing:
        records |= Model.create([dict(extra or {}, name=name) for name in missing])
    return records.sorted(lambda r: names.index(r.name))


def _holidays(env, calendar, company):
    """The public holidays as whole local days off (UTC naive bounds)."""
    Leave = env["resource.calendar.leaves"]
    tz = pytz.timezone(TZ)
    domain = [("resource_id", "=", False), ("name", "=like", "Bench holiday %")]
    domain += (
        [("calendar_id", "=", calendar.id)]
        if calendar
        else [("calendar_id", "=", False), ("company_id", "=", company.id)]
    )
    if Leave.search_count(domain):
        return
    vals = []
    for day in HOLIDAYS:
        start = tz.localize(datetime.combine(day, datetime.min.time()))
        end = tz.localize(datetime(day.year, day.month, day.day, 23, 59, 59))
        vals.append(
            {
                "name": f"Bench holiday {day}",
                "calendar_id": calendar.id,
                "company_id": company.id,
                "resource_id": False,
                "time_type": "leave",
                "date_from": start.astimezone(pytz.utc).replace(tzinfo=None),
                "date_to": end.astimezone(pytz.utc).replace(tzinfo=None),
            }
        )
    Leave.create(vals)


def setup_referential(env):
    """Companies, calendars, holidays, teams and reasons (idempotent).
    Returns ``{"companies": (A, B), "teams": {A: teams, B: teams}}``."""
    company_a = env.ref("base.main_company")
    company_a.write({"name": "Bench Company A"})
    calendar_a = company_a.resource_calendar_id
    calendar_a.tz = TZ
    company_b = env["res.company"].search([("name", "=", "Bench Company B")])
    if not company_b:
        company_b = env["res.company"].create({"name": "Bench Company B"})
    calendar_b = company_b.resource_calendar_id
    calendar_b.tz = TZ
    if "5" not in calendar_b.attendance_ids.mapped("dayofweek"):
        calendar_b.attendance_ids = [
            (
                0,
                0,
                {"name": "Saturday", "dayofweek": "5", "hour_from": 8, "hour_to": 12},
            )
        ]
    _holidays(env, calendar_a, company_a)
    _holidays(env, env["resource.calendar"], company_b)
    teams_a = _ensure(
        env,
        "helpdesk.ticket.team",
        [f"Bench team {i + 1}" for i in range(TEAMS_A)],
        {"company_id": company_a.id},
    )
    teams_b = _ensure(
        env,
        "helpdesk.ticket.team",
        [f"Bench B team {i + 1}" for i in range(TEAMS_B)],
        {"company_id": company_b.id},
    )
    _ensure(
        env,
        "helpdesk.ticket.category",
        [f"Bench reason {i + 1}" for i in range(REASONS)],
        {"company_id": False},
    )
    env.flush_all()
    return {
        "companies": (company_a, company_b),
        "teams": {company_a: teams_a, company_b: teams_b},
    }


def setup(env):
    """``setup_referential``; return the seconds it took."""
    started = time.perf_counter()
    setup_referential(env)
    return time.perf_counter() - started


def _params(env):
    data = setup_referential(env)
    company_a, company_b = data["companies"]
    reasons = env["helpdesk.ticket.category"].search(
        [("name", "=like", "Bench reason %")], order="id"
    )
    channels = env["helpdesk.ticket.channel"].search([], order="id")
    stages = env["helpdesk.ticket.stage"].search([], order="sequence, id")
    closed = stages.filtered("closed")
    open_stages = stages - closed
    env.cr.execute("SELECT count(*) FROM helpdesk_ticket")
    return {
        "offset": env.cr.fetchone()[0],
        "company_a": company_a.id,
        "company_b": company_b.id,
        "teams_a": data["teams"][company_a].ids,
        "n_teams_a": len(data["teams"][company_a]),
        "teams_b": data["teams"][company_b].ids,
        "n_teams_b": len(data["teams"][company_b]),
        "channels": channels.ids,
        "n_channels": len(channels),
        "reasons": reasons.ids,
        "n_reasons": len(reasons),
        "closed": closed.ids,
        "n_closed": len(closed),
        "open": open_stages.ids,
        "n_open": len(open_stages),
        "unattended": open_stages.filtered("unattended").ids,
    }


#: one row per ticket: i, its company, team, channel, reason, creation and
#: closing (``seed`` makes the random columns reproducible)
_ROWS = """
    WITH g AS (
        SELECT i,
               date_trunc('second', now() AT TIME ZONE 'UTC'
                   - random() * interval '730 days') AS created,
               random() AS r_closed,
               random() AS r_delay,
               random() AS r_ack,
               random() AS r_ack_delay
          FROM generate_series(%(offset)s + 1, %(offset)s + %(count)s) AS i
    ), r AS (
        SELECT g.*,
               CASE WHEN i %% %(every_b)s = 0 THEN %(company_b)s
                    ELSE %(company_a)s END AS company_id,
               CASE WHEN i %% %(every_b)s = 0
                    THEN (%(teams_b)s::int[])[1 + (i / %(every_b)s) %% %(n_teams_b)s]
                    ELSE (%(teams_a)s::int[])[1 + i %% %(n_teams_a)s] END AS team_id,
               (%(channels)s::int[])[1 + (i / 7) %% %(n_channels)s] AS channel_id,
               (%(reasons)s::int[])[1 + (i / 3) %% %(n_reasons)s] AS category_id,
               CASE WHEN r_closed < 0.85
                    THEN (%(closed)s::int[])[1 + i %% %(n_closed)s]
                    ELSE (%(open)s::int[])[1 + i %% %(n_open)s] END AS stage_id,
               CASE WHEN r_closed < 0.85
                    THEN LEAST(date_trunc('second', created
                                   + r_delay * interval '20 days'),
                               date_trunc('second', now() AT TIME ZONE 'UTC'))
               END AS closed_date
          FROM g
    )
"""


def generate_plain(env, count, seed=0.42):
    """Insert ``count`` plain helpdesk_mgmt tickets (every tenth in company
    B); return the seconds."""
    started = time.perf_counter()
    params = _params(env)
    cr = env.cr
    cr.execute(SQL("SELECT setseed(%s)", seed))
    cr.execute(
        SQL(
            _ROWS
            + """
            INSERT INTO helpdesk_ticket (
                number, name, description, company_id, team_id, channel_id,
                category_id, stage_id, priority, kanban_state, active, sequence,
                unattended, closed_date, last_stage_update,
                create_uid, create_date, write_uid, write_date)
            SELECT 'BENCH' || i, 'Bench complaint ' || i, '<p>Bench</p>',
                   company_id, team_id, channel_id, category_id, stage_id,
                   (i %% 4)::text, 'normal', TRUE, 10,
                   stage_id = ANY(%(unattended)s::int[]),
                   closed_date, COALESCE(closed_date, created),
                   1, created, 1, COALESCE(closed_date, created)
              FROM r
            """,
            count=count,
            every_b=10,
            **params,
        )
    )
    cr.execute("ANALYZE helpdesk_ticket")
    env.invalidate_all()
    return time.perf_counter() - started


def generate(env, count, seed=0.42):
    """Insert ``count`` tickets in company A and a tenth of that in company B
    (every eleventh ticket), with their AMARC columns (amarc_helpdesk
    installed); return the seconds it took."""
    started = time.perf_counter()
    params = _params(env)
    cr = env.cr
    cr.execute(SQL("SELECT setseed(%s)", seed))
    cr.execute(
        SQL(
            _ROWS
            + """
            , t AS (
                SELECT r.*,
                       created + interval '1 day' AS ack_deadline,
                       CASE WHEN r_ack < 0.95
                            THEN LEAST(created + r_ack_delay * interval '40 hours',
                                       date_trunc('second',
                                                  now() AT TIME ZONE 'UTC'))
                       END AS ack_date,
                       created + interval '14 days' AS response_deadline
                  FROM r
            )
            INSERT INTO helpdesk_ticket (
                number, name, description, company_id, team_id, channel_id,
                category_id, stage_id, priority, kanban_state, active, sequence,
                unattended, closed_date, last_stage_update,
                amarc_received_date, amarc_ack_deadline, amarc_ack_date,
                amarc_ack_late, amarc_response_deadline, amarc_response_date,
                amarc_response_late, amarc_response_working_days,
                amarc_severity, amarc_resolution,
                create_uid, create_date, write_uid, write_date)
            SELECT 'BENCH' || i, 'Bench complaint ' || i, '<p>Bench</p>',
                   company_id, team_id, channel_id, category_id, stage_id,
                   (i %% 4)::text, 'normal', TRUE, 10,
                   stage_id = ANY(%(unattended)s::int[]),
                   closed_date, COALESCE(closed_date, created),
                   created,
                   ack_deadline,
                   ack_date,
                   COALESCE(ack_date > ack_deadline,
                            ack_deadline < now() AT TIME ZONE 'UTC'),
                   response_deadline,
                   closed_date,
                   COALESCE(closed_date, now() AT TIME ZONE 'UTC')
                       > response_deadline,
                   CASE WHEN closed_date IS NOT NULL
                        THEN round((extract(epoch FROM closed_date - created)
                                    / 86400.0 * 5 / 7)::numeric, 2)
                        ELSE 0 END,
                   (ARRAY['low', 'normal', 'normal', 'high'])[1 + (i %% 4)],
                   CASE WHEN closed_date IS NOT NULL
                        THEN (ARRAY['repair', 'rejection', 'repair'])[1 + (i %% 3)]
                   END,
                   1, created, 1, COALESCE(closed_date, created)
              FROM t
            """,
            count=count + count // 10,
            every_b=11,
            **params,
        )
    )
    cr.execute("ANALYZE helpdesk_ticket")
    env.invalidate_all()
    return time.perf_counter() - started
