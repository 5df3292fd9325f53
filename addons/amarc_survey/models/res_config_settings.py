from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    amarc_survey_id = fields.Many2one(
        related="company_id.amarc_survey_id", readonly=False
    )
    amarc_survey_delay = fields.Integer(
        related="company_id.amarc_survey_delay", readonly=False
    )
    amarc_survey_delay_unit = fields.Selection(
        related="company_id.amarc_survey_delay_unit", readonly=False
    )
    amarc_survey_trigger = fields.Selection(
        related="company_id.amarc_survey_trigger", readonly=False
    )
    amarc_survey_expiry_days = fields.Integer(
        related="company_id.amarc_survey_expiry_days", readonly=False
    )
    amarc_survey_cooldown_days = fields.Integer(
        related="company_id.amarc_survey_cooldown_days", readonly=False
    )
    amarc_survey_question_id = fields.Many2one(
        related="company_id.amarc_survey_question_id", readonly=False
    )
    amarc_survey_target_rate = fields.Float(
        related="company_id.amarc_survey_target_rate", readonly=False
    )
