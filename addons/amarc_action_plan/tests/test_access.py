from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import freeze_time

from .common import TODAY, AmarcActionPlanCommon


@tagged("post_install", "-at_install")
class TestActionPlanAccess(AmarcActionPlanCommon):
    """Each refusal is proved next to the user who is allowed the same thing."""

    def test_user_updates_own_actions_only(self):
        mine = self._action(name="Mine")
        theirs = self._action(name="Theirs", user_id=self.auditor.id)
        mine.with_user(self.user).write({"description": "<p>started</p>"})
        self.assertEqual(str(mine.description), "<p>started</p>")
        with self.assertRaises(AccessError):
            theirs.with_user(self.user).write({"description": "<p>no</p>"})
        self.assertEqual(
            theirs.with_user(self.user).read(["name"])[0]["name"],
            "Theirs",
            "the user reads the actions of others",
        )
        theirs.with_user(self.auditor).write({"description": "<p>mine</p>"})
        self.assertEqual(str(theirs.description), "<p>mine</p>")
        with self.assertRaises(AccessError):
            self.Action.with_user(self.user).create(
                {"name": "New", "plan_id": self.plan.id}
            )
        created = self.Action.with_user(self.auditor).create(
            {"name": "New", "plan_id": self.plan.id}
        )
        self.assertEqual(self.plan.action_ids, mine | theirs | created)
        with self.assertRaises(AccessError):
            self.plan.with_user(self.user).write({"name": "Renamed"})
        self.plan.with_user(self.auditor).write({"name": "Renamed"})
        self.assertEqual(self.plan.name, "Renamed")

    def test_auditor_manages_plans_and_actions(self):
        plan = self.Plan.with_user(self.auditor).create({"name": "Audit plan"})
        action = self.Action.with_user(self.auditor).create(
            {
                "name": "A",
                "plan_id": plan.id,
                "action_type": "preventive",
                "user_id": self.user.id,
                "date_deadline": date(2026, 4, 30),
            }
        )
        self.assertEqual(
            (plan.company_id, plan.year, action.company_id),
            (self.company, 2026, self.company),
        )
        action.with_user(self.auditor).action_open()
        action.with_user(self.auditor).action_done()
        self.assertEqual((action.state, action.date_done), ("done", TODAY))
        with freeze_time("2027-04-02"):
            # kept one year after it was done (2026-04-01): only quality managers
            # delete
            with self.assertRaises(AccessError):
                action.with_user(self.auditor).unlink()
            action.with_user(self.manager).unlink()
        self.assertFalse(action.exists())

    def test_manager_runs_reviews(self):
        self._done_action(name="Done")
        self._action(name="Draft")
        with self.assertRaises(AccessError):
            self.Review.with_user(self.auditor).create({"review_type": "process"})
        review = self.Review.with_user(self.manager).create({"review_type": "process"})
        self.assertEqual(
            (
                review.name,
                review.year,
                review.date,
                review.company_id,
                review.user_id,
            ),
            ("Process review 2026", 2026, TODAY, self.company, self.manager),
        )
        review.action_collect_inputs()
        expected = [
            ("nonconformities", "Actions of 2026 by state", "Done: 1, Draft: 1", False),
            (
                "nonconformities",
                "Effectiveness of the actions of 2026",
                "0 effective, 0 not effective, 1 to be judged (effectiveness rate - %)",
                False,
            ),
            ("opportunities", "Plan 2026", "1/2 actions done (50 %)", self.plan),
        ]
        self.assertEqual(self._inputs(review), expected)
        # an auditor reads the review, and cannot change it
        self.assertEqual(self._inputs(review.with_user(self.auditor)), expected)
        with self.assertRaises(AccessError):
            review.with_user(self.auditor).write({"conclusion": "<p>x</p>"})
        review.with_user(self.manager).write({"conclusion": "<p>Effective</p>"})
        self.assertEqual(str(review.conclusion), "<p>Effective</p>")

    def test_multi_company_isolation(self):
        action = self._action()
        review = self.Review.create(
            {"review_type": "process", "company_id": self.company.id, "year": 2026}
        )
        review.action_collect_inputs()
        action_b = self._action(
            name="B action", plan_id=self.plan_b.id, user_id=self.user_b.id
        )
        as_a = self.env(user=self.manager)
        as_b = self.env(user=self.user_b)
        # each company's quality manager sees its own records, and only them
        for model, own_a, own_b in [
            ("amarc.action.plan", self.plan, self.plan_b),
            ("amarc.action", action, action_b),
            ("amarc.review", review, self.Review),
            ("amarc.review.input", review.input_ids, self.env["amarc.review.input"]),
        ]:
            with self.subTest(model=model):
                self.assertEqual(as_a[model].search([]), own_a.with_env(as_a))
                self.assertEqual(as_b[model].search([]), own_b.with_env(as_b))
        self.assertEqual(len(review.input_ids), 2)
        with self.assertRaises(AccessError):
            action.with_user(self.user_b).read(["name"])
        self.assertEqual(
            action.with_user(self.manager).read(["name"])[0]["name"],
            "Fix the acknowledgement template",
        )
        own_review = as_b["amarc.review"].create({"review_type": "process"})
        own_review.action_collect_inputs()
        self.assertEqual(
            self._inputs(own_review),
            [
                ("nonconformities", "Actions of 2026 by state", "Draft: 1", False),
                (
                    "opportunities",
                    "Plan B 2026",
                    "0/1 actions done (0 %)",
                    self.plan_b.with_env(as_b),
                ),
            ],
            "another company's plans and actions never leak into a review",
        )
