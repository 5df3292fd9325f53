"""Installation on a helpdesk that already holds tickets.

Odoo computes a new stored computed field on every existing record when it
creates its column, in one go and through the ORM: on a million tickets that
is hours, a memory that keeps growing, and one chatter message per ticket for
each tracked field (the announced response date, the response date).

So ``pre_init_hook`` creates the columns of these fields (and of the received
date and the severity) before the models are loaded: Odoo leaves a column
that already exists alone. ``post_init_hook`` then fills them for the tickets
that existed before the installation with one SQL ``UPDATE``: no chatter
message, no record in memory.

The values are the ones the compute methods of ``helpdesk.ticket`` give (see
tests/test_install_backfill.py): the working days come from the same lookup
(``res.company._amarc_working_calendars``, its ``WorkingCalendar.is_working_day``)
written to a temporary table of local days numbered by working-day rank, and
the working-time arithmetic of ``tools/working_time.py`` is done on those
ranks, in the calendar's timezone (local wall-clock time, as there). A ticket
the SQL cannot place (a deadline beyond the table) is left to the compute
methods, through the ORM, tracking off."""

import logging
import time
from datetime import timedelta

from odoo import fields
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column

from .tools.working_time import to_local

_logger = logging.getLogger(__name__)

#: columns created before the models load: {name: (type, label)}; the types
#: are the fields' column types (checked by tests/test_install_backfill.py)
PRECREATED_COLUMNS = {
    "amarc_received_date": ("timestamp", "Received on"),
    "amarc_severity": ("varchar", "Severity"),
    "amarc_ack_deadline": ("timestamp", "Acknowledgement deadline"),
    "amarc_ack_late": ("bool", "Late acknowledgement"),
    "amarc_response_deadline": ("timestamp", "Announced response date"),
    "amarc_response_date": ("timestamp", "Answered on"),
    "amarc_response_working_days": ("numeric", "Response delay (working days)"),
    "amarc_response_late": ("bool", "Late response"),
    "amarc_response_warning_date": ("timestamp", "Response warning date"),
    "amarc_answered": ("bool", "Answered"),
}
#: the default severity of the tickets that existed before the installation
DEFAULT_SEVERITY = "normal"
#: days of margin of the working-day table around the tickets' dates (as
#: ``helpdesk.ticket._amarc_working_calendars``: 7 days a working day + 62)
MARGIN_DAYS = 62


