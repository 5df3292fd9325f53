"""Complaint records as chapter IV defines them: the first written contact
(4.2.2, 4.2.3, 4.3), answered or not (4.10), the announced response date
moved only by an extension (4.4), the records kept (chapter V)."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import AmarcHelpdeskCommon, paris

STAGE_CANCELLED = "helpdesk_mgmt.helpdesk_ticket_stage_cancelled"


@tagged("post_install", "-at_install")
class TestFirstWrittenContact(AmarcHelpdeskCommon):
    """E-mail: 24 working hours; letter: 10 working days (Monday to Friday,
    Paris). Friday 6 February 2026 is a public holiday."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._holiday(cls.calendar, date(2026, 2, 6))
        cls.stage_cancelled = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_cancelled"
        )

    def _close(self, ticket, when, stage=None):
        with freeze_time(when):
            ticket.with_user(self.agent).write(
                {"stage_id": (stage or self.stage_done).id}
            )

    def test_answer_in_time_is_the_acknowledgement(self):
        # received Wednesday 9:00, deadline Thursday 9:00, answered Wednesday
        with freeze_time(paris(2026, 2, 4, 9)):
            ticket = self._ticket(paris(2026, 2, 4, 9))
        self.assertEqual(ticket.amarc_ack_deadline, paris(2026, 2, 5, 9))
        self._close(ticket, paris(2026, 2, 4, 15))
        self.assertEqual(
            (
                ticket.amarc_answered,
                ticket.amarc_response_date,
                ticket.amarc_ack_date,
                ticket.amarc_ack_kind,
                ticket.amarc_ack_late,
            ),
            (True, paris(2026, 2, 4, 15), paris(2026, 2, 4, 15), "answer", False),
        )

    def test_answer_after_the_deadline_is_late(self):
        # received Thursday 9:00: the holiday puts the deadline on Monday 9:00
        with freeze_time(paris(2026, 2, 5, 9)):
            ticket = self._ticket(paris(2026, 2, 5, 9))
        self.assertEqual(ticket.amarc_ack_deadline, paris(2026, 2, 9, 9))
        self._close(ticket, paris(2026, 2, 9, 10))
        self.assertEqual(
            (ticket.amarc_ack_date, ticket.amarc_ack_kind, ticket.amarc_ack_late),
            (paris(2026, 2, 9, 10), "answer", True),
        )

    def test_acknowledgement_before_the_answer_is_kept(self):
        with freeze_time(paris(2026, 2, 4, 9)):
            ticket = self._ticket(paris(2026, 2, 4, 9))
        with freeze_time(paris(2026, 2, 4, 10)):
            ticket.with_user(self.agent).action_amarc_acknowledge()
        self._close(ticket, paris(2026, 2, 9, 10))
        self.assertEqual(
            (ticket.amarc_ack_date, ticket.amarc_ack_kind, ticket.amarc_ack_late),
            (paris(2026, 2, 4, 10), "acknowledgement", False),
        )

    def test_holding_reply_meets_the_letter_deadline(self):
        # a letter received Monday 2 February: 10 working days, the holiday
        # skipped, end on Tuesday 17 February
        with freeze_time(paris(2026, 2, 2, 9)):
            ticket = self._ticket(paris(2026, 2, 2, 9), channel=self.channel_letter)
        self.assertEqual(ticket.amarc_ack_deadline.date(), date(2026, 2, 17))
        with freeze_time(paris(2026, 2, 16, 11)):
            ticket.with_user(self.agent).action_amarc_holding_reply()
        self.assertEqual(
            (ticket.amarc_ack_date, ticket.amarc_ack_kind, ticket.amarc_ack_late),
            (paris(2026, 2, 16, 11), "holding", False),
        )
        # the holding reply is the first contact: no second acknowledgement
        with self.assertRaises(UserError):
            ticket.with_user(self.agent).action_amarc_acknowledge()
        # the answer afterwards does not replace the first contact
        self._close(ticket, paris(2026, 2, 20, 11))
        self.assertEqual(ticket.amarc_ack_kind, "holding")
        self.assertEqual(ticket.amarc_response_date, paris(2026, 2, 20, 11))

    def test_kind_and_answered_are_recorded_only_by_their_action(self):
        ticket = self._ticket(paris(2026, 3, 16, 9))
        for values in ({"amarc_ack_kind": "answer"}, {"amarc_answered": True}):
            for user in (self.agent, self.helpdesk_manager):
                with self.assertRaises(AccessError):
                    ticket.with_user(user).write(values)
        self.assertEqual((ticket.amarc_ack_kind, ticket.amarc_answered), (False, False))

    def test_acknowledgement_mail_carries_the_three_items_of_4_3(self):
        ticket = self._ticket(
            paris(2026, 3, 16, 9), amarc_customer_reference="CMD-2026-0042"
        )
        ticket.with_user(self.agent).action_amarc_send_acknowledgement()
        body = ticket.message_ids[0].body
        self.assertIn("CMD-2026-0042", body)
        self.assertIn("March 16, 2026", body)  # reception date
        self.assertIn("<strong>10</strong> working days", body)
        self.assertIn("03/30/2026", body)  # announced response date
        self.assertEqual(ticket.amarc_ack_kind, "acknowledgement")
        # without the customer's reference, the ticket number
        other = self._ticket(paris(2026, 3, 16, 9))
        other.with_user(self.agent).action_amarc_send_acknowledgement()
        self.assertIn(other.number, other.message_ids[0].body)

    def test_customer_reference_from_the_incoming_mail(self):
        with freeze_time(paris(2026, 3, 16, 9)):
            ticket = self.Ticket.with_context(
                default_company_id=self.company.id
            ).message_new(
                {
                    "subject": "Réf. : CMD-2026-0042 colis abîmé",
                    "from": "Camille Client <camille@example.com>",
                    "author_id": self.customer.id,
                    "body": "<p>Le colis est arrivé abîmé.</p>",
                    "to": "care@a.example.com",
                },
                custom_values={
                    "team_id": self.team.id,
                    "channel_id": self.channel_email.id,
                },
            )
            plain = self.Ticket.with_context(
                default_company_id=self.company.id
            ).message_new(
                {
                    "subject": "Colis abîmé",
                    "from": "Camille Client <camille@example.com>",
                    "author_id": self.customer.id,
                    "body": "<p>Le colis est arrivé abîmé.</p>",
                    "to": "care@a.example.com",
                },
                custom_values={"team_id": self.team.id},
            )
        self.assertEqual(ticket.amarc_customer_reference, "CMD-2026-0042")
        self.assertEqual(ticket._amarc_reference(), "CMD-2026-0042")
        self.assertFalse(plain.amarc_customer_reference)
        self.assertEqual(plain._amarc_reference(), plain.number)
        # the announced response date is set for a mail-gateway ticket too
        self.assertEqual(ticket.amarc_response_deadline, paris(2026, 3, 30, 9))
        self.assertEqual(plain.amarc_response_deadline, paris(2026, 3, 30, 9))


