import base64

from odoo import api, fields, models
from odoo.exceptions import UserError


class AmarcIndicatorExport(models.TransientModel):
    """XLSX export of the indicators of a period (AMARC 1.12, 1.16)."""

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
    file_data = fields.Binary(string="File", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    @api.depends("period")
    def _compute_dates(self):
        Indicator = self.env["amarc.helpdesk.indicator"]
        today = fields.Date.context_today(self)
        for wizard in self:
            wizard.date_from, wizard.date_to = Indicator._amarc_period_bounds(
                wizard.period or "year", today
            )

    def action_export(self):
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(
                self.env._("The end of the period cannot be before its start.")
            )
        content = self.env["amarc.helpdesk.indicator"]._amarc_xlsx(
            self.date_from, self.date_to, self.company_id
        )
        self.write(
            {
                "file_data": base64.b64encode(content),
                "file_name": self.env._(
                    "Indicators %(start)s - %(end)s.xlsx",
                    start=self.date_from,
                    end=self.date_to,
                ),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": (
                f"/web/content/?model={self._name}&id={self.id}&field=file_data"
                f"&filename_field=file_name&download=true"
            ),
            "target": "self",
        }
