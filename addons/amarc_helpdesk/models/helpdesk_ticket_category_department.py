from odoo import fields, models


class HelpdeskTicketCategory(models.Model):
    """Each reason names the departments whose activities are at the origin of
    such complaints (AMARC 1.10): they are told the solutions given."""

    # apart from the other extension to limit merge conflicts of parallel work
    _inherit = "helpdesk.ticket.category"  # pylint: disable=consider-merging-classes-inherited

    amarc_department_partner_ids = fields.Many2many(
        "res.partner",
        "helpdesk_ticket_category_amarc_department_rel",
        "category_id",
        "partner_id",
        string="Departments at the origin",
        help="The departments whose activities cause complaints of this reason "
        "(a contact with an e-mail address per department). They are told the "
        "solution of every complaint of this reason when it is answered, and get "
        "a monthly digest (AMARC 1.10).",
        groups="base.group_user",
    )
