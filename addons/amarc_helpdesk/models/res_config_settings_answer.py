from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    # apart from the other extension to limit merge conflicts of parallel work
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    amarc_department_notice = fields.Selection(
        related="company_id.amarc_department_notice", readonly=False
    )
    amarc_department_channel_id = fields.Many2one(
        related="company_id.amarc_department_channel_id", readonly=False
    )
