from odoo import api, fields, models


class AmarcReferential(models.Model):
    """A certification referential (RE/MRC/03 and its successive versions)."""

    _name = "amarc.referential"
    _description = "AMARC Referential"
    _inherit = ["mail.thread"]
    _order = "code, version desc"

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(
        required=True, tracking=True, help="Code of the referential, e.g. RE/MRC/03."
    )
    version = fields.Char(tracking=True)
    certification_body = fields.Char(
        help="Body that certifies against this referential."
    )
    mark = fields.Char(help="Certification mark, e.g. Qualicert.")
    active = fields.Boolean(default=True)
    note = fields.Html(translate=True)
    commitment_ids = fields.One2many(
        "amarc.commitment", "referential_id", string="Commitments"
    )
    criterion_ids = fields.One2many(
        "amarc.criterion", "referential_id", string="Criteria"
    )
    criterion_count = fields.Integer(compute="_compute_criterion_count")

    _code_version_uniq = models.Constraint(
        "UNIQUE(code, version)",
        "A referential with this code and version already exists.",
    )

    @api.depends("criterion_ids")
    def _compute_criterion_count(self):
        counts = dict(
            self.env["amarc.criterion"]._read_group(
                [("referential_id", "in", self.ids)], ["referential_id"], ["__count"]
            )
        )
        for referential in self:
            referential.criterion_count = counts.get(referential, 0)

    @api.depends("code", "version", "name")
    def _compute_display_name(self):
        for referential in self:
            label = referential.code or ""
            if referential.version:
                label = f"{label} ({referential.version})"
            referential.display_name = (
                f"{label} - {referential.name}" if referential.name else label
            )
