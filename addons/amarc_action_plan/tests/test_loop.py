from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import freeze_time

from .common import AmarcActionPlanCommon


@tagged("post_install", "-at_install")
class TestLoop(AmarcActionPlanCommon):
    """The records that fulfil the yearly obligations (1.6, 1.7, 5.4, 6.1),
    a logged reopening, and the effectiveness required at level B."""

    def _done_review(self, review_type, company=None, review_date=date(2026, 3, 20)):
        review = self.Review.create(
            {
                "review_type": review_type,
                "company_id": (company or self.company).id,
                "year": 2026,
                "date": review_date,
                "input_ids": [(0, 0, {"category": "issues", "name": "Regulation"})],
            }
        )
        review.with_user(self.manager).action_done()
        return review

    def test_done_management_review_fulfils_1_7(self):
        obligation = self.obligation("1.7")  # the company is level B
        self.assertFalse(obligation.last_done_date)
        review = self._done_review("management")
        self.assertEqual(
            (obligation.last_done_date, obligation.next_due_date, obligation.state),
            (date(2026, 3, 20), date(2027, 3, 20), "ok"),
        )
        self.assertEqual(
            [(e.date, e.record_ref, e.name) for e in obligation.evidence_ids],
            [(date(2026, 3, 20), review, "Management review 2026")],
        )
        self.assertFalse(self.obligation("1.6").last_done_date)

    def test_done_process_review_fulfils_1_6_once(self):
        obligation = self.obligation("1.6")
        review = self._done_review("process")
        self.assertEqual(obligation.last_done_date, date(2026, 3, 20))
        # reopened by a manager (logged), done again: still one evidence
        review.with_user(self.manager).action_reopen()
        self.assertEqual(
            review.message_ids[0].preview,
            f"Review reopened by {self.manager.name}: its inputs and decisions "
            "can be changed again.",
        )
        review.action_done()
        self.assertEqual(len(obligation.evidence_ids), 1)
        self.assertEqual(obligation.evidence_ids.record_ref, review)

    def test_done_process_review_fulfils_its_process_only(self):
        """Two processes, two 1.6 obligations: the review of one process
        fulfils that process's obligation, not the other's."""
        complaints = self.env["amarc.process"].search(
            [("company_id", "=", self.company.id)]
        )
        recourses = (
            self.env["amarc.process"]
            .with_user(self.manager)
            .create({"name": "Recourses", "company_id": self.company.id})
        )
        review = self.Review.with_user(self.manager).create(
            {
                "review_type": "process",
                "company_id": self.company.id,
                "year": 2026,
                "date": date(2026, 3, 20),
            }
        )
        self.assertEqual(review.process_id, complaints, "the first by default")
        review.process_id = recourses
        review.input_ids = [(0, 0, {"category": "issues", "name": "Regulation"})]
        review.action_done()
        obligations = self.obligation("1.6")
        self.assertEqual(
            {o.process_id: o.last_done_date for o in obligations},
            {complaints: False, recourses: date(2026, 3, 20)},
        )
        self.assertEqual(
            [
                (e.obligation_id.process_id, e.record_ref)
                for e in obligations.evidence_ids
            ],
            [(recourses, review)],
        )
        # the management review has no process and fulfils 1.7
        management = self._done_review("management")
        self.assertFalse(management.process_id)
        self.assertEqual(self.obligation("1.7").last_done_date, date(2026, 3, 20))

    def test_process_review_needs_a_process(self):
        review = self.Review.create(
            {"review_type": "process", "company_id": self.company.id, "year": 2026}
        )
        with self.assertRaisesMessage(
            ValidationError,
            "Process review Process review 2026 must say which process it reviews "
            "(1.6).",
        ):
            review.process_id = False
        # another company's process is refused
        process_b = self.env["amarc.process"].search(
            [("company_id", "=", self.company_b.id)]
        )
        with self.assertRaises(UserError):
            review.process_id = process_b

    def test_review_held_later_is_done_today(self):
        obligation = self.obligation("1.6")
        self._done_review("process", review_date=date(2026, 12, 1))
        self.assertEqual(obligation.last_done_date, date(2026, 4, 1))

    def test_analysis_plans_fulfil_5_4_and_6_1(self):
        survey_plan = self.Plan.create(
            {
                "name": "Survey 2025",
                "company_id": self.company.id,
                "year": 2025,
                "origin": "survey_analysis",
            }
        )
        self.assertEqual(self.obligation("5.4").last_done_date, date(2026, 4, 1))
        self.assertEqual(self.obligation("5.4").evidence_ids.record_ref, survey_plan)
        self.assertFalse(self.obligation("6.1").last_done_date)
        with freeze_time("2026-05-02"):
            complaint_plan = self.Plan.create(
                {
                    "name": "Complaints",
                    "company_id": self.company.id,
                    "year": 2026,
                    "origin": "complaint_analysis",
                }
            )
        self.assertEqual(
            (
                self.obligation("6.1").last_done_date,
                self.obligation("6.1").evidence_ids.record_ref,
            ),
            (date(2026, 5, 2), complaint_plan),
        )
        self.assertFalse(
            self.obligation("6.1", self.company_b).last_done_date,
            "the other company's obligation is untouched",
        )

    def test_effectiveness_required_at_level_b(self):
        """Level B (5.6, 6.4): every action of a survey- or complaint-analysis
        plan or of an alert is judged; level A: the corrective ones only."""
        plans = {}
        for company in (self.company, self.company_b):
            for origin in ("survey_analysis", "complaint_analysis", "alert", "audit"):
                plans[company.amarc_level, origin] = self.Plan.create(
                    {
                        "name": origin,
                        "company_id": company.id,
                        "year": 2026,
                        "origin": origin,
                    }
                )
        required = {
            key: self._action(
                plan_id=plan.id, action_type="preventive"
            ).effectiveness_required
            for key, plan in plans.items()
        }
        self.assertEqual(
            required,
            {
                ("B", "survey_analysis"): True,
                ("B", "complaint_analysis"): True,
                ("B", "alert"): True,
                ("B", "audit"): False,
                ("A", "survey_analysis"): False,
                ("A", "complaint_analysis"): False,
                ("A", "alert"): False,
                ("A", "audit"): False,
            },
        )
        # configurable per origin: level B without the alerts' judgement
        self.company.amarc_effectiveness_alert = False
        action = self._action(plan_id=plans["B", "alert"].id, action_type="preventive")
        self.assertFalse(action.effectiveness_required)
        action = self._action(plan_id=plans["B", "survey_analysis"].id)
        action.action_open()
        action.action_done()
        self.assertEqual(action.effectiveness_state, "pending")
        # a level A company that asks for it
        self.company_b.amarc_effectiveness_complaint_analysis = True
        action = self._action(
            plan_id=plans["A", "complaint_analysis"].id, action_type="improvement"
        )
        self.assertTrue(action.effectiveness_required)
