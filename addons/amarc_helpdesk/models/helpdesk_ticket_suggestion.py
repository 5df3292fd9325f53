from odoo import fields, models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    amarc_suggestion = fields.Text(
        string="Customer's suggestions and remarks",
        help="What the customer suggested or remarked besides the complaint: "
        "collected by the yearly complaint analysis (6.1).",
    )
