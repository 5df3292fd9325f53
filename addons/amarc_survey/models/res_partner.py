from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    amarc_survey_opt_out = fields.Boolean(
        string="No satisfaction surveys",
        tracking=True,
        help="The customer asked not to receive satisfaction surveys: requests "
        "are skipped, the reason recorded.",
        groups="base.group_user",
    )
