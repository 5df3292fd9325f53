from contextlib import contextmanager
from datetime import date

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL


@tagged("post_install", "-at_install")
class TestActionCronTwoWorkers(TransactionCase):
    """The action reminder cron run by two workers at once (two cursors) puts
    one activity per action and deadline."""

    @contextmanager
    def _worker(self):
        with self.registry.cursor() as cr:
            yield api.Environment(cr, SUPERUSER_ID, {})

    def setUp(self):
        super().setUp()
        with self._worker() as env:
            company = env["res.company"].create({"name": "Two workers actions Co"})
            user = env["res.users"].create(
                {
                    "name": "Action owner",
                    "login": "amarc_two_workers_actions",
                    "company_id": company.id,
                    "company_ids": [(6, 0, company.ids)],
                }
            )
            actions = env["amarc.action"].create(
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
            self.company_id, self.user_id, self.action_ids = (
                company.id,
                user.id,
                actions.ids,
            )
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self._worker() as env:
            actions = env["amarc.action"].browse(self.action_ids)
            actions.activity_ids.unlink()
            # past their retention date in the test's frozen future
            with freeze_time("2030-01-01"):
                actions.unlink()
            env["res.users"].browse(self.user_id).unlink()
            env["res.company"].browse(self.company_id).active = False

    def _activities(self, env):
        return env["mail.activity"].search_count(
            [("res_model", "=", "amarc.action"), ("res_id", "in", self.action_ids)]
        )

    def test_two_workers_remind_once(self):
        with freeze_time("2026-06-27"), self._worker() as env1, self._worker() as env2:
            Cron1 = env1["ir.cron"]
            batch = Cron1._amarc_lock_batch(
                "amarc.action", SQL("id = ANY(%s)", self.action_ids), 100
            )
            self.assertEqual(len(batch), 3)
            env2["amarc.action"]._cron_remind_actions()
            self.assertEqual(self._activities(env2), 0, "locked rows are skipped")
            env2.cr.commit()
            batch._remind("before")
            env1.cr.commit()
            env2["amarc.action"]._cron_remind_actions()
            env2.cr.commit()
            env1["amarc.action"]._cron_remind_actions()
            env1.cr.commit()
        with self._worker() as env:
            self.assertEqual(self._activities(env), 3)
