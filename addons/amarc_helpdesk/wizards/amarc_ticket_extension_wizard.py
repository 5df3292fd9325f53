from odoo import api, fields, models
from odoo.exceptions import UserError


class AmarcTicketExtensionWizard(models.TransientModel):
    """Tell the customer the new response date and its reason (AMARC 4.4), record
    the extension and move the announced response date, in one transaction."""

    _name = "amarc.ticket.extension.wizard"
    _description = "AMARC Response Date Extension Wizard"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, readonly=True)
    previous_deadline = fields.Datetime(
        related="ticket_id.amarc_response_deadline", string="Current response date"
    )
    new_deadline = fields.Datetime(string="New response date", required=True)
    reason = fields.Text(
        required=True, help="Why the answer needs more time, as told to the customer."
    )
    send_mail = fields.Boolean(
        string="E-mail the customer",
        default=True,
        help="Untick when the customer was told another way (phone, letter): the "
        "extension is recorded all the same.",
    )
    informed_late = fields.Boolean(
        string="Informed late", compute="_compute_informed_late"
    )

    @api.depends("previous_deadline")
    def _compute_informed_late(self):
        now = fields.Datetime.now()
        for wizard in self:
            wizard.informed_late = bool(
                wizard.previous_deadline and now > wizard.previous_deadline
            )

    def action_confirm(self):
        self.ensure_one()
        ticket = self.ticket_id
        ticket.check_access("write")
        ticket._amarc_check_extendable()
        if self.send_mail and not (ticket.partner_id.email or ticket.partner_email):
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s has no customer e-mail address: inform the "
                    "customer another way and untick 'E-mail the customer'.",
                    ticket=ticket.display_name,
                )
            )
        extension = self.env["amarc.ticket.extension"].create(
            {
                "ticket_id": ticket.id,
                "previous_deadline": ticket.amarc_response_deadline,
                "new_deadline": self.new_deadline,
                "reason": self.reason,
                "customer_informed_date": fields.Datetime.now(),
            }
        )
        ticket._amarc_extend_deadline(self.new_deadline)
        if self.send_mail:
            ticket.message_post_with_source(
                self.env.ref("amarc_helpdesk.mail_template_amarc_extension"),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        else:
            ticket.message_post(
                body=self.env._(
                    "Response date extended, customer informed: %(reason)s",
                    reason=self.reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return extension
