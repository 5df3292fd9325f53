from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import AmarcHelpdeskCommon, paris


@tagged("post_install", "-at_install")
class TestResponseWarning(AmarcHelpdeskCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activity_type = cls.env.ref(
            "amarc_helpdesk.mail_activity_type_amarc_response_due"
        )
        # received Wednesday 14 January: answer announced for Wednesday 28 09:00,
        # warning one working day before, Tuesday 27 09:00
        cls.ticket = cls._ticket(paris(2026, 1, 14, 9), user_id=cls.agent.id)

    def _warnings(self, ticket=None):
        return (ticket or self.ticket).activity_ids.filtered(
            lambda a: a.activity_type_id == self.activity_type
        )

    def _run(self, when):
        with freeze_time(when):
            return self.Ticket._cron_amarc_warn_response_due()

    def test_warning_date(self):
        self.assertEqual(self.ticket.amarc_response_deadline, paris(2026, 1, 28, 9))
        self.assertEqual(self.ticket.amarc_response_warning_date, paris(2026, 1, 27, 9))
        self.company.amarc_response_warning_days = 3
        self.assertEqual(self.ticket.amarc_response_warning_date, paris(2026, 1, 23, 9))

    def test_before_on_after_and_once(self):
        self._run(paris(2026, 1, 27, 8, 59))
        self.assertFalse(self._warnings())
        self._run(paris(2026, 1, 27, 9, 0))
        warning = self._warnings()
        self.assertEqual(len(warning), 1)
        self.assertEqual(
            (warning.user_id, warning.date_deadline, warning.summary),
            (
                self.agent,
                date(2026, 1, 28),
                "Answer the customer by 01/28/2026 09:00:00 AM",
            ),
        )
        self.assertEqual(
            self.ticket.amarc_response_reminded_deadline, paris(2026, 1, 28, 9)
        )
        # run twice, and again after the deadline: still one activity
        self._run(paris(2026, 1, 27, 10))
        self._run(paris(2026, 1, 29, 10))
        self.assertEqual(self._warnings(), warning)

    def test_after_deadline_warns_once(self):
        self._run(paris(2026, 1, 30, 10))
        warning = self._warnings()
        self.assertEqual(len(warning), 1)
        self.assertEqual(
            (warning.user_id, warning.date_deadline), (self.agent, date(2026, 1, 28))
        )
        self._run(paris(2026, 1, 30, 11))
        self.assertEqual(self._warnings(), warning)

    def test_moved_deadline_rearms(self):
        self._run(paris(2026, 1, 27, 9))
        first = self._warnings()
        self.assertEqual(len(first), 1)
        with freeze_time(paris(2026, 1, 27, 11)):
            self.env["amarc.ticket.extension.wizard"].create(
                {
                    "ticket_id": self.ticket.id,
                    "new_deadline": paris(2026, 2, 4, 17),
                    "reason": "Spare part on order",
                    "send_mail": False,
                }
            ).action_confirm()
        self.assertEqual(self.ticket.amarc_response_warning_date, paris(2026, 2, 3, 17))
        self._run(paris(2026, 2, 3, 16))
        self.assertEqual(self._warnings(), first, "not yet for the new date")
        self._run(paris(2026, 2, 3, 17))
        second = self._warnings()
        self.assertEqual(len(second), 1)
        self.assertNotEqual(second, first)
        self.assertEqual(second.date_deadline, date(2026, 2, 4))
        self._run(paris(2026, 2, 3, 18))
        self.assertEqual(self._warnings(), second)

    def test_closed_or_answered_tickets_skipped(self):
        closed = self._ticket(paris(2026, 1, 14, 9), user_id=self.agent.id)
        with freeze_time(paris(2026, 1, 20, 15)):
            closed.stage_id = self.stage_done
        self.assertEqual(closed.amarc_response_date, paris(2026, 1, 20, 15))
        self.assertFalse(closed.amarc_response_warning_date)
        answered = self._ticket(paris(2026, 1, 14, 9), user_id=self.agent.id)
        answered.amarc_response_date = paris(2026, 1, 21, 9)
        self.assertFalse(answered.amarc_response_warning_date)
        self._run(paris(2026, 1, 27, 10))
        self.assertFalse(self._warnings(closed))
        self.assertFalse(self._warnings(answered))
        self.assertEqual(len(self._warnings()), 1, "the open ticket is warned")

    def test_team_leader_warned_when_unassigned(self):
        self.team.user_id = self.helpdesk_manager
        self.team.user_ids |= self.helpdesk_manager
        unassigned = self._ticket(paris(2026, 1, 14, 9))
        unassigned.user_id = False
        nobody = self._ticket(
            paris(2026, 1, 14, 9), company=self.company_b, user_id=False
        )
        nobody.user_id = False
        self._run(paris(2026, 1, 29, 10))
        self.assertEqual(self._warnings(unassigned).user_id, self.helpdesk_manager)
        self.assertEqual(
            unassigned.amarc_response_reminded_deadline, paris(2026, 1, 28, 9)
        )
        # company B's team has no leader: nobody to warn, nothing marked
        self.assertEqual(nobody.amarc_response_warning_date, datetime(2026, 1, 27, 8))
        self.assertFalse(self._warnings(nobody))
        self.assertFalse(nobody.amarc_response_reminded_deadline)

    def test_late_response_flag_refreshed(self):
        with freeze_time(paris(2026, 1, 14, 9)):
            ticket = self._ticket(paris(2026, 1, 14, 9))
            self.env.flush_all()
            self.assertFalse(ticket.amarc_response_late)
        with freeze_time(paris(2026, 1, 28, 9, 1)):
            self.Ticket._cron_amarc_refresh_late_flags()
        self.assertTrue(ticket.amarc_response_late)
        self.assertEqual(
            self.Ticket.search(
                [("id", "=", ticket.id), ("amarc_response_late", "=", True)]
            ),
            ticket,
        )
