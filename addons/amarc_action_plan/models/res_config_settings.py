from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    amarc_action_reminder_days = fields.Integer(
        related="company_id.amarc_action_reminder_days", readonly=False
    )
    amarc_effectiveness_survey_analysis = fields.Boolean(
        related="company_id.amarc_effectiveness_survey_analysis", readonly=False
    )
    amarc_effectiveness_complaint_analysis = fields.Boolean(
        related="company_id.amarc_effectiveness_complaint_analysis", readonly=False
    )
    amarc_effectiveness_alert = fields.Boolean(
        related="company_id.amarc_effectiveness_alert", readonly=False
    )
    amarc_management_partner_ids = fields.Many2many(
        related="company_id.amarc_management_partner_ids", readonly=False
    )
