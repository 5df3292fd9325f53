from odoo import fields, models


class AmarcActionEffectiveness(models.TransientModel):
    """Judge the effectiveness of done actions, with the required note."""

    _name = "amarc.action.effectiveness"
    _description = "Judge AMARC action effectiveness"

    action_ids = fields.Many2many("amarc.action", string="Actions", required=True)
    verdict = fields.Selection(
        [("effective", "Effective"), ("not_effective", "Not effective")],
        required=True,
        default="effective",
    )
    note = fields.Text(
        required=True,
        help="What was measured to judge the action (indicator, audit, sample, ...).",
    )

    def action_confirm(self):
        self.ensure_one()
        if self.verdict == "effective":
            self.action_ids.action_mark_effective(self.note)
            return {"type": "ir.actions.act_window_close"}
        followups = self.action_ids.action_mark_not_effective(self.note)
        if len(followups) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "amarc.action",
                "res_id": followups.id,
                "view_mode": "form",
                "target": "current",
            }
        return {"type": "ir.actions.act_window_close"}
