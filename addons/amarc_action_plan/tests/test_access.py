from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AmarcActionPlanCommon


@tagged("post_install", "-at_install")
class TestActionPlanAccess(AmarcActionPlanCommon):
    def test_user_updates_own_actions_only(self):
        mine = self._action(name="Mine")
        theirs = self._action(name="Theirs", user_id=self.auditor.id)
        mine.with_user(self.user).write({"description": "<p>started</p>"})
        with self.assertRaises(AccessError):
            theirs.with_user(self.user).write({"description": "<p>no</p>"})
        with self.assertRaises(AccessError):
            self.Action.with_user(self.user).create(
                {"name": "New", "plan_id": self.plan.id}
            )
        with self.assertRaises(AccessError):
            self.plan.with_user(self.user).write({"name": "Renamed"})

    def test_auditor_manages_plans_and_actions(self):
        plan = self.Plan.with_user(self.auditor).create({"name": "Audit plan"})
        action = self.Action.with_user(self.auditor).create(
            {"name": "A", "plan_id": plan.id}
        )
        self.assertEqual(action.company_id, self.company)
        with self.assertRaises(AccessError):
            action.with_user(self.auditor).unlink()
        with self.assertRaises(AccessError):
            self.Review.with_user(self.auditor).create({"review_type": "process"})

    def test_manager_runs_reviews(self):
        review = self.Review.with_user(self.manager).create({"review_type": "process"})
        review.action_collect_inputs()
        self.assertTrue(review.input_ids)

    def test_multi_company_isolation(self):
        action = self._action()
        review = self.Review.create(
            {"review_type": "process", "company_id": self.company.id}
        )
        review.action_collect_inputs()
        as_b = self.env(user=self.user_b)
        self.assertFalse(as_b["amarc.action.plan"].search([("id", "=", self.plan.id)]))
        self.assertFalse(as_b["amarc.action"].search([("id", "=", action.id)]))
        self.assertFalse(as_b["amarc.review"].search([("id", "=", review.id)]))
        self.assertFalse(
            as_b["amarc.review.input"].search([("review_id", "=", review.id)])
        )
        with self.assertRaises(AccessError):
            action.with_user(self.user_b).read(["name"])
        own_review = as_b["amarc.review"].create({"review_type": "process"})
        own_review.action_collect_inputs()
        sources = own_review.input_ids.mapped("source")
        self.assertNotIn(
            self.plan, sources, "another company's plans never leak into a review"
        )
