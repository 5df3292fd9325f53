from odoo import api, fields, models
from odoo.exceptions import UserError


class AmarcActionExport(models.TransientModel):
    """What to export to XLSX (the report
    ``amarc_action_plan.report_actions_xlsx``): the chosen actions, the actions
    of the chosen plans, or every action of a year."""

    _name = "amarc.action.export"
    _description = "Export AMARC actions to XLSX"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    year = fields.Integer(default=lambda self: fields.Date.context_today(self).year)
    plan_ids = fields.Many2many("amarc.action.plan", string="Plans")
    action_ids = fields.Many2many("amarc.action", string="Actions")

    @api.model
    def _open_for(self, plans=None, actions=None):
        wizard = self.create(
            {
                "plan_ids": [(6, 0, plans.ids)] if plans else [],
                "action_ids": [(6, 0, actions.ids)] if actions else [],
            }
        )
        return wizard.action_export()

    def _actions(self):
        self.ensure_one()
        if self.action_ids:
            return self.action_ids
        Action = self.env["amarc.action"]
        if self.plan_ids:
            return Action.search(
                [("plan_id", "in", self.plan_ids.ids)],
                order="plan_id, date_deadline, id",
            )
        if not self.year:
            raise UserError(self.env._("Choose a year or plans to export."))
        return Action.search(
            [
                ("company_id", "=", self.company_id.id),
                "|",
                ("plan_id.year", "=", self.year),
                "&",
                "&",
                ("plan_id", "=", False),
                ("create_date", ">=", f"{self.year}-01-01"),
                ("create_date", "<", f"{self.year + 1}-01-01"),
            ],
            order="plan_id, date_deadline, id",
        )

    @api.readonly
    def action_export(self):
        self.ensure_one()
        self._actions().check_access("read")
        return self.env.ref(
            "amarc_action_plan.action_report_amarc_actions_xlsx"
        ).report_action(self, config=False)
