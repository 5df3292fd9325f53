"""The written answer of the complaint (4.10-4.12, 4.14): the final answer
sent to the customer, by e-mail or by letter, kept on the ticket; the written
confirmation of an answer given by phone or face to face, on the customer's
request at level A (4.11), always at level B (4.12); closing a ticket that
lacks its required written answer is refused."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .helpdesk_ticket import HelpdeskTicket as _AmarcTicket

ANSWER_CHANNELS = [("email", "E-mail"), ("letter", "Letter")]


# one class per chapter of the referential (see helpdesk_ticket.py)
class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    #: the final answer is the record of what was answered and when: written
    #: only by the composer's send action
    _amarc_protected_fields = (
        *_AmarcTicket._amarc_protected_fields,
        "amarc_final_answer",
        "amarc_final_answer_date",
        "amarc_final_answer_channel",
        "amarc_final_answer_message_id",
        "amarc_final_answer_attachment_id",
    )

    amarc_written_confirmation_requested = fields.Boolean(
        string="Written confirmation requested",
        tracking=True,
        copy=False,
        help="The customer asked for the answer given by phone or face to face to "
        "be confirmed in writing (AMARC 4.11). At level B every such answer is "
        "confirmed in writing (4.12).",
        groups="base.group_user",
    )
    amarc_written_answer_required = fields.Boolean(
        string="Written answer required",
        compute="_compute_amarc_written_answer_required",
        help="The ticket cannot be closed before its final answer is sent in "
        "writing: a complaint received by phone or face to face whose customer "
        "asked for a written confirmation (level A, 4.11), or any such complaint "
        "at level B (4.12).",
        groups="base.group_user",
    )
    amarc_final_answer = fields.Html(
        string="Final answer",
        readonly=True,
        copy=False,
        sanitize_style=True,
        help="The final answer as it was sent to the customer (AMARC 4.10).",
        groups="base.group_user",
    )
    amarc_final_answer_date = fields.Datetime(
        string="Final answer sent on",
        readonly=True,
        copy=False,
        tracking=True,
        groups="base.group_user",
    )
    amarc_final_answer_channel = fields.Selection(
        ANSWER_CHANNELS,
        string="Final answer sent by",
        readonly=True,
        copy=False,
        tracking=True,
        groups="base.group_user",
    )
    amarc_final_answer_message_id = fields.Many2one(
        "mail.message",
        string="Final answer message",
        readonly=True,
        copy=False,
        ondelete="set null",
        groups="base.group_user",
    )
    amarc_final_answer_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Final answer letter",
        readonly=True,
        copy=False,
        ondelete="set null",
        groups="base.group_user",
    )

    @api.depends(
        "channel_id.amarc_written",
        "company_id.amarc_level",
        "amarc_written_confirmation_requested",
    )
    def _compute_amarc_written_answer_required(self):
        # the channel may be another company's record the agent cannot read
        for ticket, ticket_sudo in zip(self, self.sudo(), strict=True):
            ticket.amarc_written_answer_required = bool(
                ticket_sudo.channel_id
                and not ticket_sudo.channel_id.amarc_written
                and (
                    ticket_sudo.company_id.amarc_level == "B"
                    or ticket.amarc_written_confirmation_requested
                )
            )

    # ------------------------------------------------------------------
    # Closing
    # ------------------------------------------------------------------
    @api.model
    def _amarc_stage_answers(self, stage):
        """Whether reaching ``stage`` answers the complaint: a closed stage
        (that its ``amarc_answered`` flag, where the stages have one, does not
        set apart as cancelled or duplicate)."""
        return stage.closed and getattr(stage, "amarc_answered", True)

    def _amarc_check_written_answer(self):
        """Refuse to close a ticket whose required written answer (4.11, 4.12)
        was not sent, naming what is missing."""
        missing = self.filtered(
            lambda t: (
                t.amarc_written_answer_required
                and not t.amarc_final_answer_date
                and not t.amarc_withdrawn_date
                and self._amarc_stage_answers(t.stage_id)
            )
        )
        if not missing:
            return
        ticket = missing[0].sudo()
        if ticket.company_id.amarc_level == "B":
            reason = self.env._(
                "at level B every answer to a complaint received by %(channel)s is "
                "confirmed in writing (AMARC 4.12)",
                channel=ticket.channel_id.name,
            )
        else:
            reason = self.env._(
                "the customer asked for the answer given by %(channel)s to be "
                "confirmed in writing (AMARC 4.11)",
                channel=ticket.channel_id.name,
            )
        raise UserError(
            self.env._(
                "Ticket %(ticket)s cannot be closed: its written answer is missing, "
                "%(reason)s. Send the final answer by e-mail or by letter with the "
                "“Final answer” button first.",
                ticket=ticket.display_name,
                reason=reason,
            )
        )

    def write(self, vals):
        res = super().write(vals)
        if "stage_id" in vals:
            self._amarc_check_written_answer()
        return res

    # ------------------------------------------------------------------
    # Final answer
    # ------------------------------------------------------------------
    def action_amarc_compose_final_answer(self):
        """Open the final-answer composer (AMARC 4.10)."""
        self.ensure_one()
        self.check_access("write")
        if self.amarc_final_answer_date:
            raise UserError(
                self.env._(
                    "The final answer of ticket %(ticket)s was already sent. A "
                    "further answer to the customer is a recourse: open one.",
                    ticket=self.display_name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Final answer"),
            "res_model": "amarc.final.answer",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_amarc_print_final_answer(self):
        """The letter of the final answer (its QWeb PDF)."""
        self.ensure_one()
        if not self.amarc_final_answer:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s has no final answer to print yet.",
                    ticket=self.display_name,
                )
            )
        return self.env.ref(
            "amarc_helpdesk.action_report_amarc_final_answer"
        ).report_action(self)

    def _amarc_customer_lang(self):
        """The language the customer reads: the partner's, else the company's."""
        self.ensure_one()
        return (
            self.partner_id.lang
            or self.company_id.partner_id.lang
            or self.env.lang
            or "en_US"
        )

    def _amarc_customer_tz(self):
        """The customer's time zone, else the company's working schedule's."""
        self.ensure_one()
        return (
            self.partner_id.tz
            or self.company_id.resource_calendar_id.tz
            or self.company_id.partner_id.tz
            or "UTC"
        )

    def _amarc_customer_history(self):
        """(number of complaints of the customer with the company, this one
        included; the customer's first complaint or creation date, whichever
        comes first): 4.10's "historique du client", from Odoo's records."""
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        if not customer:
            return 0, False
        [(count, first)] = (
            self.env["helpdesk.ticket"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "child_of", customer.id),
                    ("company_id", "=", self.company_id.id),
                ],
                [],
                ["__count", "amarc_received_date:min"],
            )
        )
        since = min(d for d in (first, customer.create_date) if d)
        return count, since
