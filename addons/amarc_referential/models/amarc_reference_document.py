from odoo import fields, models


class AmarcReferenceDocument(models.Model):
    """A kind of reference document listed by the referential (policy, process, ...)."""

    _name = "amarc.reference.document"
    _description = "AMARC Reference Document"
    _order = "sequence, name, id"

    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    criterion_ids = fields.Many2many(
        "amarc.criterion",
        "amarc_criterion_reference_document_rel",
        "document_id",
        "criterion_id",
        string="Criteria",
        readonly=True,
    )

    _code_uniq = models.Constraint(
        "UNIQUE(code)", "A reference document code must be unique."
    )
