from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    amarc_action_reminder_days = fields.Integer(
        related="company_id.amarc_action_reminder_days", readonly=False
    )
