from odoo import fields, models


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "amarc.survey.config.mixin"]

    amarc_survey_target_rate = fields.Float(
        string="Satisfaction target (%)",
        default=80.0,
        help="The yearly analysis proposes an action for each reason whose "
        "satisfaction rate is below this target.",
    )