#: the UPDATE that fills the columns of the existing tickets (see
#: ``amarc_backfill_tickets``). Working time on ranks of amarc_backfill_day,
#: in local wall-clock time (tools/working_time.py):
#: a start on a day off counts from the next working day at 00:00; adding
#: H hours to (working day of rank R, time T) lands on the working day of
#: rank R + floor((T + H) / 24h) at the rest; N working days before a day
#: are N ranks before it (N - 1 before a day off, which has the rank of the
#: working day before it). Each level computes its expressions once (OFFSET
#: 0 keeps PostgreSQL from inlining it into the next one).
_BACKFILL_UPDATE = """
WITH %(params)s,
ticket AS (
    SELECT t.id, t.company_id, c.tz,
           date_trunc('second', t.create_date) AS received,
           ch.ack_hours,
           CASE WHEN t.amarc_ack_date IS NULL AND x.ticket_id IS NULL
                THEN COALESCE(tm.response_delay, c.response_delay)
           END AS response_days,
           t.amarc_response_deadline AS kept_response_deadline,
           c.warning_days,
           t.amarc_ack_date AS ack_date,
           CASE WHEN t.stage_id IN %(answered)s
                THEN COALESCE(t.amarc_response_date, t.closed_date,
                              %(now)s::timestamp)
                WHEN t.stage_id IN %(closed)s THEN NULL
                ELSE t.amarc_response_date
           END AS response_date,
           COALESCE(t.stage_id IN %(answered)s, FALSE) AS answered,
           COALESCE(t.stage_id IN %(closed)s, FALSE) AS closed,
           t.closed_date
      FROM helpdesk_ticket t
      JOIN company c ON c.id = t.company_id
      LEFT JOIN channel ch ON ch.id = t.channel_id
      LEFT JOIN team tm ON tm.id = t.team_id
      LEFT JOIN (SELECT DISTINCT ticket_id FROM amarc_ticket_extension) x
        ON x.ticket_id = t.id
     WHERE t.amarc_received_date IS NULL
    OFFSET 0
), local AS (
    SELECT t.*,
           (t.received AT TIME ZONE 'UTC') AT TIME ZONE t.tz
               AS local_received,
           (t.response_date AT TIME ZONE 'UTC') AT TIME ZONE t.tz
               AS local_response
      FROM ticket t
    OFFSET 0
), start AS (
    SELECT l.*,
           CASE WHEN d.working THEN d.rank ELSE d.rank + 1 END
               AS start_rank,
           CASE WHEN d.working
                THEN l.local_received - l.local_received::date
                ELSE interval '0' END AS start_time,
           d.working AS received_working,
           d.rank AS received_rank
      FROM local l
      LEFT JOIN amarc_backfill_day d
        ON d.company_id = l.company_id AND d.day = l.local_received::date
    OFFSET 0
), total AS (
    SELECT s.*,
           s.start_time + s.ack_hours * interval '1 hour' AS ack_total,
           s.start_time + s.response_days * interval '1 day'
               AS response_total
      FROM start s
    OFFSET 0
), step AS (
    SELECT t.*,
           floor(extract(epoch FROM t.ack_total) / 86400)::int
               AS ack_days,
           floor(extract(epoch FROM t.response_total) / 86400)::int
               AS response_days_passed
      FROM total t
    OFFSET 0
), deadline AS (
    SELECT s.*,
           ((ad.day + (s.ack_total - s.ack_days * interval '1 day'))
            AT TIME ZONE s.tz) AT TIME ZONE 'UTC' AS ack_deadline,
           CASE WHEN s.response_days > 0
                THEN ((rd.day + (s.response_total
                                 - s.response_days_passed
                                   * interval '1 day'))
                      AT TIME ZONE s.tz) AT TIME ZONE 'UTC'
                ELSE s.kept_response_deadline
           END AS response_deadline
      FROM step s
      LEFT JOIN amarc_backfill_day ad
        ON ad.company_id = s.company_id AND ad.working
       AND ad.rank = s.start_rank + s.ack_days
      LEFT JOIN amarc_backfill_day rd
        ON rd.company_id = s.company_id AND rd.working
       AND rd.rank = s.start_rank + s.response_days_passed
    OFFSET 0
), warned AS (
    SELECT d.*,
           (d.response_deadline AT TIME ZONE 'UTC') AT TIME ZONE d.tz
               AS local_deadline
      FROM deadline d
    OFFSET 0
), computed AS (
    SELECT a.id,
           a.received,
           a.ack_deadline,
           a.ack_deadline IS NOT NULL
               AND COALESCE(a.ack_date, a.response_date,
                            CASE WHEN a.closed THEN a.closed_date END,
                            %(now)s::timestamp)
                   > a.ack_deadline AS ack_late,
           a.answered,
           a.response_deadline,
           a.response_date,
           CASE WHEN a.response_date > a.received
                     AND a.local_response > a.local_received THEN
               round((extract(epoch FROM
                   CASE WHEN a.local_received::date
                             = a.local_response::date
                        THEN CASE WHEN a.received_working
                                  THEN a.local_response - a.local_received
                                  ELSE interval '0' END
                        ELSE CASE WHEN a.received_working
                                  THEN a.local_received::date + 1
                                       - a.local_received
                                  ELSE interval '0' END
                           + CASE WHEN e.working
                                  THEN a.local_response
                                       - a.local_response::date
                                  ELSE interval '0' END
                           + (e.rank - e.working::int - a.received_rank)
                             * interval '1 day'
                   END) / 86400)::numeric, 2)
           ELSE 0 END AS response_working_days,
           a.response_deadline IS NOT NULL
               AND NOT (a.closed AND a.response_date IS NULL)
               AND COALESCE(a.response_date, %(now)s::timestamp)
                   > a.response_deadline AS response_late,
           CASE WHEN a.response_deadline IS NULL
                     OR a.response_date IS NOT NULL THEN NULL
                WHEN a.warning_days = 0
                THEN (a.local_deadline AT TIME ZONE a.tz) AT TIME ZONE 'UTC'
                ELSE ((wd.day + (a.local_deadline - a.local_deadline::date))
                      AT TIME ZONE a.tz) AT TIME ZONE 'UTC'
           END AS warning_date,
           -- every lookup found its day: else the ORM computes it
           a.received_rank IS NOT NULL
           AND (a.ack_hours IS NULL OR a.ack_deadline IS NOT NULL)
           AND (COALESCE(a.response_days, 0) = 0
                OR a.response_deadline IS NOT NULL)
           AND (a.response_date IS NULL OR e.rank IS NOT NULL)
           AND (a.response_deadline IS NULL
                OR a.response_date IS NOT NULL
                OR a.warning_days = 0
                OR wd.day IS NOT NULL) AS complete
      FROM warned a
      LEFT JOIN amarc_backfill_day ld
        ON ld.company_id = a.company_id
       AND ld.day = a.local_deadline::date
      LEFT JOIN amarc_backfill_day wd
        ON wd.company_id = a.company_id AND wd.working
       AND wd.rank = CASE WHEN ld.working THEN ld.rank - a.warning_days
                          ELSE ld.rank - a.warning_days + 1 END
      LEFT JOIN amarc_backfill_day e
        ON e.company_id = a.company_id
       AND e.day = a.local_response::date
), filled AS (
    UPDATE helpdesk_ticket t
       SET amarc_received_date = b.received,
           amarc_severity = COALESCE(t.amarc_severity, %(severity)s),
           amarc_ack_deadline = b.ack_deadline,
           amarc_ack_late = b.ack_late,
           amarc_response_deadline = b.response_deadline,
           amarc_response_date = b.response_date,
           amarc_response_working_days = b.response_working_days,
           amarc_response_late = b.response_late,
           amarc_response_warning_date = b.warning_date,
           amarc_answered = b.answered,
           -- an answer given before any acknowledgement is the first
           -- written contact (4.2.2, 4.2.3)
           amarc_ack_date = COALESCE(t.amarc_ack_date, b.response_date),
           amarc_ack_kind = CASE WHEN t.amarc_ack_date IS NOT NULL
                                 THEN t.amarc_ack_kind
                                 WHEN b.response_date IS NOT NULL
                                 THEN 'answer' END
      FROM computed b
     WHERE b.id = t.id
 RETURNING t.id, b.complete
)
SELECT count(*), array_agg(id) FILTER (WHERE NOT complete) FROM filled
"""


