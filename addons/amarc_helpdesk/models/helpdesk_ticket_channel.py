from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.working_time import MAX_DELAY_DAYS

ACK_UNITS = [
    ("working_hours", "Working hours"),
    ("working_days", "Working days"),
    ("on_request", "On customer request"),
]


class HelpdeskTicketChannel(models.Model):
    _inherit = "helpdesk.ticket.channel"

    amarc_ack_delay = fields.Integer(
        string="Acknowledgement delay",
        default=24,
        help="Delay within which the customer receives an acknowledgement of a "
        "complaint received through this channel (AMARC 4.2.2: 24 working hours "
        "by e-mail; 4.2.3: 10 working days by letter).",
        groups="base.group_user",
    )
    amarc_ack_unit = fields.Selection(
        ACK_UNITS,
        string="Acknowledgement unit",
        default="working_hours",
        required=True,
        help="Working hours and working days count whole working days of the "
        "company's working schedule, public holidays excluded. 'On customer "
        "request' (phone, face to face, AMARC 4.2.1): no acknowledgement deadline.",
        groups="base.group_user",
    )
    amarc_written = fields.Boolean(
        string="Written channel",
        help="Complaints received through this channel are written complaints "
        "(e-mail, letter, web form): a prior written complaint is required before "
        "a referral to the consumer mediator (Code de la consommation, L612-2).",
        groups="base.group_user",
    )

    @api.constrains("amarc_ack_delay", "amarc_ack_unit")
    def _check_amarc_ack_delay(self):
        for channel in self:
            if channel.amarc_ack_delay < 0:
                raise ValidationError(
                    self.env._(
                        "The acknowledgement delay of channel %(channel)s cannot be "
                        "negative.",
                        channel=channel.name,
                    )
                )
            days = channel.amarc_ack_delay / (
                24 if channel.amarc_ack_unit == "working_hours" else 1
            )
            if days > MAX_DELAY_DAYS:
                raise ValidationError(
                    self.env._(
                        "The acknowledgement delay of channel %(channel)s cannot "
                        "exceed %(max)s days.",
                        channel=channel.name,
                        max=MAX_DELAY_DAYS,
                    )
                )
