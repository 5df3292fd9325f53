from odoo import fields, models


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "amarc.survey.config.mixin"]

    amarc_survey_quality_manager_id = fields.Many2one(
        "res.users",
        string="Re-satisfaction follow-up by",
        domain="[('share', '=', False)]",
        help="Who follows up a dissatisfied answer when the ticket's team has no "
        "leader (the quality manager).",
    )
    amarc_survey_target_rate = fields.Float(
        string="Satisfaction target (%)",
        default=80.0,
        help="The yearly analysis proposes an action for each reason whose "
        "satisfaction rate is below this target.",
    )
