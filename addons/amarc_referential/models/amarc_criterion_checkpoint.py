from odoo import fields, models

from .amarc_criterion import FREQUENCIES


class AmarcCriterionCheckpoint(models.Model):
    """A bullet inside a criterion (1.4, 1.5, 1.16, 4.9, 4.10)."""

    _name = "amarc.criterion.checkpoint"
    _description = "AMARC Criterion Checkpoint"
    _order = "criterion_id, sequence, id"

    criterion_id = fields.Many2one(
        "amarc.criterion", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Text(required=True, translate=True)
    level_a = fields.Boolean()
    level_b = fields.Boolean(default=True)
    frequency = fields.Selection(FREQUENCIES, required=True, default="none")

    _level_check = models.Constraint(
        "CHECK(NOT level_a OR level_b)",
        "A checkpoint that applies at level A applies at level B too.",
    )
