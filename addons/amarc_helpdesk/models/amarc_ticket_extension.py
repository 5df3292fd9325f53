from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

#: the reason is written in the e-mail to the customer: a few sentences
REASON_MAX_LENGTH = 2000
#: the trail of 4.4: what was told to the customer, when, and the dates
TRAIL_FIELDS = (
    "ticket_id",
    "previous_deadline",
    "new_deadline",
    "reason",
    "customer_informed_date",
    "user_id",
)


class AmarcTicketExtension(models.Model):
    """An extension of the response date announced to the customer (AMARC 4.4):
    the customer must be told the new date and the reason before the previous
    date passes."""

    _name = "amarc.ticket.extension"
    _description = "AMARC Response Date Extension"
    _order = "ticket_id, customer_informed_date desc, id desc"
    _rec_name = "ticket_id"
    _check_company_auto = True

    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, index=True, precompute=True
    )
    previous_deadline = fields.Datetime(
        string="Previous response date",
        required=True,
        help="The response date announced before this extension.",
    )
    new_deadline = fields.Datetime(string="New response date", required=True)
    reason = fields.Text(required=True, help="The reason given to the customer.")
    customer_informed_date = fields.Datetime(
        string="Customer informed on",
        required=True,
        default=fields.Datetime.now,
    )
    user_id = fields.Many2one(
        "res.users", string="Informed by", default=lambda self: self.env.user
    )
    late = fields.Boolean(
        string="Customer informed late",
        compute="_compute_late",
        store=True,
        help="The customer was informed after the previous response date had "
        "passed (AMARC 4.4 requires to inform before).",
    )

    @api.depends("customer_informed_date", "previous_deadline")
    def _compute_late(self):
        for extension in self:
            extension.late = bool(
                extension.customer_informed_date
                and extension.previous_deadline
                and extension.customer_informed_date > extension.previous_deadline
            )

    @api.constrains("previous_deadline", "new_deadline")
    def _check_deadlines(self):
        for extension in self:
            if extension.new_deadline <= extension.previous_deadline:
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s: the new response date (%(new)s) must be "
                        "after the previous one (%(previous)s).",
                        ticket=extension.ticket_id.display_name,
                        new=extension.new_deadline,
                        previous=extension.previous_deadline,
                    )
                )

    @api.constrains("reason")
    def _check_reason_length(self):
        for extension in self:
            if len(extension.reason or "") > REASON_MAX_LENGTH:
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s: the reason told to the customer is "
                        "%(length)s characters long; keep it under %(max)s.",
                        ticket=extension.ticket_id.display_name,
                        length=len(extension.reason),
                        max=REASON_MAX_LENGTH,
                    )
                )

    # ------------------------------------------------------------------
    # The trail of 4.4 is kept (chapter V)
    # ------------------------------------------------------------------
    def write(self, vals):
        changed = [name for name in TRAIL_FIELDS if name in vals]
        if changed and not self.env.su:
            self.check_access("write")
            raise UserError(
                self.env._(
                    "An extension of the response date is the record of what the "
                    "customer was told (AMARC 4.4): it cannot be changed. Extend "
                    "the response date again to announce a new date."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_trail(self):
        raise UserError(
            self.env._(
                "The extensions of a response date are the trail of AMARC 4.4 and "
                "are kept with their complaint (chapter V): they cannot be deleted."
            )
        )
