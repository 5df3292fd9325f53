from odoo import fields, models


class AmarcReviewDecision(models.Model):
    """A decision of a review (ISO 9001 9.3.3 outputs)."""

    _name = "amarc.review.decision"
    _description = "AMARC Review Decision"
    _inherit = ["amarc.review.line.mixin"]
    _order = "review_id, sequence, id"

    review_id = fields.Many2one(
        "amarc.review", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="review_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Text(string="Decision", required=True)
    kind = fields.Selection(
        [
            ("improvement", "Opportunity for improvement"),
            ("change", "Change to the management system"),
            ("resources", "Resource need"),
        ],
        default="improvement",
        required=True,
    )
    user_id = fields.Many2one("res.users", string="Responsible")
