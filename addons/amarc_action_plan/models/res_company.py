from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    amarc_action_reminder_days = fields.Integer(
        string="Remind action owners (days before deadline)",
        default=7,
        help="An activity is put on the owner of an open action this many days "
        "before its deadline, and another one when the deadline has passed.",
    )

    _amarc_action_reminder_days_check = models.Constraint(
        "CHECK(amarc_action_reminder_days >= 0)",
        "The number of days before an action's deadline cannot be negative.",
    )
