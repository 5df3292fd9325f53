from odoo import fields, models


class ResCompany(models.Model):
    # apart from the other extension to limit merge conflicts of parallel work
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    amarc_department_notice = fields.Selection(
        [("email", "By e-mail"), ("channel", "On a discussion channel")],
        string="Departments informed",
        default="email",
        required=True,
        help="How the departments at the origin of a complaint (AMARC 1.10) and, "
        "at level B, the teams and people involved in it (1.11) are told the "
        "solution given to the customer.",
    )
    amarc_department_channel_id = fields.Many2one(
        "discuss.channel",
        string="Departments' channel",
        help="The discussion channel the solutions are posted on, when the "
        "departments are informed on a channel.",
    )
