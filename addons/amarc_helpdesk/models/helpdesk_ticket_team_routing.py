from odoo import fields, models


class HelpdeskTicketTeam(models.Model):
    # apart from the other extension to limit merge conflicts of parallel work
    _inherit = "helpdesk.ticket.team"  # pylint: disable=consider-merging-classes-inherited

    amarc_routing_notice_auto = fields.Boolean(
        string="Tell the customer of the routing",
        help="When a ticket is moved to this team, its customer is told by e-mail "
        "which team now handles the complaint (AMARC 3.7). Without it, the agent "
        "sends the notice with the ticket's button.",
        groups="base.group_user",
    )
