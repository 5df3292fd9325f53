from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .two_workers import TwoWorkersCase, remove_company, remove_users

OBLIGATION = "amarc.obligation"


@tagged("post_install", "-at_install")
class TestTwoWorkers(TwoWorkersCase):
    """The obligation reminder cron run by two workers at once (two database
    connections, two transactions, see ``two_workers``) reminds each
    obligation once: worker 1 runs the scheduled action and is paused right
    after it locked its batch; worker 2 runs the scheduled action meanwhile
    (it must skip the locked rows, not wait for them: its lock timeout would
    fail the test), then again once worker 1 committed.

    A third connection, the bystander, locks every obligation that is not
    this test's: the workers only see the test's ones and the rest of the
    database is left as it was."""

    def setUp(self):
        super().setUp()
        with self.committing() as env:
            company = env["res.company"].create(
                {"name": "Two workers Co", "amarc_level": "A"}
            )
            user = env["res.users"].create(
                {
                    "name": "Two workers",
                    "login": "amarc_two_workers",
                    "company_id": company.id,
                    "company_ids": [(6, 0, company.ids)],
                }
            )
            # chapter IV's: the internal audit, when installed, adds VI.1's
            obligations = env[OBLIGATION].search(
                [("company_id", "=", company.id), ("criterion_id", "!=", False)]
            )
            obligations.write({"user_id": user.id, "date_start": date(2026, 1, 10)})
            self.company_id, self.user_id = company.id, user.id
            self.obligation_ids = obligations.ids
        self.addCleanup(self._cleanup)
        # the recurring obligations of level A, created with the company
        self.assertEqual(len(self.obligation_ids), 9)

    def _cleanup(self):
        with self.committing() as env:
            remove_users(env, [self.user_id])
            remove_company(env, self.company_id)

    def _reminders(self, env):
        return env["mail.activity"].search(
            [("res_model", "=", OBLIGATION), ("res_id", "in", self.obligation_ids)]
        )

    def test_two_workers_remind_once(self):
        with (
            freeze_time("2027-02-01"),
            self.bystander({"amarc_obligation": self.obligation_ids}),
        ):
            worker1 = self.start_paused(
                lambda env: env[OBLIGATION]._cron_remind_due_obligations(),
                "ir.cron",
                "_amarc_lock_batch",
            )
            # worker 1 holds the lock of the test's obligations, all due
            self.assertEqual(
                sorted(worker1.paused_result.ids), sorted(self.obligation_ids)
            )
            with self.connection() as env2:
                # worker 2 meanwhile: the locked rows are skipped, nothing sent
                self.assertEqual(env2[OBLIGATION]._cron_remind_due_obligations(), 0)
                env2.cr.commit()
            self.assertEqual(worker1.outcome(), 9)
            with self.connection() as env2:
                # worker 2 again, after worker 1 committed: nothing left to do
                self.assertEqual(env2[OBLIGATION]._cron_remind_due_obligations(), 0)
                env2.cr.commit()
        with self.connection() as env:
            reminders = self._reminders(env)
            obligations = env[OBLIGATION].browse(self.obligation_ids)
            # one reminder per obligation, for its due date, to its responsible
            self.assertEqual(
                sorted(reminders.mapped("res_id")), sorted(obligations.ids)
            )
            for obligation in obligations:
                reminder = reminders.filtered(lambda a, o=obligation: a.res_id == o.id)
                self.assertEqual(reminder.date_deadline, obligation.next_due_date)
                self.assertEqual(reminder.user_id.id, self.user_id)
                self.assertEqual(obligation.reminder_due_date, obligation.next_due_date)
