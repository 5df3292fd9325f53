from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import TODAY, AmarcHelpdeskCommon, paris

#: 14 January 2026 09:00 in Paris, as the messages show it
RECEIVED_TEXT = "01/14/2026 09:00:00 AM"


@tagged("post_install", "-at_install")
class TestMediationRecourse(AmarcHelpdeskCommon):
    def test_mediation_needs_a_written_complaint(self):
        phone = self._ticket(paris(2026, 1, 14, 9), channel=self.channel_phone)
        with self.assertRaises(ValidationError) as error:
            phone.write(
                {
                    "amarc_mediator_id": self.mediator.id,
                    "amarc_mediation_date": paris(2026, 2, 1, 9),
                }
            )
        self.assertEqual(
            str(error.exception),
            f"Ticket {phone.display_name} cannot be referred to the consumer "
            "mediator: the customer has made no prior written complaint (e-mail, "
            "letter or web form) to the company (Code de la consommation, L612-2).",
        )
        phone.invalidate_recordset()
        self.assertFalse(phone.amarc_mediation_date)
        # the same referral of an e-mail complaint is receivable
        email = self._ticket(paris(2026, 1, 14, 9))
        email.write(
            {
                "amarc_mediator_id": self.mediator.id,
                "amarc_mediation_date": paris(2026, 2, 1, 9),
            }
        )
        self.assertEqual(
            (email.amarc_mediator_id, email.amarc_mediation_date),
            (self.mediator, paris(2026, 2, 1, 9)),
        )

    def test_mediation_more_than_one_year_after_refused(self):
        letter = self._ticket(paris(2026, 1, 14, 9), channel=self.channel_letter)
        with self.assertRaises(ValidationError) as error:
            letter.write(
                {
                    "amarc_mediator_id": self.mediator.id,
                    "amarc_mediation_date": paris(2027, 1, 14, 9, 1),
                }
            )
        self.assertEqual(
            str(error.exception),
            f"Ticket {letter.display_name} cannot be referred to the consumer "
            "mediator: the referral comes more than one year after the written "
            f"complaint {letter.display_name} of {RECEIVED_TEXT} (Code de la "
            "consommation, L612-2).",
        )
        letter.invalidate_recordset()
        self.assertFalse(letter.amarc_mediator_id)
        letter.write(
            {
                "amarc_mediator_id": self.mediator.id,
                "amarc_mediation_date": paris(2027, 1, 14, 9),
            }
        )
        self.assertEqual(letter.amarc_mediation_date, paris(2027, 1, 14, 9))

    def test_mediation_before_the_written_complaint_refused(self):
        email = self._ticket(paris(2026, 1, 14, 9))
        with self.assertRaises(ValidationError) as error:
            email.write(
                {
                    "amarc_mediator_id": self.mediator.id,
                    "amarc_mediation_date": paris(2026, 1, 13, 9),
                }
            )
        self.assertEqual(
            str(error.exception),
            f"Ticket {email.display_name} cannot be referred to the consumer "
            f"mediator before the written complaint {email.display_name} was "
            f"received ({RECEIVED_TEXT}).",
        )
        email.invalidate_recordset()
        self.assertFalse(email.amarc_mediation_date)
        # on the very moment of the reception it is receivable
        email.write(
            {
                "amarc_mediator_id": self.mediator.id,
                "amarc_mediation_date": paris(2026, 1, 14, 9),
            }
        )
        self.assertEqual(email.amarc_mediation_date, paris(2026, 1, 14, 9))

    def test_mediation_needs_a_mediator(self):
        email = self._ticket(paris(2026, 1, 14, 9))
        with self.assertRaises(ValidationError) as error:
            email.amarc_mediation_date = paris(2026, 2, 1, 9)
        self.assertEqual(
            str(error.exception),
            f"Ticket {email.display_name}: choose the consumer mediator the "
            "complaint is referred to.",
        )
        with self.assertRaises(UserError) as error:
            email.action_amarc_refer_to_mediation()
        self.assertEqual(
            str(error.exception),
            f"Ticket {email.display_name}: set the consumer mediator on the ticket "
            "or in the AMARC settings of the company first.",
        )
        email.invalidate_recordset()
        self.assertFalse(email.amarc_mediation_date)

    def test_referral_with_company_mediator(self):
        self.company.amarc_mediator_id = self.mediator
        email = self._ticket(paris(2026, 1, 14, 9))
        with freeze_time(paris(2026, 3, 2, 10)):
            email.action_amarc_refer_to_mediation()
        self.assertEqual(email.amarc_mediator_id, self.mediator)
        self.assertEqual(email.amarc_mediation_date, paris(2026, 3, 2, 10))

    def test_phone_recourse_of_a_written_complaint_accepted(self):
        email = self._ticket(paris(2026, 1, 14, 9), stage_id=self.stage_done.id)
        recourse = self._ticket(
            paris(2026, 2, 1, 9),
            channel=self.channel_phone,
            amarc_recourse_of_id=email.id,
        )
        recourse.write(
            {
                "amarc_mediator_id": self.mediator.id,
                "amarc_mediation_date": paris(2026, 6, 1, 9),
            }
        )
        self.assertEqual(recourse._amarc_written_complaint(), email)
        # ... but not more than a year after that written complaint
        with self.assertRaises(ValidationError) as error:
            recourse.amarc_mediation_date = paris(2027, 2, 1, 9)
        self.assertEqual(
            str(error.exception),
            f"Ticket {recourse.display_name} cannot be referred to the consumer "
            "mediator: the referral comes more than one year after the written "
            f"complaint {email.display_name} of {RECEIVED_TEXT} (Code de la "
            "consommation, L612-2).",
        )

    def test_create_recourse_from_closed_ticket(self):
        ticket = self._ticket(paris(2026, 1, 14, 9), amarc_severity="high")
        with self.assertRaises(UserError) as error:
            ticket.action_amarc_create_recourse()
        self.assertEqual(
            str(error.exception),
            f"Ticket {ticket.display_name} is not closed: a recourse contests an "
            "answer already given.",
        )
        ticket.stage_id = self.stage_done
        action = ticket.action_amarc_create_recourse()
        recourse = self.Ticket.browse(action["res_id"])
        self.assertEqual(recourse.name, "Recourse: Product arrived broken")
        self.assertEqual(recourse.amarc_received_date, TODAY)
        self.assertEqual(recourse.amarc_recourse_of_id, ticket)
        self.assertEqual(recourse.partner_id, self.customer)
        self.assertEqual(recourse.company_id, self.company)
        self.assertEqual(recourse.amarc_severity, "high")
        self.assertFalse(recourse.stage_id.closed)
        self.assertEqual(ticket.amarc_recourse_ids, recourse)
        self.assertEqual(ticket.amarc_recourse_count, 1)
        self.assertEqual(
            self.Ticket.search(
                [
                    ("company_id", "=", self.company.id),
                    ("amarc_recourse_of_id", "!=", False),
                ]
            ),
            recourse,
        )

    def test_recourse_cannot_point_to_itself(self):
        ticket = self._ticket(paris(2026, 1, 14, 9))
        with self.assertRaises(ValidationError):
            ticket.amarc_recourse_of_id = ticket
        other = self._ticket(paris(2026, 1, 15, 9), amarc_recourse_of_id=ticket.id)
        with self.assertRaises(ValidationError):
            ticket.amarc_recourse_of_id = other
        ticket.invalidate_recordset()
        self.assertFalse(ticket.amarc_recourse_of_id)
