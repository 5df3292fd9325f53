from datetime import date
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import freeze_time

from .common import AmarcActionPlanCommon, render_pdf

FROZEN = "A completed review is frozen: reopen it before changing it."
NO_EFFECTIVENESS = (
    "0 effective, 0 not effective, 1 to be judged (effectiveness rate - %)"
)


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

    def _set_create_date(self, action, when):
        """Actions without a plan belong to the year they were created in: set
        that date (the database's clock) to a fixed one."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE amarc_action SET create_date = %s WHERE id = %s",
            (when, action.id),
        )
        action.invalidate_recordset(["create_date"])

    def test_name_and_freeze(self):
        self._done_action(name="Of 2026")
        review = self._review(review_type="process", year=2024)
        self.assertEqual(review.name, "Process review 2024")
        review.action_collect_inputs()
        self.assertEqual(self._inputs(review), [], "nothing to collect in 2024")
        with self.assertRaisesMessage(
            UserError,
            "Review Process review 2024 has no input: collect the inputs first.",
        ):
            review.action_done()
        self._close(review)
        self.assertEqual(review.state, "done")
        self.assertEqual(
            self._inputs(review), [("issues", "New regulation", False, False)]
        )
        with self.assertRaisesMessage(UserError, FROZEN):
            review.date = date(2026, 12, 2)
        with self.assertRaisesMessage(UserError, FROZEN):
            review.input_ids[0].value = "changed"
        with self.assertRaisesMessage(
            UserError,
            "Review Process review 2024 is closed: reopen it before changing it.",
        ):
            review.action_collect_inputs()
        with self.assertRaisesMessage(
            UserError, "Only a quality manager can reopen a review."
        ):
            review.with_user(self.auditor).action_reopen()
        self.assertEqual(review.state, "done")
        review.with_user(self.manager).action_reopen()
        self.assertEqual(review.state, "draft")
        review.input_ids[0].value = "changed"
        review.date = date(2026, 12, 2)
        self.assertEqual(
            (review.date, self._inputs(review)),
            (date(2026, 12, 2), [("issues", "New regulation", "changed", False)]),
        )

    def test_done_review_lines_neither_added_nor_deleted(self):
        """A quality manager, who may create and delete review inputs and
        decisions, can do neither on a completed review until it is
        reopened."""
        # nothing to collect in 2024: the review's only input is typed by hand
        review = self._review(year=2024, review_date=date(2024, 12, 1))
        review.decision_ids = [(0, 0, {"name": "Hire a second agent"})]
        self._close(review)
        as_manager = review.with_user(self.manager)
        Input = self.env["amarc.review.input"].with_user(self.manager)
        Decision = self.env["amarc.review.decision"].with_user(self.manager)
        with self.assertRaisesMessage(UserError, FROZEN):
            Input.create(
                {"review_id": review.id, "category": "resources", "name": "Budget"}
            )
        with self.assertRaisesMessage(UserError, FROZEN):
            Decision.create({"review_id": review.id, "name": "Train the agents"})
        with self.assertRaisesMessage(UserError, FROZEN):
            as_manager.input_ids.unlink()
        with self.assertRaisesMessage(UserError, FROZEN):
            as_manager.decision_ids.unlink()
        with self.assertRaisesMessage(UserError, FROZEN):
            as_manager.decision_ids.name = "Hire two agents"
        # nor moved to a completed review from a draft one
        draft = self._review(year=2025, review_date=date(2025, 12, 1))
        moved = Decision.create({"review_id": draft.id, "name": "Train the agents"})
        with self.assertRaisesMessage(UserError, FROZEN):
            moved.review_id = review
        self.assertEqual(
            (
                review.input_ids.mapped("name"),
                review.decision_ids.mapped("name"),
                moved.review_id,
            ),
            (["New regulation"], ["Hire a second agent"], draft),
        )
        as_manager.action_reopen()
        Input.create(
            {"review_id": review.id, "category": "resources", "name": "Budget"}
        )
        Decision.create({"review_id": review.id, "name": "Train the agents"})
        # a decision of the completed review is a record: archived, not deleted
        as_manager.decision_ids.filtered(
            lambda d: d.name == "Hire a second agent"
        ).action_archive()
        self.assertEqual(
            (
                sorted(review.input_ids.mapped("name")),
                review.decision_ids.mapped("name"),
            ),
            (["Budget", "New regulation"], ["Train the agents"]),
        )

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
        self.assertEqual(previous.action_ids, still_open | finished | pending)
        review.action_collect_inputs()
        self.assertEqual(
            self._inputs(review),
            [
                (
                    "previous_actions",
                    "Previous Management review 2025 of 2025-12-01",
                    "2 of 3 decided actions still open",
                    previous,
                ),
                (
                    "previous_actions",
                    "Carried over: Decided last year, still open",
                    "Open",
                    still_open,
                ),
                (
                    "previous_actions",
                    "Carried over: Decided last year, to be judged",
                    "Done",
                    pending,
                ),
                (
                    "nonconformities",
                    "Actions of 2026 by state",
                    "Done: 2, Open: 1",
                    False,
                ),
                (
                    "nonconformities",
                    "Effectiveness of the actions of 2026",
                    NO_EFFECTIVENESS,
                    False,
                ),
                ("opportunities", "Plan 2026", "2/3 actions done (67 %)", self.plan),
            ],
        )

    def test_collect_actions_effectiveness_and_plans(self):
        effective = self._done_action(name="A")
        effective.with_user(self.auditor).action_mark_effective("measured")
        not_effective = self._done_action(name="B")
        not_effective.with_user(self.auditor).action_mark_not_effective("not measured")
        # an action of the year's plan belongs to the year, whenever created
        self._set_create_date(
            self._action(name="Late", date_deadline=date(2026, 3, 1)),
            "2027-01-15 12:00:00",
        )
        self._action(name="Cancelled").action_cancel()
        other_year = self.Plan.create(
            {"name": "Plan 2025", "company_id": self.company.id, "year": 2025}
        )
        self._done_action(name="Of 2025", plan_id=other_year.id)
        self._done_action(
            name="Other company", plan_id=self.plan_b.id, user_id=self.user_b.id
        )
        # actions without a plan count in the year they were created in
        for name, created in [
            ("No plan, 2025", "2025-12-15 12:00:00"),
            ("No plan, 2026", "2026-01-15 12:00:00"),
            ("No plan, 2027", "2027-01-15 12:00:00"),
        ]:
            self._set_create_date(
                self._action(name=name, plan_id=False, company_id=self.company.id),
                created,
            )
        review = self._review(review_type="process")
        review.input_ids = [
            (0, 0, {"category": "resources", "name": "Two more agents"})
        ]
        review.action_collect_inputs()
        expected = [
            (
                "nonconformities",
                "Actions of 2026 by state",
                # A, B; the follow-up of B, Late, No plan 2026
                "Done: 2, Draft: 3",
                False,
            ),
            (
                "nonconformities",
                "Effectiveness of the actions of 2026",
                (
                    "1 effective, 1 not effective, 0 to be judged "
                    "(effectiveness rate 50 %)"
                ),
                False,
            ),
            ("nonconformities", "Overdue actions", "1", False),
            ("resources", "Two more agents", False, False),
            ("opportunities", "Plan 2026", "2/4 actions done (50 %)", self.plan),
        ]
        self.assertEqual(self._inputs(review), expected, "hand-typed lines are kept")
        self.assertEqual(self.plan.review_id, review, "the year's plans are taken in")
        self.assertFalse(other_year.review_id)
        self.assertFalse(self.plan_b.review_id)
        # collecting again rebuilds the collected lines without duplicates
        review.action_collect_inputs()
        self.assertEqual(self._inputs(review), expected)

    def test_reviews_are_kept_three_years(self):
        review = self._review(review_date=date(2026, 12, 1))
        with self.assertRaisesMessage(
            UserError,
            "Management review 2026 must be kept until 2029-12-01 (retention period "
            "of chapter V of the referential): archive it instead of deleting it.",
        ):
            review.unlink()
        with freeze_time("2029-12-02"):
            review.unlink()
        self.assertFalse(review.exists())

    def test_review_lines_kept_three_years(self):
        """Chapter V: once the review is completed, its inputs and decisions
        are kept as long as the review (three years), even after a reopening;
        the lines of a review never completed are a draft."""
        review = self._review(review_date=date(2026, 3, 20))
        as_manager = review.with_user(self.manager)
        Input = self.env["amarc.review.input"].with_user(self.manager)
        Decision = self.env["amarc.review.decision"].with_user(self.manager)
        draft_line = Input.create(
            {"review_id": review.id, "category": "issues", "name": "Typo"}
        )
        draft_line.unlink()
        self.assertFalse(draft_line.exists(), "a draft's line is deleted freely")
        decision = Decision.create({"review_id": review.id, "name": "Hire an agent"})
        self._close(review)
        self.assertEqual(review.done_date, date(2026, 4, 1))
        as_manager.action_reopen()
        with self.assertRaisesMessage(
            AccessError,
            '"Completed on" of AMARC Review cannot be written directly: they are '
            "recorded by their action, with the actual time and the role check of "
            "that action. A quality manager can correct a recorded value with the "
            "logged correction.",
        ):
            as_manager.done_date = False
        kept_until = (
            "must be kept until 2029-04-01 (retention period of chapter V of the "
            "referential): archive it instead of deleting it."
        )
        # completed on 2026-04-01, after the meeting: three years from then
        with self.assertRaisesMessage(UserError, f"Hire an agent {kept_until}"):
            decision.with_user(self.manager).unlink()
        typed = review.input_ids.filtered(lambda line: not line.auto)
        with self.assertRaisesMessage(UserError, f"New regulation {kept_until}"):
            typed.with_user(self.manager).unlink()
        # an AMARC user may not even try; the quality manager archives them
        with self.assertRaises(AccessError):
            decision.with_user(self.user).action_archive()
        decision.with_user(self.manager).action_archive()
        self.assertFalse(review.decision_ids)
        # collecting again archives the collected lines of the completed
        # review instead of deleting them
        collected = review.input_ids.filtered("auto")
        self.assertTrue(collected)
        as_manager.action_collect_inputs()
        self.assertEqual(
            (collected.exists(), collected.mapped("active")),
            (collected, [False] * len(collected)),
        )
        with freeze_time("2029-04-02"):
            (collected | typed).with_user(self.manager).unlink()
            decision.with_user(self.manager).unlink()
        self.assertFalse((collected | typed).exists() or decision.exists())

    def test_hook_is_extensible(self):
        self._done_action(name="Done")
        review = self._review()
        self.assertEqual(
            review._amarc_review_inputs(),
            [
                {
                    "category": "nonconformities",
                    "name": "Actions of 2026 by state",
                    "value": "Done: 1",
                    "description": False,
                    "source": False,
                    "sequence": 10,
                    "auto": True,
                },
                {
                    "category": "nonconformities",
                    "name": "Effectiveness of the actions of 2026",
                    "value": NO_EFFECTIVENESS,
                    "description": False,
                    "source": False,
                    "sequence": 11,
                    "auto": True,
                },
                {
                    "category": "opportunities",
                    "name": "Plan 2026",
                    "value": "1/1 actions done (100 %)",
                    "description": False,
                    "source": f"amarc.action.plan,{self.plan.id}",
                    "sequence": 20,
                    "auto": True,
                },
            ],
        )
        # An addon overriding the hook gets its lines collected with the others.
        Review = type(review)
        hook = Review._amarc_review_inputs

        def extended(self):
            return hook(self) + [
                self._input("alerts", "Extension line", value="42", sequence=50)
            ]

        with patch.object(Review, "_amarc_review_inputs", extended):
            review.action_collect_inputs()
        self.assertEqual(
            self._inputs(review),
            [
                ("nonconformities", "Actions of 2026 by state", "Done: 1", False),
                (
                    "nonconformities",
                    "Effectiveness of the actions of 2026",
                    NO_EFFECTIVENESS,
                    False,
                ),
                ("alerts", "Extension line", "42", False),
                ("opportunities", "Plan 2026", "1/1 actions done (100 %)", self.plan),
            ],
        )
        self.assertEqual(review.input_ids.mapped("auto"), [True] * 4)

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
        self.assertEqual(action.company_id, self.company)
        self.assertEqual(review.action_ids, action)
        self.assertEqual(action.source, review)

    def test_pdf_report_renders(self):
        review = self._review()
        review.write(
            {
                "user_id": self.manager.id,
                "participant_ids": [(6, 0, self.auditor.ids)],
                "decision_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Hire one more agent",
                            "kind": "resources",
                            "user_id": self.manager.id,
                        },
                    )
                ],
            }
        )
        self.Action.with_context(**review.action_new_action()["context"]).create(
            {
                "name": "Hire an agent",
                "plan_id": self.plan.id,
                "user_id": self.user.id,
                "date_deadline": date(2027, 3, 1),
            }
        )
        self._close(review)
        pdf, text = render_pdf(
            self, "amarc_action_plan.action_report_amarc_review", review
        )
        self.assertGreater(len(pdf), 1000)
        self.assertInOrder(
            text,
            [
                "Management review 2026",
                "Type: Management review (1.7)",
                "Date: 12/01/2026",
                "State: Done",
                f"Chaired by: {self.manager.name} — Participants: {self.auditor.name}",
                "Inputs",
                "Changes in external and internal issues New regulation",
                (
                    "Nonconformities and corrective actions Actions of 2026 by "
                    "state Draft: 1"
                ),
                "Opportunities for improvement Plan 2026 0/1 actions done (0 %)",
                "Decisions",
                f"Resource need: Hire one more agent ({self.manager.name})",
                "Decided actions",
                f"Hire an agent Corrective {self.user.name} 03/01/2027 Draft",
            ],
        )
