"""Treatment of the complaint on the helpdesk ticket: its severity, the
resolution given (repair, compensation, commercial gesture, rejection) and the
amount paid (4.13); the alerts a serious ticket raised (6.6)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

SEVERITIES = [
    ("low", "Low"),
    ("normal", "Normal"),
    ("high", "Serious"),
    ("critical", "Critical"),
]
RESOLUTIONS = [
    ("repair", "Repair"),
    ("compensation", "Compensation"),
    ("commercial_gesture", "Commercial gesture"),
    ("rejection", "Rejection"),
]
#: resolutions that give the customer money or its equivalent (AMARC 4.13)
PAID_RESOLUTIONS = ("compensation", "commercial_gesture")


# one class per chapter of the referential (see helpdesk_ticket.py)
class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    # Treatment (AMARC 4.13) --------------------------------------------
    amarc_severity = fields.Selection(
        SEVERITIES,
        string="Severity",
        default="normal",
        tracking=True,
        groups="base.group_user",
    )
    amarc_resolution = fields.Selection(
        RESOLUTIONS,
        string="Resolution",
        tracking=True,
        copy=False,
        groups="base.group_user",
    )
    amarc_currency_id = fields.Many2one(
        related="company_id.currency_id", groups="base.group_user"
    )
    amarc_compensation_amount = fields.Monetary(
        string="Compensation amount",
        currency_field="amarc_currency_id",
        tracking=True,
        copy=False,
        groups="base.group_user",
    )
    # Alerts (AMARC 6.6) ------------------------------------------------
    amarc_alert_ids = fields.One2many(
        "amarc.alert",
        "ticket_id",
        string="Alerts",
        readonly=True,
        groups="base.group_user",
    )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("amarc_resolution", "amarc_compensation_amount")
    def _check_amarc_compensation(self):
        for ticket in self:
            amount = ticket.amarc_compensation_amount
            if amount < 0:
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s: a compensation amount cannot be negative.",
                        ticket=ticket.display_name,
                    )
                )
            if ticket.amarc_resolution in PAID_RESOLUTIONS and not amount:
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s: a compensation or a commercial gesture "
                        "needs a positive amount.",
                        ticket=ticket.display_name,
                    )
                )
            if ticket.amarc_resolution == "rejection" and amount:
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s: a rejected complaint cannot carry a "
                        "compensation amount.",
                        ticket=ticket.display_name,
                    )
                )