@tagged("post_install", "-at_install")
class TestAnswered(AmarcHelpdeskCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_cancelled = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_cancelled"
        )
        cls.stage_rejected = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_rejected")

    def _move(self, ticket, stage, when):
        with freeze_time(when):
            ticket.with_user(self.agent).write({"stage_id": stage.id})

    def _figures(self, ticket):
        return (
            ticket.amarc_answered,
            ticket.amarc_response_date,
            ticket.amarc_response_working_days,
            ticket.amarc_response_late,
        )

    def test_shipped_stages(self):
        self.assertEqual(
            (
                self.stage_done.amarc_answered,
                self.stage_rejected.amarc_answered,
                self.stage_cancelled.amarc_answered,
            ),
            (True, True, False),
        )

    def test_cancelled_ticket_has_no_response(self):
        ticket = self._ticket(paris(2026, 3, 2, 9))
        # cancelled an hour after its acknowledgement deadline (Tue 9:00)
        self._move(ticket, self.stage_cancelled, paris(2026, 3, 3, 10))
        self.assertEqual(self._figures(ticket), (False, False, 0.0, False))
        # the announced date passes: still not late, the cron leaves it
        with freeze_time(paris(2026, 4, 1, 9)):
            self.Ticket._cron_amarc_refresh_late_flags()
        self.assertFalse(ticket.amarc_response_late)
        # not acknowledged, closed without any contact after its deadline
        self.assertTrue(ticket.amarc_ack_late)
        self.assertFalse(ticket.amarc_ack_kind)

    def test_rejection_is_an_answer(self):
        ticket = self._ticket(paris(2026, 3, 2, 9))
        self._move(ticket, self.stage_rejected, paris(2026, 3, 3, 9))
        self.assertEqual(
            self._figures(ticket), (True, paris(2026, 3, 3, 9), 1.0, False)
        )

    def test_reopen_and_close_again(self):
        ticket = self._ticket(paris(2026, 3, 2, 9))
        self._move(ticket, self.stage_cancelled, paris(2026, 3, 3, 9))
        self._move(ticket, self.stage_new, paris(2026, 3, 4, 9))
        # open again, and its announced date (16 March 9:00) passed today
        self.assertEqual(self._figures(ticket), (False, False, 0.0, True))
        self._move(ticket, self.stage_done, paris(2026, 3, 5, 9))
        self.assertEqual(
            self._figures(ticket), (True, paris(2026, 3, 5, 9), 3.0, False)
        )
        # answered, reopened: the answer stays; closed as cancelled: gone
        self._move(ticket, self.stage_new, paris(2026, 3, 6, 9))
        self.assertEqual(ticket.amarc_response_date, paris(2026, 3, 5, 9))
        self._move(ticket, self.stage_cancelled, paris(2026, 3, 9, 9))
        self.assertEqual(self._figures(ticket), (False, False, 0.0, False))

    def test_withdrawn_is_not_answered(self):
        ticket = self._ticket(paris(2026, 3, 2, 9))
        with freeze_time(paris(2026, 3, 3, 9)):
            ticket.sudo()._amarc_withdraw(self.stage_done)
        self.assertEqual(self._figures(ticket), (False, False, 0.0, False))
        self.assertEqual(ticket.amarc_withdrawn_date, paris(2026, 3, 3, 9))
        # reopened then answered by the agent
        self._move(ticket, self.stage_new, paris(2026, 3, 4, 9))
        self.assertFalse(ticket.amarc_withdrawn_date)
        self._move(ticket, self.stage_done, paris(2026, 3, 5, 9))
        self.assertEqual(
            self._figures(ticket), (True, paris(2026, 3, 5, 9), 3.0, False)
        )

    def test_stage_setting_changes_do_not_rewrite_the_past(self):
        ticket = self._ticket(paris(2026, 3, 2, 9))
        self._move(ticket, self.stage_cancelled, paris(2026, 3, 3, 9))
        self.stage_cancelled.amarc_answered = True
        ticket.invalidate_recordset()
        self.assertFalse(ticket.amarc_answered)


