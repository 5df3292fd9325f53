from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AmarcActionPlanCommon


@tagged("post_install", "-at_install")
class TestReview(AmarcActionPlanCommon):
    def _review(
        self, review_type="management", year=2026, review_date=date(2026, 12, 1)
    ):
        return self.Review.create(
            {
                "review_type": review_type,
                "company_id": self.company.id,
                "year": year,
                "date": review_date,
            }
        )

    def _close(self, review):
        review.input_ids = [(0, 0, {"category": "issues", "name": "New regulation"})]
        review.action_collect_inputs()
        review.action_done()

    def test_name_and_freeze(self):
        review = self._review(review_type="process", year=2024)
        self.assertEqual(review.name, "Process review 2024")
        review.action_collect_inputs()
        self.assertFalse(review.input_ids, "nothing to collect in 2024")
        with self.assertRaisesRegex(UserError, "collect the inputs first"):
            review.action_done()
        self._close(review)
        self.assertEqual(review.state, "done")
        with self.assertRaisesRegex(UserError, "frozen"):
            review.date = date(2026, 12, 2)
        with self.assertRaisesRegex(UserError, "frozen"):
            review.input_ids[0].value = "changed"
        with self.assertRaisesRegex(UserError, "closed"):
            review.action_collect_inputs()
        review.with_user(self.manager).action_reopen()
        self.assertEqual(review.state, "draft")

    def test_previous_review_open_actions_carry_over(self):
        previous = self._review(year=2025, review_date=date(2025, 12, 1))
        still_open = self._action(
            name="Decided last year, still open", review_id=previous.id
        )
        still_open.action_open()
        finished = self._done_action(
            name="Decided last year, done",
            action_type="preventive",
            review_id=previous.id,
        )
        pending = self._done_action(
            name="Decided last year, to be judged", review_id=previous.id
        )
        self._close(previous)
        other_type = self._review(
            review_type="process", year=2025, review_date=date(2025, 12, 2)
        )
        self._close(other_type)

        review = self._review()
        self.assertEqual(review.previous_review_id, previous)
        self.assertEqual(review.carried_action_ids, still_open | pending)
        self.assertNotIn(finished, review.carried_action_ids)
        review.action_collect_inputs()
        carried = review.input_ids.filtered(
            lambda line: line.category == "previous_actions"
        )
        self.assertEqual(
            {line.source for line in carried if line.source._name == "amarc.action"},
            {still_open, pending},
        )
        self.assertIn(previous, [line.source for line in carried])

    def test_collect_actions_effectiveness_and_plans(self):
        effective = self._done_action(name="A")
        effective.with_user(self.auditor).action_mark_effective("measured")
        not_effective = self._done_action(name="B")
        not_effective.with_user(self.auditor).action_mark_not_effective("not measured")
        review = self._review(review_type="process")
        review.input_ids = [
            (0, 0, {"category": "resources", "name": "Two more agents"})
        ]
        review.action_collect_inputs()
        values = {line.name: line.value for line in review.input_ids}
        self.assertIn(
            "1 effective, 1 not effective",
            values["Effectiveness of the actions of 2026"],
        )
        self.assertIn("Plan 2026", values)
        self.assertEqual(self.plan.review_id, review, "the year's plans are taken in")
        self.assertEqual(values["Two more agents"], False, "hand-typed lines are kept")
        # collecting again rebuilds the collected lines without duplicates
        count = len(review.input_ids)
        review.action_collect_inputs()
        self.assertEqual(len(review.input_ids), count)

    def test_reviews_are_kept_three_years(self):
        review = self._review(review_date=date(2026, 12, 1))
        with self.assertRaisesRegex(UserError, "must be kept until 2029-12-01"):
            review.unlink()

    def test_hook_is_extensible(self):
        review = self._review()
        lines = review._amarc_review_inputs()
        self.assertIsInstance(lines, list)
        self.assertTrue(all(line["auto"] for line in lines))

    def test_decided_actions_point_back(self):
        review = self._review()
        action_ctx = review.action_new_action()["context"]
        action = self.Action.with_context(**action_ctx).create(
            {
                "name": "Hire an agent",
                "user_id": self.user.id,
                "date_deadline": date(2027, 3, 1),
            }
        )
        self.assertEqual(action.review_id, review)
        self.assertEqual(review.action_ids, action)
        self.assertEqual(action.source, review)

    def test_pdf_report_renders(self):
        review = self._review()
        review.decision_ids = [(0, 0, {"name": "Hire one more agent"})]
        self._close(review)
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "amarc_action_plan.action_report_amarc_review", review.ids
        )
        html = html.decode()
        self.assertIn("Management review 2026", html)
        self.assertIn("Hire one more agent", html)
        pdf, _report_format = self.env["ir.actions.report"]._render_qweb_pdf(
            "amarc_action_plan.action_report_amarc_review", review.ids
        )
        self.assertTrue(pdf)
