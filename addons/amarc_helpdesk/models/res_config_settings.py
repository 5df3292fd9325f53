from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    amarc_response_delay = fields.Integer(
        related="company_id.amarc_response_delay", readonly=False
    )
    amarc_response_warning_days = fields.Integer(
        related="company_id.amarc_response_warning_days", readonly=False
    )
    amarc_mediator_id = fields.Many2one(
        related="company_id.amarc_mediator_id", readonly=False
    )
    amarc_indicator_service_partner_ids = fields.Many2many(
        related="company_id.amarc_indicator_service_partner_ids", readonly=False
    )
    amarc_indicator_management_partner_ids = fields.Many2many(
        related="company_id.amarc_indicator_management_partner_ids", readonly=False
    )