@tagged("post_install", "-at_install")
class TestResponseDateTrail(AmarcHelpdeskCommon):
    def _extend(self, ticket, user, new_deadline, when):
        with freeze_time(when):
            wizard = (
                self.env["amarc.ticket.extension.wizard"]
                .with_user(user)
                .create(
                    {
                        "ticket_id": ticket.id,
                        "new_deadline": new_deadline,
                        "reason": "Supplier delay",
                        "send_mail": False,
                    }
                )
            )
            return wizard.action_confirm()

    def test_announced_date_written_directly_is_refused(self):
        ticket = self._ticket(paris(2026, 3, 16, 9))
        self.assertEqual(ticket.amarc_response_deadline, paris(2026, 3, 30, 9))
        for env in (
            ticket.with_user(self.agent),
            ticket.with_user(self.helpdesk_manager),
            ticket.sudo(),
            # a client sending the context key of the extension flow
            ticket.with_user(self.agent).with_context(
                amarc_extension_write="amarc-extension-write"
            ),
        ):
            with self.assertRaisesRegex(UserError, "only through an extension"):
                env.write({"amarc_response_deadline": paris(2026, 4, 30, 9)})
        with self.assertRaisesRegex(UserError, "only through an extension"):
            self.Ticket.create(
                {
                    "name": "Forced",
                    "company_id": self.company.id,
                    "team_id": self.team.id,
                    "amarc_response_deadline": paris(2026, 4, 30, 9),
                }
            )
        self.assertEqual(ticket.amarc_response_deadline, paris(2026, 3, 30, 9))
        # the form shows it read-only
        with Form(ticket.with_user(self.agent)) as form:
            self.assertTrue(form._get_modifier("amarc_response_deadline", "readonly"))
        # the extension moves it
        self._extend(ticket, self.agent, paris(2026, 4, 8, 9), paris(2026, 3, 20, 9))
        self.assertEqual(ticket.amarc_response_deadline, paris(2026, 4, 8, 9))

    def test_extension_kept_and_late_flag(self):
        ticket = self._ticket(paris(2026, 3, 2, 9))
        self.assertEqual(ticket.amarc_response_deadline, paris(2026, 3, 16, 9))
        on_time = self._extend(
            ticket, self.agent, paris(2026, 3, 23, 9), paris(2026, 3, 13, 9)
        )
        late = self._extend(
            ticket, self.agent, paris(2026, 3, 30, 9), paris(2026, 3, 23, 10)
        )
        self.assertEqual((on_time.late, late.late), (False, True))
        row = self.env["amarc.helpdesk.indicator"].search(
            [("ticket_id", "=", ticket.id)]
        )
        self.assertEqual((row.extension_count, row.extension_late_count), (2, 1))
        # AccessError is a UserError: refused by the rights or by the trail
        for user in (self.agent, self.helpdesk_manager):
            with self.assertRaises(UserError):
                late.with_user(user).unlink()
            with self.assertRaises(UserError):
                late.with_user(user).write({"new_deadline": paris(2026, 5, 4, 9)})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            late.sudo().unlink()
        self.assertTrue(late.exists())
        self.assertEqual(late.new_deadline, paris(2026, 3, 30, 9))


