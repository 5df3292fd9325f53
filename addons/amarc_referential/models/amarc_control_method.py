from odoo import fields, models


class AmarcControlMethod(models.Model):
    """A control method of the certification body (documentary check, mystery call)."""

    _name = "amarc.control.method"
    _description = "AMARC Control Method"
    _order = "sequence, id"

    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    criterion_ids = fields.Many2many(
        "amarc.criterion",
        "amarc_criterion_control_method_rel",
        "method_id",
        "criterion_id",
        string="Criteria",
        readonly=True,
    )

    _code_uniq = models.Constraint(
        "UNIQUE(code)", "A control method code must be unique."
    )
