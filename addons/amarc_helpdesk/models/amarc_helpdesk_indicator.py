from datetime import datetime, time, timedelta

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL

from .helpdesk_ticket_treatment import RESOLUTIONS, SEVERITIES

#: measures of one aggregate row (see ``_amarc_aggregate``)
MEASURES = (
    "received",
    "answered",
    "backlog",
    "ack_on_time",
    "ack_late",
    "ack_on_time_rate",
    "response_delay_mean",
    "response_delay_p90",
    "response_late",
    "withdrawn",
    "cancelled",
    "cancelled_rate",
    "immediate",
    "immediate_rate",
    "extensions",
    "extensions_late",
    "recourses",
    "recourses_answered",
    "recourse_rate",
    "recourse_delay_mean",
)
#: measures that are counts (the others are rates in % and delays)
COUNTS = frozenset(
    name for name in MEASURES if not name.endswith("_rate") and "delay" not in name
)


class AmarcHelpdeskIndicator(models.Model):
    """AMARC indicators (1.12) over the tickets: an SQL view with one row per
    ticket, grouped by the pivot and graph views (month of receipt, team,
    channel, reason, company, ...).

    Dates are the local days of the company (the timezone of its working
    schedule, as for the deadlines): a ticket received on 1 March at 00:30 in
    Paris counts in March.

    The measures aggregate with read_group: counts as sums, the acknowledgement
    rate and the mean response delay as averages (NULL rows are ignored by
    SQL, so unanswered tickets do not weigh on the mean). The 90th percentile
    cannot be a read_group aggregate: ``_amarc_aggregate()`` computes every
    measure, the percentile included (``percentile_cont(0.9) WITHIN GROUP``),
    in one SQL query for any domain and grouping."""

    _name = "amarc.helpdesk.indicator"
    _description = "AMARC Helpdesk Indicator"
    _auto = False
    _order = "date desc, ticket_id desc"
    _rec_name = "ticket_id"
    # what the view reads: the ORM flushes it before any search or read
    _depends = {
        "helpdesk.ticket": [
            "active",
            "company_id",
            "team_id",
            "channel_id",
            "category_id",
            "user_id",
            "stage_id",
            "amarc_severity",
            "amarc_resolution",
            "amarc_received_date",
            "amarc_response_date",
            "amarc_withdrawn_date",
            "amarc_ack_date",
            "amarc_ack_deadline",
            "amarc_ack_late",
            "amarc_response_working_days",
            "amarc_response_late",
            "amarc_compensation_amount",
            "amarc_answered",
            "amarc_ack_kind",
            "amarc_recourse_of_id",
        ],
        "helpdesk.ticket.stage": ["closed"],
        "amarc.ticket.extension": ["ticket_id", "late"],
        "res.company": ["partner_id", "resource_calendar_id"],
        "res.partner": ["tz"],
        "resource.calendar": ["tz"],
    }

    ticket_id = fields.Many2one("helpdesk.ticket", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    channel_id = fields.Many2one("helpdesk.ticket.channel", readonly=True)
    category_id = fields.Many2one(
        "helpdesk.ticket.category", string="Reason", readonly=True
    )
    user_id = fields.Many2one("res.users", string="Assigned to", readonly=True)
    stage_id = fields.Many2one("helpdesk.ticket.stage", readonly=True)
    severity = fields.Selection(SEVERITIES, readonly=True)
    resolution = fields.Selection(RESOLUTIONS, readonly=True)
    date = fields.Date(string="Received on", readonly=True)
    arrived_at = fields.Datetime(
        string="Received at",
        readonly=True,
        help="The moment of receipt (the ticket's received date). The filters "
        "on the local date of receipt are also made on it, so that most tickets "
        "are kept or left out without converting their date to the company's "
        "timezone.",
    )
    response_date = fields.Date(string="Answered on", readonly=True)
    is_recourse = fields.Boolean(
        string="Recourse",
        readonly=True,
        help="A recourse against the answer to an earlier complaint (AMARC "
        "4.14-4.16): counted apart, not as a new complaint.",
    )
    ticket_count = fields.Integer(
        string="Received",
        readonly=True,
        help="Complaints received (the recourses apart), answered or not.",
    )
    answered_count = fields.Integer(
        string="Answered",
        readonly=True,
        help="Complaints closed with an answer (solution, compensation, "
        "commercial gesture or rejection).",
    )
    backlog_count = fields.Integer(
        string="Backlog",
        readonly=True,
        help="Complaints not answered yet and still open.",
    )
    cancelled_count = fields.Integer(
        string="Closed without answer",
        readonly=True,
        help="Complaints closed without an answer: cancelled, withdrawn by the "
        "customer, duplicates. Counted in the volume received, out of the "
        "acknowledgement and response measures.",
    )
    withdrawn_count = fields.Integer(
        string="Withdrawn",
        readonly=True,
        help="Closed by the customer from the portal: withdrawn, not answered "
        "(part of the complaints closed without answer).",
    )
    immediate_count = fields.Integer(
        string="Handled immediately",
        readonly=True,
        help="Complaints answered at the first contact, the day they were "
        "received (AMARC 4.1).",
    )
    immediate_rate = fields.Float(
        string="Handled immediately (%)",
        readonly=True,
        aggregator="avg",
        help="100 for a complaint answered at the first contact the day it was "
        "received, 0 for another complaint: its average is the share of "
        "complaints handled immediately (AMARC 4.1).",
    )
    extension_count = fields.Integer(string="Extensions", readonly=True)
    extension_late_count = fields.Integer(
        string="Extensions told late",
        readonly=True,
        help="Extensions told to the customer after the announced date had "
        "passed (AMARC 4.4 requires to tell before).",
    )
    recourse_count = fields.Integer(string="Recourses", readonly=True)
    recourse_answered_count = fields.Integer(string="Recourses answered", readonly=True)
    recourse_delay = fields.Float(
        string="Recourse response delay (working days)",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
    )
    ack_on_time_count = fields.Integer(string="Acknowledged on time", readonly=True)
    ack_late_count = fields.Integer(string="Acknowledged late", readonly=True)
    ack_on_time_rate = fields.Float(
        string="Acknowledgement on time (%)",
        readonly=True,
        aggregator="avg",
        help="100 for a ticket acknowledged by its deadline, 0 for a late one, "
        "empty while not due: its average is the on-time rate.",
    )
    response_delay = fields.Float(
        string="Response delay (working days)",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
    )
    response_late_count = fields.Integer(string="Answered late", readonly=True)
    compensation_amount = fields.Float(readonly=True)

    def _amarc_view_query(self):
        """One row per ticket. A complaint (``c``) is a ticket that is not a
        recourse; a closed ticket without response date was closed without an
        answer (cancelled, withdrawn, duplicate: ``x``). The acknowledgement
        and response measures are those of the complaints not closed without
        an answer; the recourses have their own measures."""
        return SQL(
            """
            SELECT t.id AS id,
                   t.id AS ticket_id,
                   t.company_id,
                   t.team_id,
                   t.channel_id,
                   t.category_id,
                   t.user_id,
                   t.stage_id,
                   t.amarc_severity AS severity,
                   t.amarc_resolution AS resolution,
                   NOT f.c AS is_recourse,
                   (t.amarc_received_date AT TIME ZONE 'UTC'
                       AT TIME ZONE c.tz)::date AS date,
                   (t.amarc_response_date AT TIME ZONE 'UTC'
                       AT TIME ZONE c.tz)::date AS response_date,
                   f.c::int AS ticket_count,
                   (f.c AND t.amarc_response_date IS NOT NULL)::int
                       AS answered_count,
                   (f.c AND t.amarc_response_date IS NULL AND NOT f.x)::int
                       AS backlog_count,
                   (f.c AND f.x)::int AS cancelled_count,
                   (f.c AND t.amarc_withdrawn_date IS NOT NULL)::int
                       AS withdrawn_count,
                   (f.m AND t.amarc_ack_date <= t.amarc_ack_deadline)::int
                       AS ack_on_time_count,
                   (f.m AND t.amarc_ack_late IS TRUE)::int AS ack_late_count,
                   CASE WHEN NOT f.m THEN NULL
                        WHEN t.amarc_ack_date <= t.amarc_ack_deadline THEN 100.0
                        WHEN t.amarc_ack_late THEN 0.0
                   END AS ack_on_time_rate,
                   CASE WHEN f.c AND t.amarc_response_date IS NOT NULL
                        THEN t.amarc_response_working_days
                   END AS response_delay,
                   (f.c AND t.amarc_response_date IS NOT NULL
                    AND t.amarc_response_late IS TRUE)::int AS response_late_count,
                   f.i::int AS immediate_count,
                   CASE WHEN f.c THEN f.i::int * 100.0 END AS immediate_rate,
                   COALESCE(e.n, 0) AS extension_count,
                   COALESCE(e.late, 0) AS extension_late_count,
                   (NOT f.c)::int AS recourse_count,
                   (NOT f.c AND t.amarc_response_date IS NOT NULL)::int
                       AS recourse_answered_count,
                   CASE WHEN NOT f.c AND t.amarc_response_date IS NOT NULL
                        THEN t.amarc_response_working_days
                   END AS recourse_delay,
                   t.amarc_compensation_amount AS compensation_amount,
                   t.amarc_received_date AS arrived_at,
                   date_trunc('month', t.amarc_received_date AT TIME ZONE 'UTC'
                                       AT TIME ZONE c.tz)::date AS date_month
              FROM helpdesk_ticket t
              -- the timezone of each company, looked up once (OFFSET 0 keeps
              -- PostgreSQL from joining the three tables to every ticket)
              JOIN (SELECT c.id, COALESCE(rc.tz, p.tz, 'UTC') AS tz
                      FROM res_company c
                      LEFT JOIN res_partner p ON p.id = c.partner_id
                      LEFT JOIN resource_calendar rc
                        ON rc.id = c.resource_calendar_id
                    OFFSET 0) c ON c.id = t.company_id
              LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
              LEFT JOIN (SELECT ticket_id, count(*) AS n,
                                count(*) FILTER (WHERE late) AS late
                           FROM amarc_ticket_extension
                          GROUP BY ticket_id) e ON e.ticket_id = t.id
              -- c: a complaint (not a recourse); x: closed without an answer;
              -- m: a complaint measured (acknowledgement, response); i: a
              -- complaint answered at the first contact, the day received
              CROSS JOIN LATERAL (
                  SELECT q.c, q.x, q.c AND NOT q.x AS m,
                         COALESCE(q.c AND t.amarc_ack_kind = 'answer'
                         AND (t.amarc_response_date AT TIME ZONE 'UTC'
                              AT TIME ZONE c.tz)::date
                           = (t.amarc_received_date AT TIME ZONE 'UTC'
                              AT TIME ZONE c.tz)::date, FALSE) AS i
                    FROM (SELECT t.amarc_recourse_of_id IS NULL AS c,
                                 COALESCE(s.closed, FALSE)
                                 AND t.amarc_response_date IS NULL AS x) q
              ) f
             WHERE t.active AND t.amarc_received_date IS NOT NULL
            """
        )

    def init(self):
        # dropped first: CREATE OR REPLACE cannot rename or reorder columns
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._amarc_view_query(),
            )
        )

    # ------------------------------------------------------------------
    # Date filters
    # ------------------------------------------------------------------
    @api.model
    def _search(self, domain, *args, **kwargs):
        domain = Domain(domain).map_conditions(self._amarc_date_condition)
        return super()._search(domain, *args, **kwargs)

    @api.model
    def _amarc_date_condition(self, condition):
        """An equivalent of a condition comparing the local date of receipt
        (``date``) to a day, that SQL can mostly decide on the UTC moment of
        receipt (``arrived_at``) alone.

        A local day starts between 14 hours before and 12 hours after the same
        instant in UTC (the timezones go from UTC-12 to UTC+14): a moment more
        than a day before the start of the day in UTC is before it in any
        timezone, a moment more than a day after it is after it in any
        timezone. Only the tickets received within a day of the boundary are
        compared on their local date, converted to their company's timezone.
        The pivot's year filter thus converts the dates of two days of tickets
        instead of every ticket of the company. (The field is named so that it
        sorts before ``date``: the ORM orders the conditions of an OR by field
        name, and SQL evaluates them in that order.)"""
        if condition.field_expr != "date" or condition.operator not in (
            "<",
            "<=",
            ">",
            ">=",
        ):
            return condition
        try:
            day = fields.Date.to_date(condition.value)
        except (TypeError, ValueError):
            return condition
        if not day:
            return condition
        # the first local moment that meets (>, >=) or not (<, <=) the
        # condition
        if condition.operator in (">", "<="):
            day += timedelta(days=1)
        boundary = datetime.combine(day, time.min)
        margin = timedelta(days=1)
        if condition.operator in (">", ">="):
            return Domain("arrived_at", ">=", boundary - margin) & (
                Domain("arrived_at", ">=", boundary + margin) | condition
            )
        return Domain("arrived_at", "<", boundary + margin) & (
            Domain("arrived_at", "<", boundary - margin) | condition
        )

    @api.model
    def _read_group_groupby(self, alias, groupby_spec, query):
        """The months, quarters and years of receipt read from the view's
        ``date_month`` (the first day of the local month of receipt) rather
        than truncated from ``date``: the same values, but PostgreSQL then
        converts each date to the company's timezone once instead of twice
        (for ``date`` and for its truncation)."""
        sql = super()._read_group_groupby(alias, groupby_spec, query)
        granularity = {
            "date:month": None,
            "date:quarter": "quarter",
            "date:year": "year",
        }
        if groupby_spec not in granularity:
            return sql
        month = SQL.identifier(alias, "date_month")
        if not granularity[groupby_spec]:
            return month
        return SQL(
            "date_trunc(%s, %s::timestamp)::date", granularity[groupby_spec], month
        )

    # ------------------------------------------------------------------
    # Aggregates in SQL
    # ------------------------------------------------------------------
    @api.model
    def _amarc_aggregate(self, domain, groupby=()):
        """Every measure of ``MEASURES`` for the rows of ``domain`` (record
        rules apply), grouped by ``groupby`` (field names, with a granularity
        for dates: ``"date:month"``), in ONE SQL query. Returns a list of
        dicts: the groupby keys (ids for many2one, dates for date buckets)
        and the measures; rates in %, delays in working days."""
        query = self._search(Domain(domain))
        alias = self._table
        keys = [self._read_group_groupby(alias, spec, query) for spec in groupby]
        col = SQL.identifier
        selects = [SQL("%s AS %s", key, col(f"g{i}")) for i, key in enumerate(keys)] + [
            SQL("COALESCE(sum(%s.ticket_count), 0)", col(alias)),
            SQL("COALESCE(sum(%s.answered_count), 0)", col(alias)),
            SQL("COALESCE(sum(%s.backlog_count), 0)", col(alias)),
            SQL("COALESCE(sum(%s.ack_on_time_count), 0)", col(alias)),
            SQL("COALESCE(sum(%s.ack_late_count), 0)", col(alias)),
            SQL("avg(%s.ack_on_time_rate)", col(alias)),
            SQL("avg(%s.response_delay)", col(alias)),
            SQL(
                "percentile_cont(0.9) WITHIN GROUP (ORDER BY %s.response_delay)",
                col(alias),
            ),
            SQL("COALESCE(sum(%s.response_late_count), 0)", col(alias)),
            SQL("COALESCE(sum(%s.withdrawn_count), 0)", col(alias)),
            SQL("COALESCE(sum(%s.cancelled_count), 0)", col(alias)),
            SQL(
                "100.0 * sum(%s.cancelled_count) / NULLIF(sum(%s.ticket_count), 0)",
                col(alias),
                col(alias),
            ),
            SQL("COALESCE(sum(%s.immediate_count), 0)", col(alias)),
            SQL("avg(%s.immediate_rate)", col(alias)),
            SQL("COALESCE(sum(%s.extension_count), 0)", col(alias)),
            SQL("COALESCE(sum(%s.extension_late_count), 0)", col(alias)),
            SQL("COALESCE(sum(%s.recourse_count), 0)", col(alias)),
            SQL("COALESCE(sum(%s.recourse_answered_count), 0)", col(alias)),
            SQL(
                "100.0 * sum(%s.recourse_count) / NULLIF(sum(%s.answered_count), 0)",
                col(alias),
                col(alias),
            ),
            SQL("avg(%s.recourse_delay)", col(alias)),
        ]
        sql = SQL(
            "SELECT %s FROM %s WHERE %s",
            SQL(", ").join(selects),
            query.from_clause,
            query.where_clause or SQL("TRUE"),
        )
        if keys:
            positions = SQL(", ").join(SQL(str(i + 1)) for i in range(len(keys)))
            sql = SQL("%s GROUP BY %s ORDER BY %s", sql, positions, positions)
        result = []
        # execute_query flushes what the view reads (``_depends``)
        for row in self.env.execute_query(sql):
            values = dict(zip(groupby, row[: len(keys)], strict=True))
            for name, value in zip(MEASURES, row[len(keys) :], strict=True):
                values[name] = float(value) if value is not None else None
            for name in COUNTS:
                values[name] = int(values[name] or 0)
            result.append(values)
        return result

    @api.model
    def _amarc_period_domain(self, date_from, date_to, company=None, team=None):
        domain = [("date", ">=", date_from), ("date", "<=", date_to)]
        if company:
            domain.append(("company_id", "in", company.ids))
        if team:
            domain.append(("team_id", "in", team.ids))
        return domain

    @api.model
    def _amarc_totals(self, date_from, date_to, company=None, team=None):
        """The measures of a period (tickets received in it), as one dict."""
        return self._amarc_aggregate(
            self._amarc_period_domain(date_from, date_to, company, team)
        )[0]

    @api.model
    def _amarc_period_bounds(self, period, day):
        """(first day, last day) of the month / semester / year of ``day``."""
        if period == "month":
            start = day.replace(day=1)
            end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        elif period == "semester":
            start = day.replace(month=1 if day.month <= 6 else 7, day=1)
            end = (start + timedelta(days=190)).replace(day=1) - timedelta(days=1)
        elif period == "year":
            start = day.replace(month=1, day=1)
            end = day.replace(month=12, day=31)
        else:
            raise UserError(self.env._("Unknown period %(period)s.", period=period))
        return start, end
