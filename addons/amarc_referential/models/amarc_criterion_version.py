from odoo import fields, models


class AmarcCriterionVersion(models.Model):
    """The wording of a criterion before a change: the successive versions of
    the referential are kept (chapter V.2, three years)."""

    _name = "amarc.criterion.version"
    _description = "AMARC Criterion Version"
    _inherit = ["amarc.retention.mixin"]
    _order = "criterion_id, date desc, id desc"
    _amarc_retention_years = 3
    _amarc_retention_date_field = "date"

    criterion_id = fields.Many2one(
        "amarc.criterion", required=True, ondelete="restrict", index=True
    )
    date = fields.Datetime(
        string="Replaced on", required=True, default=fields.Datetime.now, readonly=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Changed by",
        default=lambda self: self.env.user,
        readonly=True,
    )
    lang = fields.Char(string="Language", readonly=True)
    name = fields.Char(string="Title", readonly=True)
    description = fields.Text(readonly=True)
    level_a = fields.Boolean(readonly=True)
    level_b = fields.Boolean(readonly=True)
