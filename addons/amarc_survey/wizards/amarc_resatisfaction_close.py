from odoo import fields, models

from ..models.amarc_satisfaction_request import RESATISFACTION_STATES


class AmarcResatisfactionClose(models.TransientModel):
    """The dialog that asks for the follow-up note when the outcome of a
    re-satisfaction follow-up is recorded without one."""

    _name = "amarc.resatisfaction.close"
    _description = "AMARC Re-satisfaction Outcome"

    request_id = fields.Many2one(
        "amarc.satisfaction.request",
        string="Satisfaction survey",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    outcome = fields.Selection(
        [s for s in RESATISFACTION_STATES if s[0] != "pending"],
        required=True,
        readonly=True,
    )
    score_display = fields.Char(related="request_id.score_display")
    customer_reason = fields.Char(related="request_id.customer_reason")
    customer_comment = fields.Text(related="request_id.customer_comment")
    note = fields.Text(
        string="Follow-up note",
        required=True,
        help="What was done to bring the customer back to satisfaction, and the "
        "customer's reaction.",
    )

    def action_confirm(self):
        self.ensure_one()
        request = self.request_id
        request.resatisfaction_note = self.note
        request._amarc_close_resatisfaction(self.outcome)
        return {"type": "ir.actions.act_window_close"}
