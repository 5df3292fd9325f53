from datetime import date

from odoo.tests import tagged
from odoo.tests.common import freeze_time

from .common import AmarcActionPlanCommon


@tagged("post_install", "-at_install")
class TestActionReminders(AmarcActionPlanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.amarc_action_reminder_days = 5
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")
        # Other actions (e.g. demo data) are not this test's business.
        cls.Action.search([]).write({"user_id": False})
        cls.action = cls._action(date_deadline=date(2026, 6, 30))
        cls.action.action_open()

    def _activities(self):
        return self.action.activity_ids.filtered(
            lambda a: a.activity_type_id == self.todo
        )

    def test_before_on_and_after_the_deadline(self):
        with freeze_time("2026-06-24"):
            self.Action._cron_remind_actions()
            self.assertFalse(self._activities(), "six days before: nothing yet")
        with freeze_time("2026-06-25"):
            self.Action._cron_remind_actions()
            self.assertEqual(len(self._activities()), 1)
            self.assertEqual(
                (
                    self._activities().user_id,
                    self._activities().summary,
                    self._activities().date_deadline,
                ),
                (self.user, "Action due on 2026-06-30", date(2026, 6, 30)),
            )
        with freeze_time("2026-06-30"):
            self.Action._cron_remind_actions()
            self.assertEqual(len(self._activities()), 1, "on the deadline: still one")
        with freeze_time("2026-07-01"):
            self.Action._cron_remind_actions()
            self.assertEqual(len(self._activities()), 2, "passed: one more")
            self.assertEqual(
                set(self._activities().mapped("summary")),
                {"Action due on 2026-06-30", "Action overdue since 2026-06-30"},
            )
            self.Action._cron_remind_actions()
            self.assertEqual(len(self._activities()), 2)
        with freeze_time("2026-07-15"):
            self.Action._cron_remind_actions()
            self.assertEqual(len(self._activities()), 2, "never twice for one deadline")

    def test_twice_the_same_day(self):
        with freeze_time("2026-06-27"):
            self.assertEqual(self.Action._cron_remind_actions(), 1)
            self.assertEqual(self.Action._cron_remind_actions(), 0)
        self.assertEqual(len(self._activities()), 1)

    def test_changed_deadline_rearms(self):
        with freeze_time("2026-06-27"):
            self.Action._cron_remind_actions()
            self.action.date_deadline = date(2026, 6, 29)
            self.Action._cron_remind_actions()
        self.assertEqual(len(self._activities()), 2)
        self.assertEqual(self.action.reminded_before_deadline, date(2026, 6, 29))

    def test_done_and_cancelled_are_never_reminded(self):
        cancelled = self._action(date_deadline=date(2026, 6, 28))
        cancelled.action_cancel()
        still_open = self._action(name="Still open", date_deadline=date(2026, 6, 28))
        still_open.action_open()
        with freeze_time("2026-06-27"):
            self.action.action_done()
            self.assertEqual(self.Action._cron_remind_actions(), 1, "Still open")
        with freeze_time("2026-07-10"):
            self.assertEqual(self.Action._cron_remind_actions(), 1, "Still open")
        self.assertFalse(self._activities())
        self.assertFalse(cancelled.activity_ids)
        self.assertEqual(
            still_open.activity_ids.mapped("summary"),
            ["Action due on 2026-06-28", "Action overdue since 2026-06-28"],
        )

    def test_done_closes_reminders(self):
        with freeze_time("2026-06-27"):
            self.Action._cron_remind_actions()
            self.assertEqual(len(self._activities()), 1)
            self.action.action_done()
        self.assertFalse(self._activities())

    def test_batches(self):
        more = self.Action
        for index in range(5):
            more |= self._action(name=f"Batch {index}", date_deadline=date(2026, 6, 30))
        more.action_open()
        with freeze_time("2026-06-26"):
            processed = self.Action._cron_remind_actions(batch_size=2)
        self.assertEqual(processed, 6)
        self.assertEqual(
            set((more | self.action).mapped("reminded_before_deadline")),
            {date(2026, 6, 30)},
        )
