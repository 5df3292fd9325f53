from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date, format_datetime, html2plaintext

from ..models.helpdesk_ticket_answer import ANSWER_CHANNELS
from ..models.helpdesk_ticket_treatment import RESOLUTIONS


class AmarcFinalAnswer(models.TransientModel):
    """The final-answer composer (AMARC 4.10, 4.14): the default text covers
    the eight points of 4.10 and the recourse routes of 4.14, written from a
    translatable QWeb template in the customer's language; the agent edits it,
    then sends it by e-mail through the ticket's chatter or as a letter (the
    PDF is kept on the ticket). The answer sent is kept on the ticket."""

    _name = "amarc.final.answer"
    _description = "AMARC Final Answer Composer"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="ticket_id.company_id")
    partner_id = fields.Many2one(related="ticket_id.partner_id", string="Customer")
    channel = fields.Selection(
        ANSWER_CHANNELS,
        string="Send by",
        required=True,
        compute="_compute_channel",
        store=True,
        precompute=True,
        readonly=False,
    )
    resolution = fields.Selection(
        RESOLUTIONS,
        string="Solution",
        compute="_compute_resolution",
        store=True,
        readonly=False,
        help="The kind of solution given (AMARC 4.10, 4.13): a solution, a "
        "compensation, a commercial gesture or a rejection of the claim.",
    )
    currency_id = fields.Many2one(related="ticket_id.company_id.currency_id")
    compensation_amount = fields.Monetary(
        compute="_compute_resolution", store=True, readonly=False
    )
    explanation = fields.Text(
        string="Explanations and apologies",
        help="What happened and why, the company's regrets or apologies.",
    )
    solution = fields.Text(
        string="Solution given",
        help="The solution in the customer's words: what the company does, or why "
        "the claim is rejected.",
    )
    subject = fields.Char(compute="_compute_body", store=True, readonly=False)
    body = fields.Html(
        string="Answer",
        compute="_compute_body",
        store=True,
        readonly=False,
        sanitize_style=True,
        help="Written from the fields above in the customer's language; edit it "
        "before sending. Changing a field above writes it again.",
    )

    @api.depends("ticket_id")
    def _compute_channel(self):
        letter = self.env.ref(
            "amarc_helpdesk.helpdesk_ticket_channel_letter", raise_if_not_found=False
        )
        for wizard in self:
            ticket = wizard.ticket_id
            by_letter = (letter and ticket.channel_id == letter) or not (
                ticket.partner_id.email
            )
            wizard.channel = "letter" if by_letter else "email"

    @api.depends("ticket_id")
    def _compute_resolution(self):
        for wizard in self:
            wizard.resolution = wizard.ticket_id.amarc_resolution
            wizard.compensation_amount = wizard.ticket_id.amarc_compensation_amount

    @api.depends(
        "ticket_id", "resolution", "compensation_amount", "explanation", "solution"
    )
    def _compute_body(self):
        for wizard in self:
            if not wizard.ticket_id:
                wizard.subject = wizard.body = False
                continue
            ticket = wizard.ticket_id.with_context(
                lang=wizard.ticket_id._amarc_customer_lang()
            )
            wizard.subject = ticket.env._(
                "%(company)s: our answer to your complaint (ref. %(number)s)",
                company=ticket.company_id.name,
                number=ticket.number,
            )
            wizard.body = wizard.with_env(ticket.env)._amarc_render_body(
                ticket, self.env.user
            )

    def _amarc_render_values(self, ticket, user):
        """The values of the answer's template, formatted for the customer
        (``ticket`` in the customer's language): dates in their time zone,
        without seconds; ``user`` signs it."""
        env = ticket.env
        tz = ticket._amarc_customer_tz()
        company = ticket.company_id
        count, since = ticket._amarc_customer_history()
        resolutions = dict(self._fields["resolution"]._description_selection(env))
        mediator = company.amarc_mediator_id
        return {
            "ticket": ticket,
            "company": company,
            "customer_name": ticket.partner_id.name or ticket.partner_name or "",
            "received": format_datetime(
                env, ticket.amarc_received_date, tz=tz, dt_format="short"
            ),
            "today": format_date(env, fields.Date.context_today(self)),
            "facts": html2plaintext(ticket.description or "").strip(),
            "history_count": count,
            "history_since": format_date(env, since) if since else "",
            "resolution": self.resolution,
            "resolution_label": resolutions.get(self.resolution, ""),
            "amount": format_amount(env, self.compensation_amount, company.currency_id)
            if self.compensation_amount
            else "",
            "explanation": self.explanation or "",
            "solution": self.solution or "",
            "mediator": mediator,
            "agent_name": user.name,
            "contact_email": company.email or user.email or "",
            "contact_phone": company.phone or user.phone or "",
        }

    def _amarc_render_body(self, ticket, user):
        html = self.env["ir.qweb"]._render(
            "amarc_helpdesk.final_answer_body",
            self._amarc_render_values(ticket, user),
        )
        return Markup(html)

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------
    def _amarc_check_sendable(self):
        self.ensure_one()
        ticket = self.ticket_id
        ticket.check_access("write")
        if ticket.amarc_final_answer_date:
            raise UserError(
                self.env._(
                    "The final answer of ticket %(ticket)s was already sent.",
                    ticket=ticket.display_name,
                )
            )
        if not self.resolution:
            raise UserError(
                self.env._(
                    "Choose the solution given to the customer (solution, "
                    "compensation, commercial gesture or rejection) before sending "
                    "the final answer (AMARC 4.10)."
                )
            )
        if not html2plaintext(self.body or "").strip():
            raise UserError(self.env._("The final answer is empty."))
        if self.channel == "email" and not ticket.partner_id.email:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s has no customer with an e-mail address: send "
                    "the final answer by letter.",
                    ticket=ticket.display_name,
                )
            )

    def action_send(self):
        """Send the final answer and keep it on the ticket: by e-mail, the
        message posted to the customer through the chatter; by letter, the PDF
        attached to the ticket, then opened in a new tab for printing (the
        letter kept, not rendered again)."""
        self._amarc_check_sendable()
        ticket = self.ticket_id
        if (ticket.amarc_resolution, ticket.amarc_compensation_amount) != (
            self.resolution,
            self.compensation_amount,
        ):
            ticket.write(
                {
                    "amarc_resolution": self.resolution,
                    "amarc_compensation_amount": self.compensation_amount,
                }
            )
        now = fields.Datetime.now()
        vals = {
            "amarc_final_answer": self.body,
            "amarc_final_answer_date": now,
            "amarc_final_answer_channel": self.channel,
        }
        if not ticket.amarc_ack_date:
            # the final answer is the first written contact (4.2.3)
            vals.update(amarc_ack_date=now, amarc_ack_kind="answer")
        ticket._amarc_write_protected(vals)
        if self.channel == "email":
            message = ticket.message_post(
                body=self.body,
                subject=self.subject,
                partner_ids=ticket.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            ticket._amarc_write_protected({"amarc_final_answer_message_id": message.id})
            ticket._amarc_final_answer_sent()
            return {"type": "ir.actions.act_window_close"}
        report = self.env.ref("amarc_helpdesk.action_report_amarc_final_answer")
        content, report_format = report._render_qweb_pdf(report.report_name, ticket.ids)
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "Final answer %(number)s.%(ext)s",
                    number=ticket.number,
                    ext=report_format,
                ),
                "raw": content,
                "res_model": ticket._name,
                "res_id": ticket.id,
                "mimetype": "application/pdf"
                if report_format == "pdf"
                else "text/html",
            }
        )
        message = ticket.message_post(
            body=self.env._(
                "Final answer sent by letter by %(user)s.", user=self.env.user.name
            ),
            attachment_ids=attachment.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        ticket._amarc_write_protected(
            {
                "amarc_final_answer_message_id": message.id,
                "amarc_final_answer_attachment_id": attachment.id,
            }
        )
        ticket._amarc_final_answer_sent()
        # the letter kept on the ticket, opened in a new tab to be printed
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=false",
            "target": "new",
            "close": True,
        }
