from odoo import api, fields, models

INPUT_CATEGORIES = [
    ("previous_actions", "Status of actions from previous reviews"),
    ("issues", "Changes in external and internal issues"),
    ("satisfaction", "Customer satisfaction and feedback"),
    ("objectives", "Extent to which objectives have been met"),
    ("performance", "Process performance (indicators)"),
    ("nonconformities", "Nonconformities and corrective actions"),
    ("audit_results", "Audit results"),
    ("alerts", "Alerts"),
    ("resources", "Adequacy of resources"),
    ("opportunities", "Opportunities for improvement"),
]


class AmarcReviewInput(models.Model):
    """One input of a review (ISO 9001 9.3.2), collected or typed by hand."""

    _name = "amarc.review.input"
    _description = "AMARC Review Input"
    _inherit = ["amarc.review.line.mixin"]
    _order = "review_id, category_sequence, sequence, id"

    review_id = fields.Many2one(
        "amarc.review", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="review_id.company_id", store=True, index=True)
    category = fields.Selection(INPUT_CATEGORIES, required=True, default="issues")
    category_sequence = fields.Integer(compute="_compute_category_sequence", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Input", required=True)
    value = fields.Char()
    description = fields.Text()
    source = fields.Reference(selection="_selection_source", string="Source record")
    auto = fields.Boolean(
        string="Collected",
        readonly=True,
        help="Collected automatically: rebuilt on each collect.",
    )

    def _selection_source(self):
        return self.env["amarc.action"]._selection_source()

    @api.depends("category")
    def _compute_category_sequence(self):
        order = [key for key, _label in INPUT_CATEGORIES]
        for line in self:
            line.category_sequence = order.index(line.category) if line.category else 99