def pre_init_hook(env):
    """Create the columns of the ticket fields that Odoo would otherwise
    compute on every existing ticket at installation."""
    for name, (column_type, label) in PRECREATED_COLUMNS.items():
        if not column_exists(env.cr, "helpdesk_ticket", name):
            create_column(env.cr, "helpdesk_ticket", name, column_type, label)


def post_init_hook(env):
    amarc_backfill_tickets(env)


def _working_day_table(env, companies, date_from, date_to):
    """Temporary table ``amarc_backfill_day``: for each company and each local
    day from ``date_from`` to ``date_to`` (UTC naive), whether it is a working
    day and its rank (the number of working days up to it, included)."""
    calendars = companies._amarc_working_calendars(date_from, date_to)
    env.cr.execute(
        """
        CREATE TEMPORARY TABLE amarc_backfill_day (
            company_id integer NOT NULL,
            day date NOT NULL,
            working boolean NOT NULL,
            rank integer NOT NULL,
            PRIMARY KEY (company_id, day)
        ) ON COMMIT DROP
        """
    )
    rows = []
    for company in companies:
        calendar = calendars[company.id]
        day = to_local(date_from, calendar.tz).date()
        last = to_local(date_to, calendar.tz).date()
        rank = 0
        while day <= last:
            working = calendar.is_working_day(day)
            rank += working
            rows.append((company.id, day, working, rank))
            day += timedelta(days=1)
    for start in range(0, len(rows), 5000):
        env.cr.execute(
            SQL(
                "INSERT INTO amarc_backfill_day VALUES %s",
                SQL(", ").join(
                    SQL("(%s, %s, %s, %s)", *row) for row in rows[start : start + 5000]
                ),
            )
        )
    env.cr.execute(
        """
        CREATE UNIQUE INDEX ON amarc_backfill_day (company_id, rank) WHERE working;
        ANALYZE amarc_backfill_day
        """
    )
    return {company.id: calendars[company.id].tz.zone for company in companies}


