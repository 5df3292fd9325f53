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
