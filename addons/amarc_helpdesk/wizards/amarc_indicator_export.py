from odoo import api, fields, models
from odoo.exceptions import UserError


class AmarcIndicatorExport(models.TransientModel):
    """The period and the company of the indicator workbook (AMARC 1.12,
    1.16): the XLSX report ``amarc_helpdesk.report_indicators_xlsx``, written
    in constant memory whatever the number of tickets."""

    _name = "amarc.indicator.export"
    _description = "Export AMARC indicators to XLSX"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    period = fields.Selection(
        [("month", "Month"), ("semester", "Semester"), ("year", "Year")],
        required=True,
        default="year",
    )
    date_from = fields.Date(
        string="From",
        compute="_compute_dates",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    date_to = fields.Date(
        string="To",
        compute="_compute_dates",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )

    @api.depends("period")
    def _compute_dates(self):
        Indicator = self.env["amarc.helpdesk.indicator"]
        today = fields.Date.context_today(self)
        for wizard in self:
            wizard.date_from, wizard.date_to = Indicator._amarc_period_bounds(
                wizard.period or "year", today
            )

    @api.readonly
    def action_export(self):
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(
                self.env._("The end of the period cannot be before its start.")
            )
        return self.env.ref(
            "amarc_helpdesk.action_report_amarc_indicators_xlsx"
        ).report_action(self, config=False)