def amarc_backfill_tickets(env):
    """Fill the AMARC columns of the tickets without received date (the
    tickets of before the installation) in one SQL ``UPDATE``: received date =
    creation date (to the second), severity "normal", and the stored computed
    fields of ``PRECREATED_COLUMNS`` as their compute methods give them.
    Returns the number of tickets filled."""
    started = time.perf_counter()
    # the SQL below reads and writes the tickets (and their extensions)
    env["helpdesk.ticket"].flush_model()
    env["amarc.ticket.extension"].flush_model(["ticket_id"])
    cr = env.cr
    cr.execute(
        """
        SELECT company_id, min(create_date), max(create_date), max(closed_date)
          FROM helpdesk_ticket
         WHERE amarc_received_date IS NULL
         GROUP BY company_id
        """
    )
    bounds = cr.fetchall()
    if not bounds:
        return 0
    now = fields.Datetime.now()
    settings = _backfill_settings(env, [row[0] for row in bounds])
    zones = _working_day_table(
        env, settings["companies"], *_backfill_period(bounds, settings, now)
    )
    closed_stages = env["helpdesk.ticket.stage"].sudo().with_context(active_test=False)
    closed_stages = closed_stages.search([("closed", "=", True)])
    answered_stages = closed_stages.filtered("amarc_answered")
    cr.execute("ANALYZE helpdesk_ticket")
    cr.execute("SET LOCAL max_parallel_workers_per_gather = 0")
    cr.execute(
        SQL(
            _BACKFILL_UPDATE,
            params=_backfill_params(env, settings, zones),
            severity=DEFAULT_SEVERITY,
            closed=tuple(closed_stages.ids) or (None,),
            answered=tuple(answered_stages.ids) or (None,),
            now=now,
        )
    )
    done, left = cr.fetchone()
    left = left or []
    cr.execute("SET LOCAL max_parallel_workers_per_gather TO DEFAULT")
    cr.execute("DROP TABLE amarc_backfill_day")
    outside = _backfill_outside(env)
    env.invalidate_all()
    if left or outside:
        _amarc_compute_tickets(env, sorted(left + outside))
    _logger.info(
        "AMARC: %s existing tickets filled in %.1f s (%s through the ORM)",
        done + len(outside),
        time.perf_counter() - started,
        len(left) + len(outside),
    )
    return done + len(outside)


def _backfill_settings(env, company_ids):
    """The companies of the tickets, every channel, the teams with a response
    delay (all in sudo, archived ones too)."""
    channels = env["helpdesk.ticket.channel"].sudo().with_context(active_test=False)
    teams = env["helpdesk.ticket.team"].sudo().with_context(active_test=False)
    return {
        "companies": env["res.company"].sudo().browse(company_ids),
        "channels": channels.search([]),
        "teams": teams.search([("amarc_response_delay", ">", 0)]),
    }