@tagged("post_install", "-at_install")
class TestRecordsKept(AmarcHelpdeskCommon):
    def test_ticket_kept_one_year_after_closing(self):
        ticket = self._ticket(paris(2026, 3, 2, 9))
        with self.assertRaisesRegex(UserError, "archive it"):
            ticket.with_user(self.helpdesk_manager).unlink()
        # cancelled: no satisfaction survey holds it (amarc_survey)
        with freeze_time(paris(2026, 3, 3, 9)):
            ticket.write({"stage_id": self.env.ref(STAGE_CANCELLED).id})
        for day in (paris(2026, 3, 16, 12), paris(2027, 3, 3, 12)):
            with freeze_time(day), self.assertRaisesRegex(UserError, "2027-03-03"):
                ticket.with_user(self.helpdesk_manager).unlink()
        # archiving is allowed
        ticket.with_user(self.helpdesk_manager).action_archive()
        self.assertFalse(ticket.active)
        with freeze_time(paris(2027, 3, 4, 12)):
            ticket.with_user(self.helpdesk_manager).unlink()
        self.assertFalse(ticket.exists())

    def test_alert_and_communication_kept(self):
        alert = self.env["amarc.alert"].create(
            {
                "name": "Serious complaint",
                "company_id": self.company.id,
                "alert_type": "serious",
                "ticket_id": self._ticket(paris(2026, 3, 2, 9)).id,
                "window_start": paris(2026, 3, 2, 9),
                "window_end": paris(2026, 3, 2, 9),
            }
        )
        with self.assertRaisesRegex(UserError, "archive it"):
            alert.unlink()
        communication = self.env["amarc.indicator.communication"].create(
            {
                "name": "Indicators",
                "company_id": self.company.id,
                "audience": "agents",
                "period_start": date(2026, 2, 1),
                "period_end": date(2026, 2, 28),
            }
        )
        with self.assertRaisesRegex(UserError, "archive it"):
            communication.unlink()
        alert.action_archive()
        communication.action_archive()
        self.assertEqual((alert.active, communication.active), (False, False))
