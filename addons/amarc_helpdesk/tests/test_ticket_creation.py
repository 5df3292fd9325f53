"""Every way a complaint comes in gets its AMARC deadlines: the ticket form,
the mail gateway, the customer portal and an import. Dates are fixed: the
reception is Friday 9 January 2026, 10:00 in Paris; the company works Monday to
Friday and announces answers within 10 working days."""

from freezegun import freeze_time

from odoo import http
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import AmarcHelpdeskCommon, paris

RECEIVED = paris(2026, 1, 9, 10)
# 24 working hours after Friday 10:00: Monday 10:00 (AMARC 4.2.2)
ACK_DEADLINE = paris(2026, 1, 12, 10)
# 10 working days after Friday 9 January: Friday 23 January, same time
RESPONSE_DEADLINE = paris(2026, 1, 23, 10)


@tagged("post_install", "-at_install")
class TestTicketCreation(AmarcHelpdeskCommon):
    def _assert_deadlines(self, ticket):
        self.assertEqual(
            (
                ticket.amarc_received_date,
                ticket.amarc_ack_deadline,
                ticket.amarc_response_deadline,
                ticket.amarc_ack_late,
                ticket.amarc_response_late,
            ),
            (RECEIVED, ACK_DEADLINE, RESPONSE_DEADLINE, False, False),
        )

    def test_form_as_agent(self):
        # the frozen clock carries microseconds, the stored dates do not
        with freeze_time(RECEIVED.replace(microsecond=730000)):
            with Form(self.Ticket.with_user(self.agent)) as form:
                form.name = "Colis abîmé"
                form.description = "<p>Le colis est arrivé abîmé.</p>"
                form.team_id = self.team
                form.channel_id = self.channel_email
                form.partner_id = self.customer
                # the form knows no reception date yet, hence no computed date
                self.assertFalse(form.amarc_response_deadline)
            ticket = form.record
            self._assert_deadlines(ticket)
        self.assertEqual(ticket.company_id, self.company)
        # the date the customer is told is there: the extension is offered
        with freeze_time(paris(2026, 1, 12, 9)):
            action = ticket.with_user(self.agent).action_amarc_extend_response()
        self.assertEqual(action["res_model"], "amarc.ticket.extension.wizard")

    def test_automatic_acknowledgement_within_the_second_of_reception(self):
        with freeze_time(RECEIVED.replace(microsecond=999999)):
            ticket = self.Ticket.with_user(self.agent).create(
                {
                    "name": "Accusé automatique",
                    "description": "<p>x</p>",
                    "team_id": self.team.id,
                    "channel_id": self.channel_email.id,
                    "partner_id": self.customer.id,
                }
            )
            ticket.action_amarc_send_acknowledgement()
            self._assert_deadlines(ticket)
        self.assertEqual(ticket.amarc_ack_date, RECEIVED)

    def test_timestamps_written_to_the_second(self):
        ticket = self._ticket(RECEIVED.replace(microsecond=420000))
        self.assertEqual(ticket.amarc_received_date, RECEIVED)
        ticket.write(
            {
                "amarc_mediator_id": self.mediator.id,
                "amarc_mediation_date": paris(2026, 2, 2, 9, 30, 15, 123456),
            }
        )
        self.assertEqual(ticket.amarc_mediation_date, paris(2026, 2, 2, 9, 30, 15))

    def test_mail_gateway(self):
        with freeze_time(RECEIVED):
            ticket = self.Ticket.with_context(
                default_company_id=self.company.id
            ).message_new(
                {
                    "subject": "Livraison en retard",
                    "from": "Camille Client <camille@example.com>",
                    "author_id": self.customer.id,
                    "body": "<p>Ma commande n'est pas arrivée.</p>",
                    "to": "care@a.example.com",
                },
                custom_values={
                    "team_id": self.team.id,
                    "channel_id": self.channel_email.id,
                },
            )
            self._assert_deadlines(ticket)
        self.assertEqual(ticket.name, "Livraison en retard")
        self.assertEqual(ticket.partner_id, self.customer)

    def test_import_with_empty_announced_date(self):
        with freeze_time(RECEIVED):
            result = self.Ticket.load(
                [
                    "name",
                    "description",
                    "company_id/id",
                    "team_id/id",
                    "channel_id/id",
                    "amarc_response_deadline",
                ],
                [
                    [
                        "Importé",
                        "Réclamation importée",
                        self._xmlid(self.company),
                        self._xmlid(self.team),
                        "helpdesk_mgmt.helpdesk_ticket_channel_email",
                        "",
                    ]
                ],
            )
            self.assertEqual(result["messages"], [])
            self.assertEqual(len(result["ids"]), 1)
            self._assert_deadlines(self.Ticket.browse(result["ids"]))

    def test_recorded_already_acknowledged(self):
        """A ticket recorded with its acknowledgement (data loaded by the
        system, a migration) gets its default announced date all the same."""
        with freeze_time(paris(2026, 1, 20, 9)):
            ticket = self.Ticket.create(
                {
                    "name": "Déjà accusé",
                    "description": "<p>Réclamation reçue par courriel.</p>",
                    "company_id": self.company.id,
                    "team_id": self.team.id,
                    "channel_id": self.channel_email.id,
                    "amarc_received_date": RECEIVED,
                    "amarc_ack_date": paris(2026, 1, 9, 11),
                }
            )
        self.assertEqual(
            (ticket.amarc_ack_date, ticket.amarc_response_deadline),
            (paris(2026, 1, 9, 11), RESPONSE_DEADLINE),
        )

    def _xmlid(self, record):
        name = f"test_{record._table}_{record.id}"
        self.env["ir.model.data"].create(
            {
                "module": "__import__",
                "name": name,
                "model": record._name,
                "res_id": record.id,
            }
        )
        return f"__import__.{name}"


@tagged("post_install", "-at_install")
class TestTicketCreationPortal(HttpCase):
    """A customer submits a complaint through helpdesk_mgmt's portal form."""

    def test_portal_submission(self):
        self.env.company.amarc_response_delay = 10
        customer = new_test_user(
            self.env,
            login="amarc_portal_creator",
            email="portal.creator@example.com",
            groups="base.group_portal",
        )
        self.authenticate("amarc_portal_creator", "amarc_portal_creator")
        page = self.url_open("/new/ticket")
        self.assertEqual(page.status_code, 200)
        before = self.env["helpdesk.ticket"].search([]).ids
        response = self.url_open(
            "/submitted/ticket",
            data={
                "subject": "Facture erronée",
                "description": "Le montant facturé est faux.",
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200)
        ticket = self.env["helpdesk.ticket"].search([("id", "not in", before)])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.partner_id, customer.partner_id)
        self.assertEqual(
            ticket.channel_id, self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web")
        )
        received = ticket.amarc_received_date
        self.assertEqual(received.microsecond, 0)
        self.assertTrue(ticket.amarc_ack_deadline)
        self.assertTrue(ticket.amarc_response_deadline)
        # the same deadlines as a ticket created through the ORM with that date
        reference = self.env["helpdesk.ticket"].create(
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
        self.assertGreater(ticket.amarc_response_deadline, ticket.amarc_ack_deadline)
