from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import AmarcHelpdeskCommon, paris


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
        self.assertIn("no prior written complaint", str(error.exception))
        phone.invalidate_recordset()
        self.assertFalse(phone.amarc_mediation_date)

    def test_mediation_more_than_one_year_after_refused(self):
        letter = self._ticket(paris(2026, 1, 14, 9), channel=self.channel_letter)
        with self.assertRaises(ValidationError) as error:
            letter.write(
                {
                    "amarc_mediator_id": self.mediator.id,
                    "amarc_mediation_date": paris(2027, 1, 14, 9, 1),
                }
            )
        self.assertIn("more than one year", str(error.exception))
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
        with self.assertRaises(ValidationError):
            email.write(
                {
                    "amarc_mediator_id": self.mediator.id,
                    "amarc_mediation_date": paris(2026, 1, 13, 9),
                }
            )

    def test_mediation_needs_a_mediator(self):
        email = self._ticket(paris(2026, 1, 14, 9))
        with self.assertRaises(ValidationError) as error:
            email.amarc_mediation_date = paris(2026, 2, 1, 9)
        self.assertIn("choose the consumer mediator", str(error.exception))
        with self.assertRaises(UserError):
            email.action_amarc_refer_to_mediation()
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

        self.assertIn("more than one year", str(error.exception))

    def test_create_recourse_from_closed_ticket(self):
        ticket = self._ticket(paris(2026, 1, 14, 9), amarc_severity="high")
        with self.assertRaises(UserError):
            ticket.action_amarc_create_recourse()
        ticket.stage_id = self.stage_done
        action = ticket.action_amarc_create_recourse()
        recourse = self.Ticket.browse(action["res_id"])
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
