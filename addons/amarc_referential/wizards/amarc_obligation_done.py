from odoo import api, fields, models
from odoo.exceptions import UserError


class AmarcObligationDone(models.TransientModel):
    """Record that recurring obligations were fulfilled, with their proof."""

    _name = "amarc.obligation.done"
    _description = "Mark AMARC obligations done"

    obligation_ids = fields.Many2many(
        "amarc.obligation", string="Obligations", required=True
    )
    done_date = fields.Date(
        string="Done on", required=True, default=fields.Date.context_today
    )
    evidence_name = fields.Char(string="Evidence title")
    note = fields.Html()
    attachment_ids = fields.Many2many("ir.attachment", string="Proof documents")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if self.env.context.get("active_model") == "amarc.obligation":
            res["obligation_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return res

    def action_confirm(self):
        self.ensure_one()
        if not self.obligation_ids:
            raise UserError(self.env._("Select at least one obligation."))
        if self.done_date > fields.Date.context_today(self):
            raise UserError(
                self.env._("An obligation cannot be marked done in the future.")
            )
        self.obligation_ids.check_access("write")
        self.obligation_ids._mark_done(
            self.done_date,
            note=self.note,
            attachments=self.attachment_ids,
            evidence_name=self.evidence_name,
        )
        return {"type": "ir.actions.act_window_close"}
