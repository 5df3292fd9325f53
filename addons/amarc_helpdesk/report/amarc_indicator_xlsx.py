import os
import tempfile
import uuid

import xlsxwriter

from odoo import api, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL

from ..models.amarc_helpdesk_indicator import MEASURES

#: tickets fetched at a time from the server-side cursor of the Tickets sheet
STREAM_BATCH = 2000


class AmarcIndicatorXlsx(models.AbstractModel):
    """The indicator workbook of a period (AMARC 1.12, 1.16), for the
    ``amarc.indicator.export`` wizard that holds the period and the company:
    by month, team, channel, reason, resolutions, year on year, objectives and
    every ticket (tickets received from the first day to the last, included).

    Constant memory whatever the number of tickets: xlsxwriter writes each
    sheet row by row to a temporary file (``constant_memory``), the tickets
    come from a server-side cursor, and the file is assembled on disk, then
    read once (bench/README.md, ``xlsx_memory``). The figures are those of the
    user who renders it: the indicators' record rules apply."""

    _name = "report.amarc_helpdesk.report_indicators_xlsx"
    _inherit = "report.amarc_referential.xlsx_mixin"
    _description = "AMARC indicators XLSX report"

    def get_workbook_options(self):
        return {"constant_memory": True, "remove_timezone": True}

    def create_xlsx_report(self, docids, data):
        """As report_xlsx's, except that the file is assembled in a temporary
        file and read once, instead of in a BytesIO then copied into bytes:
        one copy of the file in memory instead of two."""
        wizards = self._get_objs_for_report(docids, data)
        with tempfile.TemporaryDirectory(prefix="amarc_indicators_") as directory:
            path = os.path.join(directory, "indicators.xlsx")
            workbook = xlsxwriter.Workbook(path, self.get_workbook_options())
            try:
                self.generate_xlsx_report(workbook, data, wizards)
            finally:
                workbook.close()
            with open(path, "rb") as content:
                return content.read(), "xlsx"

    @api.model
    def _amarc_sheets(self):
        """The sheets of the workbook, in order: a list of ``(key, title,
        method name)``. Each method is called with ``(sheet, styles, params)``
        and writes its rows in order (constant memory mode). Extension hook:
        other addons append their sheets."""
        return [
            ("month", self.env._("By month"), "_amarc_sheet_month"),
            ("team", self.env._("By team"), "_amarc_sheet_team"),
            ("channel", self.env._("By channel"), "_amarc_sheet_channel"),
            ("reason", self.env._("By reason"), "_amarc_sheet_reason"),
            ("resolution", self.env._("Resolutions"), "_amarc_sheet_resolution"),
            ("recourses", self.env._("Recourses"), "_amarc_sheet_recourses"),
            ("year_on_year", self.env._("Year on year"), "_amarc_sheet_year_on_year"),
            ("objectives", self.env._("Objectives"), "_amarc_sheet_objectives"),
            ("tickets", self.env._("Tickets"), "_amarc_sheet_tickets"),
        ]

    def generate_xlsx_report(self, workbook, data, wizards):
        wizard = wizards.ensure_one()
        date_from, date_to, company = (
            wizard.date_from,
            wizard.date_to,
            wizard.company_id,
        )
        if not date_from or not date_to or date_to < date_from:
            raise UserError(
                self.env._("Choose a period: a start date and an end date after it.")
            )
        Indicator = self.env["amarc.helpdesk.indicator"]
        Indicator.check_access("read")
        styles = self._amarc_xlsx_styles(workbook, digits=2)
        params = {
            "date_from": date_from,
            "date_to": date_to,
            "company": company,
            "domain": Indicator._amarc_period_domain(date_from, date_to, company),
        }
        for _key, title, method in self._amarc_sheets():
            sheet = workbook.add_worksheet(title[:31])
            getattr(self, method)(sheet, styles, params)

    def _amarc_header(self, sheet, headers, styles):
        widths = [28, *[18] * (len(headers) - 1)]
        self._amarc_xlsx_row(
            sheet, 0, headers, styles, style=styles["header"], widths=widths
        )

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
            self.env._("Closed without answer"),
            self.env._("Closed without answer (%)"),
            self.env._("Handled immediately"),
            self.env._("Handled immediately (%)"),
            self.env._("Extensions"),
            self.env._("Extensions told late"),
            self.env._("Recourses"),
            self.env._("Recourses answered"),
            self.env._("Recourses per answered complaint (%)"),
            self.env._("Mean recourse response delay (working days)"),
        ]

    def _amarc_grouped(self, sheet, styles, params, groupby, label, render):
        self._amarc_header(sheet, [label, *self._amarc_measure_headers()], styles)
        rows = self.env["amarc.helpdesk.indicator"]._amarc_aggregate(
            params["domain"], [groupby]
        )
        for row, values in enumerate(rows, start=1):
            self._amarc_xlsx_row(
                sheet,
                row,
                [render(values[groupby]), *(values[m] for m in MEASURES)],
                styles,
            )
        return len(rows)

    def _amarc_sheet_month(self, sheet, styles, params):
        return self._amarc_grouped(
            sheet, styles, params, "date:month", self.env._("Month"), lambda v: v
        )

    def _amarc_record_name(self, model):
        def render(value):
            if not value:
                return self.env._("None")
            record = value if isinstance(value, models.BaseModel) else None
            record = record or self.env[model].browse(value)
            return record.sudo().display_name

        return render

    def _amarc_sheet_team(self, sheet, styles, params):
        return self._amarc_grouped(
            sheet,
            styles,
            params,
            "team_id",
            self.env._("Team"),
            self._amarc_record_name("helpdesk.ticket.team"),
        )

    def _amarc_sheet_channel(self, sheet, styles, params):
        return self._amarc_grouped(
            sheet,
            styles,
            params,
            "channel_id",
            self.env._("Channel"),
            self._amarc_record_name("helpdesk.ticket.channel"),
        )

    def _amarc_sheet_reason(self, sheet, styles, params):
        return self._amarc_grouped(
            sheet,
            styles,
            params,
            "category_id",
            self.env._("Reason"),
            self._amarc_record_name("helpdesk.ticket.category"),
        )

    def _amarc_resolution_labels(self):
        Indicator = self.env["amarc.helpdesk.indicator"]
        return dict(Indicator._fields["resolution"]._description_selection(self.env))

    def _amarc_sheet_resolution(self, sheet, styles, params):
        labels = self._amarc_resolution_labels()
        self._amarc_header(
            sheet,
            [
                self.env._("Resolution"),
                self.env._("Tickets"),
                self.env._("Compensation amount"),
            ],
            styles,
        )
        groups = self.env["amarc.helpdesk.indicator"]._read_group(
            params["domain"] + [("answered_count", "=", 1)],
            ["resolution"],
            ["__count", "compensation_amount:sum"],
            order="resolution",
        )
        for row, (resolution, count, amount) in enumerate(groups, start=1):
            self._amarc_xlsx_row(
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

    def _amarc_sheet_recourses(self, sheet, styles, params):
        """The recourses of the period (4.14-4.16) by outcome: how many, how
        many answered, their mean response delay."""
        labels = self._amarc_resolution_labels()
        self._amarc_header(
            sheet,
            [
                self.env._("Outcome"),
                self.env._("Recourses"),
                self.env._("Recourses answered"),
                self.env._("Mean recourse response delay (working days)"),
            ],
            styles,
        )
        groups = self.env["amarc.helpdesk.indicator"]._read_group(
            params["domain"] + [("is_recourse", "=", True)],
            ["resolution"],
            ["__count", "recourse_answered_count:sum", "recourse_delay:avg"],
            order="resolution",
        )
        for row, (resolution, count, answered, delay) in enumerate(groups, start=1):
            self._amarc_xlsx_row(
                sheet,
                row,
                [
                    labels.get(resolution) or self.env._("Not set"),
                    count,
                    answered or 0,
                    delay,
                ],
                styles,
            )
        return len(groups)

    def _amarc_sheet_year_on_year(self, sheet, styles, params):
        Objective = self.env["amarc.objective"]
        self._amarc_header(
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
            self._amarc_xlsx_row(
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

    def _amarc_sheet_objectives(self, sheet, styles, params):
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
        self._amarc_header(
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
            self._amarc_xlsx_row(
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

    def _amarc_sheet_tickets(self, sheet, styles, params):
        """Every ticket of the period, streamed from SQL in batches."""
        self._amarc_header(
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
        labels = self._amarc_resolution_labels()
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
        yes, no = self.env._("Yes"), self.env._("No")
        row = 0
        for record in self._amarc_ticket_rows(params["domain"]):
            (number, name, received, team, channel, reason) = record[:6]
            ack, answered, delay, res = record[6:]
            row += 1
            self._amarc_xlsx_row(
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
        return row

    def _amarc_ticket_rows(self, domain):
        """The tickets of the indicator rows of ``domain`` (record rules
        apply), from a server-side cursor: STREAM_BATCH rows at a time, never
        the whole period in memory."""
        Indicator = self.env["amarc.helpdesk.indicator"]
        # what the cursor reads: the view (its ``_depends``) and the tickets'
        # own columns
        Indicator.flush_model()
        self.env["helpdesk.ticket"].flush_model(
            ["number", "name", "amarc_received_date", "amarc_response_date"]
        )
        query = Indicator._search(Domain(domain))
        alias = SQL.identifier(Indicator._table)
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
        while True:
            self.env.cr.execute(SQL("FETCH FORWARD %s FROM %s", STREAM_BATCH, cursor))
            batch = self.env.cr.fetchall()
            if not batch:
                break
            yield from batch
        self.env.cr.execute(SQL("CLOSE %s", cursor))
