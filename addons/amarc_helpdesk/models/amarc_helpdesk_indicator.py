import os
import tempfile
import uuid
from datetime import datetime, time, timedelta

import xlsxwriter

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
)
STREAM_BATCH = 2000


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
        ],
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
    ticket_count = fields.Integer(string="Received", readonly=True)
    answered_count = fields.Integer(string="Answered", readonly=True)
    backlog_count = fields.Integer(
        string="Backlog",
        readonly=True,
        help="Not answered yet (the complaints withdrawn by the customer aside).",
    )
    withdrawn_count = fields.Integer(
        string="Withdrawn",
        readonly=True,
        help="Closed by the customer from the portal: withdrawn, not answered.",
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
                   (t.amarc_received_date AT TIME ZONE 'UTC'
                       AT TIME ZONE c.tz)::date AS date,
                   (t.amarc_response_date AT TIME ZONE 'UTC'
                       AT TIME ZONE c.tz)::date AS response_date,
                   1 AS ticket_count,
                   (t.amarc_response_date IS NOT NULL)::int AS answered_count,
                   (t.amarc_response_date IS NULL
                    AND t.amarc_withdrawn_date IS NULL)::int AS backlog_count,
                   (t.amarc_withdrawn_date IS NOT NULL)::int AS withdrawn_count,
                   (t.amarc_ack_date <= t.amarc_ack_deadline)::int
                       AS ack_on_time_count,
                   (t.amarc_ack_late IS TRUE)::int AS ack_late_count,
                   CASE WHEN t.amarc_ack_date <= t.amarc_ack_deadline THEN 100.0
                        WHEN t.amarc_ack_late THEN 0.0
                   END AS ack_on_time_rate,
                   CASE WHEN t.amarc_response_date IS NOT NULL
                        THEN t.amarc_response_working_days
                   END AS response_delay,
                   (t.amarc_response_date IS NOT NULL
                    AND t.amarc_response_late IS TRUE)::int AS response_late_count,
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
            for name in MEASURES:
                if name not in ("ack_on_time_rate",) and "delay" not in name:
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

    # ------------------------------------------------------------------
    # XLSX export
    # ------------------------------------------------------------------
    @api.model
    def _amarc_indicator_xlsx_sheets(self):
        """The sheets of the indicator workbook, in order: a list of
        ``(key, title, method name)``. Each method is called with
        ``(sheet, styles, params)`` and writes its rows in order (constant
        memory mode). Extension hook: other addons append their sheets."""
        return [
            ("month", self.env._("By month"), "_amarc_xlsx_sheet_month"),
            ("team", self.env._("By team"), "_amarc_xlsx_sheet_team"),
            ("channel", self.env._("By channel"), "_amarc_xlsx_sheet_channel"),
            ("reason", self.env._("By reason"), "_amarc_xlsx_sheet_reason"),
            (
                "resolution",
                self.env._("Resolutions"),
                "_amarc_xlsx_sheet_resolution",
            ),
            (
                "year_on_year",
                self.env._("Year on year"),
                "_amarc_xlsx_sheet_year_on_year",
            ),
            ("objectives", self.env._("Objectives"), "_amarc_xlsx_sheet_objectives"),
            ("tickets", self.env._("Tickets"), "_amarc_xlsx_sheet_tickets"),
        ]

    def _amarc_measure_headers(self):
        return [
            self.env._("Received"),
            self.env._("Answered"),
            self.env._("Backlog"),
            self.env._("Acknowledged on time"),
            self.env._("Acknowledged late"),
            self.env._("Acknowledgement on time (%)"),
            self.env._("Mean response delay (working days)"),
            self.env._("P90 response delay (working days)"),
            self.env._("Answered late"),
            self.env._("Withdrawn by the customer"),
        ]

    @api.model
    def _amarc_xlsx_write_row(self, sheet, row, values, styles):
        for col, value in enumerate(values):
            if value is None or value is False:
                sheet.write_blank(row, col, None)
            elif isinstance(value, datetime):
                sheet.write_datetime(row, col, value, styles["datetime"])
            elif hasattr(value, "isoformat"):
                sheet.write_datetime(
                    row, col, datetime.combine(value, time.min), styles["date"]
                )
            elif isinstance(value, float):
                sheet.write_number(row, col, round(value, 2), styles["number"])
            else:
                sheet.write(row, col, value)

    @api.model
    def _amarc_xlsx_header(self, sheet, headers, styles, width=18):
        for col, header in enumerate(headers):
            sheet.set_column(col, col, width if col else 28)
            sheet.write(0, col, header, styles["header"])

    @api.model
    def _amarc_xlsx_grouped(self, sheet, styles, params, groupby, label, render):
        self._amarc_xlsx_header(sheet, [label, *self._amarc_measure_headers()], styles)
        rows = self._amarc_aggregate(params["domain"], [groupby])
        for row, values in enumerate(rows, start=1):
            self._amarc_xlsx_write_row(
                sheet,
                row,
                [render(values[groupby]), *(values[m] for m in MEASURES)],
                styles,
            )
        return len(rows)

    def _amarc_xlsx_sheet_month(self, sheet, styles, params):
        return self._amarc_xlsx_grouped(
            sheet, styles, params, "date:month", self.env._("Month"), lambda v: v
        )

    def _amarc_xlsx_record_name(self, model):
        def render(value):
            if not value:
                return self.env._("None")
            record = value if isinstance(value, models.BaseModel) else None
            record = record or self.env[model].browse(value)
            return record.sudo().display_name

        return render

    def _amarc_xlsx_sheet_team(self, sheet, styles, params):
        return self._amarc_xlsx_grouped(
            sheet,
            styles,
            params,
            "team_id",
            self.env._("Team"),
            self._amarc_xlsx_record_name("helpdesk.ticket.team"),
        )

    def _amarc_xlsx_sheet_channel(self, sheet, styles, params):
        return self._amarc_xlsx_grouped(
            sheet,
            styles,
            params,
            "channel_id",
            self.env._("Channel"),
            self._amarc_xlsx_record_name("helpdesk.ticket.channel"),
        )

    def _amarc_xlsx_sheet_reason(self, sheet, styles, params):
        return self._amarc_xlsx_grouped(
            sheet,
            styles,
            params,
            "category_id",
            self.env._("Reason"),
            self._amarc_xlsx_record_name("helpdesk.ticket.category"),
        )

    def _amarc_xlsx_sheet_resolution(self, sheet, styles, params):
        labels = dict(self._fields["resolution"]._description_selection(self.env))
        self._amarc_xlsx_header(
            sheet,
            [
                self.env._("Resolution"),
                self.env._("Tickets"),
                self.env._("Compensation amount"),
            ],
            styles,
        )
        groups = self._read_group(
            params["domain"] + [("answered_count", "=", 1)],
            ["resolution"],
            ["__count", "compensation_amount:sum"],
            order="resolution",
        )
        for row, (resolution, count, amount) in enumerate(groups, start=1):
            self._amarc_xlsx_write_row(
                sheet,
                row,
                [
                    labels.get(resolution) or self.env._("Not set"),
                    count,
                    float(amount or 0.0),
                ],
                styles,
            )
        return len(groups)

    def _amarc_xlsx_sheet_year_on_year(self, sheet, styles, params):
        Objective = self.env["amarc.objective"]
        self._amarc_xlsx_header(
            sheet,
            [
                self.env._("Indicator"),
                self.env._("Previous year"),
                self.env._("This year"),
                self.env._("Trend"),
            ],
            styles,
        )
        trends = dict(Objective._amarc_trend_labels())
        lines = Objective._amarc_year_on_year(params["company"], params["date_to"].year)
        for row, line in enumerate(lines, start=1):
            self._amarc_xlsx_write_row(
                sheet,
                row,
                [
                    line["label"],
                    line["previous"],
                    line["current"],
                    trends.get(line["trend"], ""),
                ],
                styles,
            )
        return len(lines)

    def _amarc_xlsx_sheet_objectives(self, sheet, styles, params):
        objectives = self.env["amarc.objective"].search(
            [
                ("company_id", "in", params["company"].ids),
                ("date_from", "<=", params["date_to"]),
                ("date_to", ">=", params["date_from"]),
            ],
            order="date_from, id",
        )
        indicators = dict(
            objectives._fields["indicator"]._description_selection(self.env)
        )
        self._amarc_xlsx_header(
            sheet,
            [
                self.env._("Objective"),
                self.env._("Indicator"),
                self.env._("From"),
                self.env._("To"),
                self.env._("Comparison"),
                self.env._("Target"),
                self.env._("Value"),
                self.env._("Met"),
            ],
            styles,
        )
        for row, objective in enumerate(objectives, start=1):
            self._amarc_xlsx_write_row(
                sheet,
                row,
                [
                    objective.name,
                    indicators.get(objective.indicator),
                    objective.date_from,
                    objective.date_to,
                    objective.comparison,
                    objective.target,
                    objective.value if objective.value_known else None,
                    self.env._("Yes") if objective.met else self.env._("No"),
                ],
                styles,
            )
        return len(objectives)

    def _amarc_xlsx_sheet_tickets(self, sheet, styles, params):
        """Every ticket of the period, streamed from SQL in batches."""
        self._amarc_xlsx_header(
            sheet,
            [
                self.env._("Ticket"),
                self.env._("Received on"),
                self.env._("Team"),
                self.env._("Channel"),
                self.env._("Reason"),
                self.env._("Acknowledged on time"),
                self.env._("Answered on"),
                self.env._("Response delay (working days)"),
                self.env._("Resolution"),
            ],
            styles,
        )
        labels = dict(self._fields["resolution"]._description_selection(self.env))
        names = {
            model: {
                r.id: r.display_name
                for r in self.env[model]
                .sudo()
                .with_context(active_test=False)
                .search([])
            }
            for model in (
                "helpdesk.ticket.team",
                "helpdesk.ticket.channel",
                "helpdesk.ticket.category",
            )
        }
        self.env.flush_all()
        query = self._search(Domain(params["domain"]))
        alias = SQL.identifier(self._table)
        # a server-side cursor: the rows come STREAM_BATCH at a time, never
        # the whole period in memory
        cursor = SQL.identifier(f"amarc_xlsx_tickets_{uuid.uuid4().hex}")
        self.env.cr.execute(
            SQL(
                """DECLARE %(cursor)s NO SCROLL CURSOR FOR
                   SELECT t.number, t.name, t.amarc_received_date, %(a)s.team_id,
                          %(a)s.channel_id, %(a)s.category_id,
                          %(a)s.ack_on_time_rate, t.amarc_response_date,
                          %(a)s.response_delay, %(a)s.resolution
                     FROM %(from)s
                     JOIN helpdesk_ticket t ON t.id = %(a)s.ticket_id
                    WHERE %(where)s
                    ORDER BY t.amarc_received_date, t.id""",
                cursor=cursor,
                a=alias,
                **{"from": query.from_clause, "where": query.where_clause},
            )
        )
        row = 0
        yes, no = self.env._("Yes"), self.env._("No")
        while True:
            self.env.cr.execute(SQL("FETCH FORWARD %s FROM %s", STREAM_BATCH, cursor))
            batch = self.env.cr.fetchall()
            if not batch:
                break
            for record in batch:
                (number, name, received, team, channel, reason) = record[:6]
                ack, answered, delay, res = record[6:]
                row += 1
                self._amarc_xlsx_write_row(
                    sheet,
                    row,
                    [
                        f"{number} {name}",
                        received,
                        names["helpdesk.ticket.team"].get(team),
                        names["helpdesk.ticket.channel"].get(channel),
                        names["helpdesk.ticket.category"].get(reason),
                        None if ack is None else (yes if ack else no),
                        answered,
                        float(delay) if delay is not None else None,
                        labels.get(res),
                    ],
                    styles,
                )
        self.env.cr.execute(SQL("CLOSE %s", cursor))
        return row

    @api.model
    def _amarc_xlsx(self, date_from, date_to, company):
        """The indicator workbook of a period (tickets received from
        ``date_from`` to ``date_to`` included) for ``company``, as bytes (for
        e-mails; ``_amarc_xlsx_file`` writes it to a file in constant memory)."""
        handle, path = tempfile.mkstemp(prefix="amarc_indicators_", suffix=".xlsx")
        os.close(handle)
        try:
            self._amarc_xlsx_file(path, date_from, date_to, company)
            with open(path, "rb") as content:
                return content.read()
        finally:
            os.unlink(path)

    @api.model
    def _amarc_xlsx_file(self, path, date_from, date_to, company):
        """Write the indicator workbook of a period for ``company`` to the file
        ``path``, in constant memory: xlsxwriter writes each sheet row by row
        to a temporary file (``constant_memory``) and the tickets come from a
        server-side cursor, whatever the number of tickets."""
        if not date_from or not date_to or date_to < date_from:
            raise UserError(
                self.env._("Choose a period: a start date and an end date after it.")
            )
        self.check_access("read")
        workbook = xlsxwriter.Workbook(
            path, {"constant_memory": True, "remove_timezone": True}
        )
        styles = {
            "header": workbook.add_format(
                {"bold": True, "bg_color": "#DDEBF7", "border": 1}
            ),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
            "number": workbook.add_format({"num_format": "0.00"}),
        }
        params = {
            "date_from": date_from,
            "date_to": date_to,
            "company": company,
            "domain": self._amarc_period_domain(date_from, date_to, company),
        }
        try:
            for _key, title, method in self._amarc_indicator_xlsx_sheets():
                sheet = workbook.add_worksheet(title[:31])
                getattr(self, method)(sheet, styles, params)
        finally:
            workbook.close()
        return path

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
