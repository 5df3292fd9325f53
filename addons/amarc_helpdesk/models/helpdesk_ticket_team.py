from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.working_time import MAX_DELAY_DAYS


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    amarc_response_delay = fields.Integer(
        string="Response delay (working days)",
        help="Response delay announced to the customer for the tickets of this "
        "team, in working days. Leave 0 to use the company's delay.",
        groups="base.group_user",
    )

    @api.constrains("amarc_response_delay")
    def _check_amarc_response_delay(self):
        for team in self:
            if team.amarc_response_delay < 0:
                raise ValidationError(
                    self.env._(
                        "The response delay of team %(team)s cannot be negative.",
                        team=team.name,
                    )
                )
            if team.amarc_response_delay > MAX_DELAY_DAYS:
                raise ValidationError(
                    self.env._(
                        "The response delay of team %(team)s cannot exceed %(max)s "
                        "working days.",
                        team=team.name,
                        max=MAX_DELAY_DAYS,
                    )
                )
