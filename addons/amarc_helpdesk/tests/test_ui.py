from odoo.tests import HttpCase, new_test_user, tagged


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
