from contextlib import contextmanager
from datetime import date

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestTwoWorkers(TransactionCase):
    """The reminder cron run by two workers at once (two database cursors, two
    transactions) reminds each obligation once.

    The test's own transaction cannot be shared with other cursors, so the data
    is committed through a separate cursor and removed at the end."""

    @contextmanager
    def _worker(self):
        with self.registry.cursor() as cr:
            yield api.Environment(cr, SUPERUSER_ID, {})

    def setUp(self):
        super().setUp()
        with self._worker() as env:
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
            obligations = env["amarc.obligation"].search(
                [("company_id", "=", company.id)]
            )
            obligations.write({"user_id": user.id, "date_start": date(2026, 1, 10)})
            self.company_id, self.user_id = company.id, user.id
            self.obligation_ids = obligations.ids
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self._worker() as env:
            obligations = env["amarc.obligation"].browse(self.obligation_ids)
            obligations.activity_ids.unlink()
            obligations.unlink()
            env["res.users"].browse(self.user_id).unlink()
            env["res.company"].browse(self.company_id).active = False

    def _activity_count(self, env):
        return env["mail.activity"].search_count(
            [
                ("res_model", "=", "amarc.obligation"),
                ("res_id", "in", self.obligation_ids),
            ]
        )

    def test_two_workers_remind_once(self):
        Obligation = "amarc.obligation"
        with freeze_time("2027-02-01"), self._worker() as env1, self._worker() as env2:
            # worker 1 takes a batch and holds its lock
            batch = env1[Obligation]._reminder_candidates(limit=1000)
            mine = batch.filtered(lambda o: o.id in self.obligation_ids)
            self.assertEqual(len(mine), len(self.obligation_ids))
            # worker 2 runs meanwhile: the locked rows are skipped, nothing twice
            env2[Obligation]._cron_remind_due_obligations()
            self.assertEqual(self._activity_count(env2), 0)
            env2.cr.commit()
            batch._send_reminders()
            env1.cr.commit()
            # worker 2 runs again after worker 1 committed: nothing left to do
            env2[Obligation]._cron_remind_due_obligations()
            env2.cr.commit()
        with self._worker() as env:
            self.assertEqual(self._activity_count(env), len(self.obligation_ids))