def _backfill_period(bounds, settings, now):
    """(first day, last day) of the working-day table: the tickets' dates,
    widened by the longest delay (hours rounded up to days) and warning."""
    companies = settings["companies"]
    reach = max(
        [
            -(-c.amarc_ack_delay // 24)
            if c.amarc_ack_unit == "working_hours"
            else c.amarc_ack_delay
            for c in settings["channels"]
        ]
        + settings["teams"].mapped("amarc_response_delay")
        + companies.mapped("amarc_response_delay")
        + [0]
    )
    lead = max(companies.mapped("amarc_response_warning_days") + [0])
    date_from = min(row[1] for row in bounds) - timedelta(days=7 * lead + MARGIN_DAYS)
    date_to = max(
        [row[2] for row in bounds] + [row[3] for row in bounds if row[3]] + [now]
    ) + timedelta(days=7 * reach + MARGIN_DAYS)
    return date_from, date_to


def _backfill_params(env, settings, zones):
    """The ``company``, ``channel`` and ``team`` tables of the UPDATE (as
    VALUES). Companies whose timezone PostgreSQL does not know are left out
    (to the ORM)."""
    env.cr.execute(
        "SELECT name FROM pg_timezone_names WHERE name IN %s",
        [tuple(set(zones.values()))],
    )
    known = {row[0] for row in env.cr.fetchall()}
    companies = [
        SQL(
            "(%s::int, %s::varchar, %s::int, %s::int)",
            c.id,
            zones[c.id],
            c.amarc_response_delay,
            c.amarc_response_warning_days,
        )
        for c in settings["companies"]
        if zones[c.id] in known
    ]
    channels = [
        SQL(
            "(%s::int, %s::int)",
            c.id,
            None
            if c.amarc_ack_unit == "on_request"
            else c.amarc_ack_delay * (24 if c.amarc_ack_unit == "working_days" else 1),
        )
        for c in settings["channels"]
    ]
    teams = [
        SQL("(%s::int, %s::int)", t.id, t.amarc_response_delay)
        for t in settings["teams"]
    ]
    empty = SQL("(NULL::int, NULL::int)")
    return SQL(
        """
        company AS (
            SELECT * FROM (VALUES %(companies)s)
                AS c(id, tz, response_delay, warning_days)
        ), channel AS (
            SELECT * FROM (VALUES %(channels)s) AS c(id, ack_hours)
        ), team AS (
            SELECT * FROM (VALUES %(teams)s) AS t(id, response_delay)
        )
        """,
        companies=SQL(", ").join(companies)
        if companies
        else SQL("(NULL::int, NULL::varchar, NULL::int, NULL::int)"),
        channels=SQL(", ").join(channels) if channels else empty,
        teams=SQL(", ").join(teams) if teams else empty,
    )


def _backfill_outside(env):
    """The tickets of a company whose timezone PostgreSQL does not know: their
    received date and severity; their ids (their deadlines go to the ORM)."""
    env.cr.execute(
        SQL(
            """
            UPDATE helpdesk_ticket
               SET amarc_received_date = date_trunc('second', create_date),
                   amarc_severity = COALESCE(amarc_severity, %s)
             WHERE amarc_received_date IS NULL
         RETURNING id
            """,
            DEFAULT_SEVERITY,
        )
    )
    return [row[0] for row in env.cr.fetchall()]


def _amarc_compute_tickets(env, ids, batch_size=5000):
    """The stored computed fields of ``PRECREATED_COLUMNS`` of the tickets
    ``ids`` through their compute methods, tracking off, in batches."""
    Ticket = env["helpdesk.ticket"].with_context(
        active_test=False, tracking_disable=True, mail_notrack=True
    )
    names = [
        name
        for name in PRECREATED_COLUMNS
        if Ticket._fields[name].compute and Ticket._fields[name].store
    ]
    for start in range(0, len(ids), batch_size):
        tickets = Ticket.browse(ids[start : start + batch_size])
        for name in names:
            env.add_to_compute(Ticket._fields[name], tickets)
        tickets._recompute_recordset(names)
        tickets.flush_recordset()
        env.invalidate_all()
