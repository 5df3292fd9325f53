from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    amarc_control_target = fields.Float(
        related="company_id.amarc_control_target", readonly=False
    )
    amarc_file_background_threshold = fields.Integer(
        related="company_id.amarc_file_background_threshold", readonly=False
    )
