from odoo import fields, models


class AmarcAction(models.Model):
    _inherit = "amarc.action"

    audit_line_ids = fields.Many2many(
        "amarc.audit.line",
        "amarc_audit_line_action_rel",
        "action_id",
        "line_id",
        string="Audit lines",
        copy=True,
        help="The audit lines this action answers; a follow-up keeps them.",
    )

    def _amarc_retention_until(self):
        """The corrective actions of an audit are kept as long as the audit
        (chapter V.2: three years for the internal control plan)."""
        until = super()._amarc_retention_until()
        audits = self.audit_line_ids.audit_id
        dates = [until] if until else []
        dates += [audit._amarc_retention_until() for audit in audits]
        return max(dates) if dates else False
