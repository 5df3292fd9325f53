from textwrap import shorten

from odoo import api, fields, models


class AmarcCertificationFinding(models.Model):
    """A finding of the certification body's auditor during a visit."""

    _name = "amarc.certification.finding"
    _description = "AMARC Certification Finding"
    # kept as long as their visit: three years (chapter V.2)
    _inherit = ["amarc.retention.mixin"]
    _check_company_auto = True
    _order = "visit_id, id"

    visit_id = fields.Many2one(
        "amarc.certification.visit", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="visit_id.company_id", store=True, index=True)
    criterion_id = fields.Many2one("amarc.criterion", ondelete="restrict")
    severity = fields.Selection(
        [
            ("major", "Major nonconformity"),
            ("minor", "Minor nonconformity"),
            ("observation", "Observation"),
        ],
        required=True,
        default="minor",
    )
    description = fields.Text(required=True)
    action_id = fields.Many2one(
        "amarc.action", readonly=True, copy=False, check_company=True
    )
    action_state = fields.Selection(related="action_id.state", string="Action state")

    @api.depends("criterion_id", "description")
    def _compute_display_name(self):
        """The criterion and the start of the finding (the source of its
        action), never the technical "model,id"."""
        for finding in self:
            finding.display_name = " - ".join(
                filter(
                    None,
                    (
                        finding.criterion_id.code,
                        shorten(finding.description or "", 60, placeholder="..."),
                    ),
                )
            )

    def _amarc_retention_until(self):
        self.ensure_one()
        return self.visit_id._amarc_retention_until()
