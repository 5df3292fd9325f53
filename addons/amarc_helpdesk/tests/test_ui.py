from unittest.mock import patch

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import html2plaintext

from odoo.addons.amarc_action_plan.tests.common import readable_pdf_setup

from .common import paris
from .test_final_answer import pdf_text


def tour_agent(env, login):
    """A helpdesk agent of the current company, in Paris time."""
    company = env.company
    return new_test_user(
        env,
        login=login,
        groups="helpdesk_mgmt.group_helpdesk_user,amarc_referential.group_amarc_user",
        company_id=company.id,
        company_ids=[(6, 0, company.ids)],
        tz="Europe/Paris",
    )


@tagged("post_install", "-at_install")
class TestTicketFormUi(HttpCase):
    def test_agent_creates_a_complaint_through_the_form(self):
        """In the browser, a ticket saved from the form gets the same AMARC
        deadlines as one created by the ORM with the same reception date."""
        company = self.env.company
        company.amarc_response_delay = 10
        tour_agent(self.env, "amarc_tour_agent")
        customer = self.env["res.partner"].create(
            {"name": "Camille Tour", "email": "camille.tour@example.com"}
        )
        Ticket = self.env["helpdesk.ticket"]
        before = Ticket.search([]).ids
        self.start_tour(
            "/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/new",
            "amarc_helpdesk_ticket_form_tour",
            login="amarc_tour_agent",
        )
        ticket = Ticket.search([("id", "not in", before)])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.name, "Colis arrivé abîmé")
        self.assertEqual(ticket.partner_id, customer)
        email = self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email")
        self.assertEqual(ticket.channel_id, email)
        received = ticket.amarc_received_date
        self.assertEqual(received.microsecond, 0)
        reference = Ticket.create(
            {
                "name": "Référence",
                "description": "x",
                "company_id": ticket.company_id.id,
                "channel_id": ticket.channel_id.id,
                "amarc_received_date": received,
            }
        )
        self.assertEqual(
            (ticket.amarc_ack_deadline, ticket.amarc_response_deadline),
            (reference.amarc_ack_deadline, reference.amarc_response_deadline),
        )
        self.assertGreater(ticket.amarc_ack_deadline, received)
        self.assertGreater(ticket.amarc_response_deadline, ticket.amarc_ack_deadline)


@tagged("post_install", "-at_install")
class TestFinalAnswerLetterUi(HttpCase):
    def test_agent_answers_a_letter_complaint(self):
        """In the browser, an agent answers a complaint received by letter with
        the final-answer composer, edits the text and sends it by letter: the
        PDF letter is kept on the ticket with the customer's reference, the
        text as edited and the recourse routes of 4.14."""
        company = self.env.company
        mediator = self.env["res.partner"].create(
            {"name": "Médiateur Tour", "website": "https://mediateur-tour.example.org"}
        )
        company.write(
            {
                "amarc_mediator_id": mediator.id,
                "email": "care@tour.example.com",
                "phone": "+33 4 72 00 00 00",
                "city": "Lyon",
            }
        )
        agent = tour_agent(self.env, "amarc_letter_agent")
        customer = self.env["res.partner"].create(
            {
                "name": "Dominique Courrier",
                "street": "3 rue des Lilas",
                "zip": "69003",
                "city": "Villeurbanne",
                "email": "dominique@example.com",
                "lang": "en_US",
                "tz": "Europe/Paris",
            }
        )
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Colis jamais livré",
                "description": "<p>Le colis n'est jamais arrivé.</p>",
                "company_id": company.id,
                "partner_id": customer.id,
                "channel_id": self.env.ref(
                    "amarc_helpdesk.helpdesk_ticket_channel_letter"
                ).id,
                "amarc_received_date": paris(2026, 3, 12, 9, 30),
                # the kind of solution, recorded while treating the complaint
                # (the composer proposes it)
                "amarc_resolution": "repair",
            }
        )
        readable_pdf_setup(self)
        # the PDF itself, not the HTML that test mode renders instead
        Report = self.registry["ir.actions.report"]
        pre_render = Report._pre_render_qweb_pdf

        def pre_render_pdf(report, *args, **kwargs):
            report = report.with_context(force_report_rendering=True)
            return pre_render(report, *args, **kwargs)

        with patch.object(Report, "_pre_render_qweb_pdf", pre_render_pdf):
            # the report's style sheets built once before the tour: the step
            # that waits for the letter waits for its own rendering only
            report = self.env.ref("amarc_helpdesk.action_report_amarc_final_answer")
            report._render_qweb_pdf(report.report_name, ticket.ids)
            self.assertFalse(ticket.amarc_final_answer_attachment_id)
            self.start_tour(
                f"/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/{ticket.id}",
                "amarc_helpdesk_final_answer_letter_tour",
                login="amarc_letter_agent",
                timeout=240,
            )
        attachment = ticket.amarc_final_answer_attachment_id
        message = ticket.amarc_final_answer_message_id
        self.assertEqual(
            (
                ticket.amarc_final_answer_channel,
                ticket.amarc_resolution,
                ticket.amarc_ack_kind,
                attachment.name,
                attachment.mimetype,
                attachment.res_model,
                attachment.res_id,
                message.attachment_ids,
                message.author_id,
            ),
            (
                "letter",
                "repair",
                "answer",
                f"Final answer {ticket.number}.pdf",
                "application/pdf",
                "helpdesk.ticket",
                ticket.id,
                attachment,
                agent.partner_id,
            ),
        )
        pdf = attachment.raw
        self.assertEqual(pdf[:5], b"%PDF-")
        text = pdf_text(pdf)
        for expected in (
            # the customer's address and the references
            "Dominique Courrier 3 rue des Lilas Villeurbanne 69003",
            f"Subject: your complaint {ticket.number}",
            (
                f"Your reference: {ticket.number}. We received your complaint on "
                "3/12/26, 9:30 AM."
            ),
            # the agent's texts, and the closing formula they edited
            "Le transporteur a perdu le colis, nous vous prions de nous en excuser.",
            "Our answer: Repair. Nous vous renvoyons le colis à nos frais.",
            "With our warmest regards,",
            # the recourse routes of 4.14
            (
                "If you disagree with this answer, you may ask us to review it by "
                f"writing to us, quoting the reference {ticket.number} "
                "(care@tour.example.com)."
            ),
            (
                "If the disagreement remains, you may refer it free of charge to "
                "the consumer mediator Médiateur Tour "
                "(https://mediateur-tour.example.org), within one year of your "
                "written complaint to us."
            ),
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Yours sincerely", text)
        # the answer kept on the ticket is the text the agent edited
        self.assertIn(
            "With our warmest regards,", html2plaintext(ticket.amarc_final_answer)
        )
