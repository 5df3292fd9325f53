from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.amarc_referential.tests.two_workers import (
    TwoWorkersCase,
    remove_company,
    remove_users,
)

ACTION = "amarc.action"


@tagged("post_install", "-at_install")
class TestActionCronTwoWorkers(TwoWorkersCase):
    """The action reminder cron run by two workers at once (two database
    connections, see ``amarc_referential/tests/two_workers.py``) puts one
    activity per action and deadline: worker 1 runs the scheduled action and
    is paused right after it locked its batch; worker 2 runs it meanwhile
    (skipping the locked rows: waiting for them would hit its lock timeout
    and fail the test), then again once worker 1 committed. A bystander
    connection locks every other action of the database."""

    def setUp(self):
        super().setUp()
        with self.committing() as env:
            company = env["res.company"].create({"name": "Two workers actions Co"})
            user = env["res.users"].create(
                {
                    "name": "Action owner",
                    "login": "amarc_two_workers_actions",
                    "company_id": company.id,
                    "company_ids": [(6, 0, company.ids)],
                }
            )
            actions = env[ACTION].create(
                [
                    {
                        "name": f"Action {n}",
                        "company_id": company.id,
                        "user_id": user.id,
                        "date_deadline": date(2026, 6, 30),
                    }
                    for n in range(3)
                ]
            )
            actions.action_open()
            self.company_id, self.user_id = company.id, user.id
            self.action_ids = actions.ids
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.committing() as env:
            actions = env[ACTION].browse(self.action_ids)
            actions.activity_ids.unlink()
            env["mail.message"].search(
                [("model", "=", ACTION), ("res_id", "in", actions.ids)]
            ).unlink()
            # past their retention date in the test's frozen future
            with freeze_time("2030-01-01"):
                actions.unlink()
            remove_users(env, [self.user_id])
            remove_company(env, self.company_id)

    def _reminders(self, env):
        return env["mail.activity"].search(
            [("res_model", "=", ACTION), ("res_id", "in", self.action_ids)]
        )

    def test_two_workers_remind_once(self):
        # three days before the deadline, within the company's 7 days
        with (
            freeze_time("2026-06-27"),
            self.bystander({"amarc_action": self.action_ids}),
        ):
            worker1 = self.start_paused(
                lambda env: env[ACTION]._cron_remind_actions(),
                "ir.cron",
                "_amarc_lock_batch",
            )
            self.assertEqual(sorted(worker1.paused_result.ids), self.action_ids)
            with self.connection() as env2:
                # worker 2 meanwhile: the locked actions are skipped
                self.assertEqual(env2[ACTION]._cron_remind_actions(), 0)
                env2.cr.commit()
            self.assertEqual(worker1.outcome(), 3)
            with self.connection() as env2:
                # worker 2 again, after worker 1 committed: nothing left to do
                self.assertEqual(env2[ACTION]._cron_remind_actions(), 0)
                env2.cr.commit()
        with self.connection() as env:
            reminders = self._reminders(env)
            self.assertEqual(sorted(reminders.mapped("res_id")), self.action_ids)
            self.assertEqual(
                set(reminders.mapped("summary")), {"Action due on 2026-06-30"}
            )
            self.assertEqual(reminders.user_id.id, self.user_id)
            self.assertEqual(
                set(reminders.mapped("date_deadline")), {date(2026, 6, 30)}
            )
            actions = env[ACTION].browse(self.action_ids)
            self.assertEqual(
                set(actions.mapped("reminded_before_deadline")), {date(2026, 6, 30)}
            )
