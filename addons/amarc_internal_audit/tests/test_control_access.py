from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .control_common import AmarcControlCommon


@tagged("post_install", "-at_install")
class TestControlAccess(AmarcControlCommon):
    """The internal control plan is for quality managers and auditors; each
    company sees its own. Each refusal next to the user who is allowed."""

    def _plan_values(self):
        return {
            "company_id": self.company.id,
            "year": 2026,
            "control_method_id": self.mystery_call.id,
            "criterion_ids": [(6, 0, self.criterion("3.1").ids)],
            "sample_size": 5,
        }

    def test_plain_users_and_strangers_are_refused(self):
        sample = self._sample()
        for user in (self.user, self.stranger):
            for record in (self.campaign, sample):
                with self.assertRaises(AccessError, msg=user.login):
                    record.with_user(user).read(["company_id"])
            with self.assertRaises(AccessError):
                self.env["amarc.control.plan"].with_user(user).create(
                    self._plan_values()
                )
            with self.assertRaises(AccessError):
                self.env["amarc.control.result"].with_user(user).search([])
        plan = (
            self.env["amarc.control.plan"]
            .with_user(self.auditor)
            .create(self._plan_values())
        )
        self.assertEqual(plan.name, "Mystery call 2026")

    def test_auditor_records_manager_deletes(self):
        plan = (
            self.env["amarc.control.plan"]
            .with_user(self.auditor)
            .create(self._plan_values())
        )
        campaigns = plan.with_user(self.auditor).action_schedule_campaigns()
        self.assertEqual(
            plan.campaign_ids.sorted("date_start").mapped(
                lambda c: (c.date_start, c.date_end)
            ),
            [
                (date(2026, 1, 1), date(2026, 3, 31)),
                (date(2026, 4, 1), date(2026, 6, 30)),
                (date(2026, 7, 1), date(2026, 9, 30)),
                (date(2026, 10, 1), date(2026, 12, 31)),
            ],
        )
        self.assertEqual(campaigns["domain"], [("plan_id", "in", plan.ids)])
        self.assertEqual(
            plan.campaign_ids.activity_ids.mapped("date_deadline"),
            plan.campaign_ids.mapped("date_start"),
        )
        first, second, third, fourth = plan.campaign_ids.sorted("date_start")
        sample = self._sample(campaign=first).with_user(self.auditor)
        sample.answer_seconds = 40
        self.assertEqual(sample.result_31, "gap")
        with self.assertRaises(AccessError):
            plan.with_user(self.auditor).unlink()
        with self.assertRaises(AccessError):
            fourth.with_user(self.auditor).unlink()
        fourth.with_user(self.manager).unlink()
        self.assertEqual(plan.campaign_ids, first | second | third)
        # a campaign with its records is kept three years (V.2)
        with self.assertRaisesMessage(
            UserError,
            f"{sample.campaign_id.name} must be kept until 2029-03-31 (retention "
            "period of chapter V of the referential): archive it instead of "
            "deleting it.",
        ):
            sample.campaign_id.with_user(self.manager).unlink()
        self.assertEqual(
            self.env["amarc.control.result"]
            .with_user(self.auditor)
            .search_count([("company_id", "=", self.company.id)]),
            2,
            "3.1 and 3.3 of the sample",
        )

    def test_multi_company(self):
        sample = self._sample()
        other = self._campaign(company_id=self.company_b.id)
        self._sample(campaign=other)
        as_b = self.env["amarc.control.campaign"].with_user(self.manager_b)
        self.assertEqual(as_b.search([]), other)
        with self.assertRaises(AccessError):
            sample.with_user(self.manager_b).read(["result_31"])
        self.assertEqual(
            self.env["amarc.control.result"]
            .with_user(self.manager_b)
            .search([])
            .campaign_id,
            other,
        )
        self.assertEqual(
            self.env["amarc.control.sample"].with_user(self.manager).search([]),
            sample,
        )
