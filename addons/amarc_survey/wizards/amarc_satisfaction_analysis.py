from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape


class AmarcSatisfactionAnalysis(models.TransientModel):
    """The yearly analysis of the satisfaction survey results (AMARC 5.3),
    printed or exported for the management and the services concerned, and
    turned into the year's action plan in one click (5.4)."""

    _name = "amarc.satisfaction.analysis"
    _description = "AMARC Satisfaction Results Analysis"
    # its company, year and plan; sent to the management (5.3): see
    # amarc_satisfaction_analysis_sending.py
    _inherit = ["amarc.analysis.sending.mixin"]
    _check_company_auto = True

    target_rate = fields.Float(
        string="Satisfaction target (%)",
        compute="_compute_target_rate",
        store=True,
        readonly=False,
    )
    date_from = fields.Date(
        string="From",
        help="With the end date, the analysis covers this period (such as the "
        "twelve months of the certification file) instead of the calendar year.",
    )
    date_to = fields.Date(string="To")

    @api.depends("company_id")
    def _compute_target_rate(self):
        for wizard in self:
            wizard.target_rate = wizard.company_id.amarc_survey_target_rate

    @api.constrains("target_rate", "date_from", "date_to")
    def _check_values(self):
        for wizard in self:
            if (wizard.date_from or wizard.date_to) and not (
                wizard.date_from
                and wizard.date_to
                and wizard.date_from <= wizard.date_to
            ):
                raise ValidationError(
                    self.env._(
                        "Choose a period: a start date and an end date after it."
                    )
                )
            if not 0 <= wizard.target_rate <= 100:
                raise ValidationError(
                    self.env._("The satisfaction target is a percentage (0 to 100).")
                )

    def _domain(self, year=None):
        """The surveys sent in ``year`` (the wizard's year by default); with a
        period, in the period (shifted back as many years as ``year`` is before
        the wizard's year)."""
        self.ensure_one()
        if not (self.date_from and self.date_to):
            return self._amarc_year_domain("date", year)
        shift = relativedelta(years=self.year - (year or self.year))
        return [
            ("company_id", "=", self.company_id.id),
            ("date", ">=", self.date_from - shift),
            ("date", "<", self.date_to - shift + timedelta(days=1)),
        ]

    def _amarc_analysis_data(self):
        """Everything the reports (PDF and XLSX) and the plan show."""
        self.ensure_one()
        Report = self.env["amarc.satisfaction.report"]
        domain = self._domain()

        def rows(groupby, label):
            result = []
            for group, rates in Report._amarc_rates_by(domain, groupby).items():
                result.append(dict(rates, name=label(group), record=group))
            return result

        none = self.env._("(none)")
        previous = Report._amarc_rates(self._domain(self.year - 1))
        by_reason = rows("category_id", lambda g: g.name or none)
        return {
            "total": Report._amarc_rates(domain),
            "previous": previous,
            # the month ("2026-01"), not the datetime starting it
            "by_month": rows(
                "date:month", lambda g: g.strftime("%Y-%m") if g else none
            ),
            "by_team": rows("team_id", lambda g: g.name or none),
            "by_reason": by_reason,
            "by_agent": rows("user_id", lambda g: g.name or none),
            "below_target": [
                row
                for row in by_reason
                if row["satisfaction_rate"] is not None
                and row["satisfaction_rate"] < self.target_rate
            ],
        }

    def _amarc_period_label(self):
        """The period analysed: the year, or the dates of the period."""
        self.ensure_one()
        if self.date_from and self.date_to:
            return f"{self.date_from} - {self.date_to}"
        return str(self.year)

    @staticmethod
    def _rate(value):
        return "-" if value is None else f"{value:.1f} %"

    # ------------------------------------------------------------------
    # XLSX
    # ------------------------------------------------------------------
    @api.readonly
    def action_export_xlsx(self):
        self.ensure_one()
        return self.env.ref(
            "amarc_survey.action_report_amarc_satisfaction_analysis_xlsx"
        ).report_action(self, config=False)

    def _amarc_xlsx_attachment(self, record):
        """The analysis as XLSX (the report), attached to ``record``."""
        self.ensure_one()
        content, _format = self.env["ir.actions.report"]._render_xlsx(
            "amarc_survey.action_report_amarc_satisfaction_analysis_xlsx",
            self.ids,
            None,
        )
        return self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "Satisfaction analysis %(year)s - %(company)s.xlsx",
                    year=self.year,
                    company=self.company_id.name,
                ),
                "raw": content,
                "mimetype": "application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet",
                "res_model": record._name,
                "res_id": record.id,
            }
        )

    @api.readonly
    def action_print(self):
        return self.env.ref(
            "amarc_survey.action_report_amarc_satisfaction_analysis"
        ).report_action(self)

    # ------------------------------------------------------------------
    # Action plan (5.4)
    # ------------------------------------------------------------------
    def _amarc_plan_description(self, data):
        total = data["total"]
        parts = [
            "<p>",
            html_escape(
                self.env._(
                    "Satisfaction surveys of %(year)s: %(sent)s sent, %(answered)s "
                    "answered (response rate %(response)s), satisfaction rate "
                    "%(satisfaction)s (previous year %(previous)s), target %(target)s.",
                    year=self.year,
                    sent=total["sent"],
                    answered=total["answered"],
                    response=self._rate(total["response_rate"]),
                    satisfaction=self._rate(total["satisfaction_rate"]),
                    previous=self._rate(data["previous"]["satisfaction_rate"]),
                    target=self._rate(self.target_rate),
                )
            ),
            "</p><ul>",
        ]
        for row in data["by_reason"]:
            parts.append(
                f"<li>{html_escape(row['name'])}: "
                f"{self._rate(row['satisfaction_rate'])}</li>"
            )
        parts.append("</ul>")
        return "".join(parts)

    def action_create_plan(self):
        """Create the year's action plan (origin: survey analysis) with one
        draft corrective action per reason below the target, the analysis
        attached; open it.
        A second click opens the plan already drawn up: one plan per company
        and year."""
        self.ensure_one()
        plan = self.env["amarc.action.plan"]._amarc_analysis_plan(
            self.company_id, self.year, "survey_analysis"
        )
        if plan:
            self.plan_id = plan
            return plan._amarc_open_form()
        data = self._amarc_analysis_data()
        if not data["total"]["sent"]:
            raise UserError(
                self.env._(
                    "No satisfaction survey was sent in %(year)s for %(company)s: "
                    "there is nothing to analyse.",
                    year=self.year,
                    company=self.company_id.name,
                )
            )
        criterion = self.env.ref(
            "amarc_referential.criterion_5_4", raise_if_not_found=False
        )
        actions = []
        for row in data["below_target"]:
            actions.append(
                {
                    "name": self.env._(
                        "Improve satisfaction for reason %(reason)s (%(rate)s)",
                        reason=row["name"],
                        rate=self._rate(row["satisfaction_rate"]),
                    ),
                    "action_type": "corrective",
                    "company_id": self.company_id.id,
                    "source": f"{row['record']._name},{row['record'].id}"
                    if row["record"]
                    else False,
                    "criterion_ids": [(6, 0, criterion.ids)] if criterion else [],
                }
            )
        plan = self.env["amarc.action.plan"].create(
            {
                "name": self.env._(
                    "Satisfaction survey action plan %(year)s", year=self.year
                ),
                "company_id": self.company_id.id,
                "year": self.year,
                "origin": "survey_analysis",
                "description": self._amarc_plan_description(data),
                "action_ids": [(0, 0, vals) for vals in actions],
            }
        )
        self._amarc_xlsx_attachment(plan)
        self.plan_id = plan
        return plan._amarc_open_form()
