from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tests.common import freeze_time

from .common import TODAY, AmarcActionPlanCommon

NAME = "Fix the acknowledgement template"


@tagged("post_install", "-at_install")
class TestActionLifeCycle(AmarcActionPlanCommon):
    def test_life_cycle(self):
        action = self._action()
        self.assertEqual(action.state, "draft")
        self.assertEqual(
            action.company_id, self.company, "the company follows the plan"
        )
        self.assertEqual(self.plan.state, "draft")
        action.action_open()
        self.assertEqual(action.state, "open")
        self.assertEqual(
            self.plan.state, "in_progress", "opening an action starts its plan"
        )
        with freeze_time("2026-05-02"):
            action.action_done()
        self.assertEqual(action.state, "done")
        self.assertEqual(action.date_done, date(2026, 5, 2))
        self.assertEqual(action.effectiveness_state, "pending")

    def test_bad_transitions_are_refused(self):
        action = self._action()
        with self.assertRaisesMessage(
            UserError, f"Cannot close {NAME}: the action is draft."
        ):
            action.action_done()
        action.action_open()
        with self.assertRaisesMessage(
            UserError, f"Cannot open {NAME}: the action is open."
        ):
            action.action_open()
        action.action_done()
        with self.assertRaisesMessage(
            UserError, f"Cannot cancel {NAME}: the action is done."
        ):
            action.action_cancel()
        with self.assertRaisesMessage(
            UserError, f"Cannot reset {NAME}: the action is done."
        ):
            action.action_draft()
        self.assertEqual((action.state, action.date_done), ("done", TODAY))

    def test_open_needs_owner_and_deadline(self):
        action = self._action(user_id=False)
        with self.assertRaisesMessage(
            UserError,
            f"An action needs an owner and a deadline before it is opened: {NAME}.",
        ):
            action.action_open()
        self.assertEqual(action.state, "draft")
        action.user_id = self.user
        action.action_open()
        self.assertEqual(action.state, "open")

    def test_actions_are_kept_one_year(self):
        with freeze_time("2026-05-02"):
            action = self._done_action()
            with self.assertRaisesMessage(
                UserError,
                f"{NAME} must be kept until 2027-05-02 (retention period of chapter "
                "V of the referential): archive it instead of deleting it.",
            ):
                action.unlink()
        with freeze_time("2027-05-03"):
            action.unlink()
        self.assertFalse(action.exists())

    def test_cancel_and_reset(self):
        action = self._action()
        action.action_cancel()
        self.assertEqual(action.state, "cancelled")
        action.action_draft()
        self.assertEqual(action.state, "draft")

    def test_overdue_is_searchable(self):
        late = self._action(date_deadline=date(2026, 3, 1))
        on_time = self._action(date_deadline=date(2026, 9, 1))
        done_late = self._done_action(date_deadline=date(2026, 3, 1))
        with freeze_time("2026-04-01"):
            overdue = self.Action.search(
                [("overdue", "=", True), ("plan_id", "=", self.plan.id)]
            )
            self.assertEqual(overdue, late)
            not_overdue = self.Action.search(
                [("overdue", "=", False), ("plan_id", "=", self.plan.id)]
            )
            self.assertEqual(not_overdue, on_time | done_late)
            self.plan.invalidate_recordset()
            self.assertEqual(self.plan.action_overdue_count, 1)
        with freeze_time("2026-09-02"):
            (late | on_time | done_late).invalidate_recordset(["overdue"])
            self.assertEqual(
                (late | on_time | done_late).mapped("overdue"), [True, True, False]
            )
            self.assertEqual(
                self.Action.search(
                    [("overdue", "=", True), ("plan_id", "=", self.plan.id)]
                ),
                late | on_time,
            )

    def test_effectiveness_required_for_corrective_only(self):
        corrective = self._done_action()
        preventive = self._done_action(action_type="preventive")
        self.assertEqual(
            (corrective.effectiveness_required, corrective.effectiveness_state),
            (True, "pending"),
        )
        self.assertEqual(
            (preventive.effectiveness_required, preventive.effectiveness_state),
            (False, False),
        )

    def test_mark_effective(self):
        action = self._done_action()
        with freeze_time("2026-08-01"):
            action.with_user(self.auditor).action_mark_effective(
                "No late case since June"
            )
        self.assertEqual(action.effectiveness_state, "effective")
        self.assertEqual(action.effectiveness_user_id, self.auditor)
        self.assertEqual(action.effectiveness_date, date(2026, 8, 1))
        self.assertEqual(action.effectiveness_note, "No late case since June")
        self.assertEqual(len(action.followup_ids), 0)
        with self.assertRaisesMessage(
            UserError,
            "Only done actions whose effectiveness is to be judged can be judged: "
            f"{NAME}.",
        ):
            action.with_user(self.auditor).action_mark_effective("again")

    def test_judgement_rules(self):
        action = self._done_action()
        with self.assertRaisesMessage(
            UserError,
            "Explain your judgement: a note is required to judge effectiveness.",
        ):
            action.with_user(self.auditor).action_mark_effective("  ")
        with self.assertRaisesMessage(
            AccessError,
            "Only an auditor or a quality manager can judge the effectiveness of an "
            "action.",
        ):
            action.with_user(self.user).action_mark_effective("I did it")
        open_action = self._action(name="Still open")
        open_action.action_open()
        with self.assertRaisesMessage(
            UserError,
            "Only done actions whose effectiveness is to be judged can be judged: "
            "Still open.",
        ):
            open_action.with_user(self.manager).action_mark_not_effective("too early")
        self.assertEqual(action.effectiveness_state, "pending")
        # the auditor judges the done action
        action.with_user(self.auditor).action_mark_effective("Sampled: none late")
        self.assertEqual(
            (action.effectiveness_state, action.effectiveness_user_id),
            ("effective", self.auditor),
        )

    def test_not_effective_creates_exactly_one_followup(self):
        action = self._done_action()
        self.plan.state = "done"
        followups = action.with_user(self.auditor).action_mark_not_effective(
            "Customers still told late"
        )
        self.assertEqual(len(followups), 1)
        self.assertEqual(action.followup_ids, followups)
        self.assertEqual(followups.name, f"Follow-up: {NAME}")
        self.assertEqual(followups.followup_of_id, action)
        self.assertEqual(followups.user_id, action.user_id)
        self.assertEqual(followups.criterion_ids, action.criterion_ids)
        self.assertEqual(followups.plan_id, self.plan)
        self.assertEqual(followups.state, "draft")
        self.assertEqual(followups.date_deadline, False)
        self.assertEqual(followups.source, action)
        self.assertEqual(self.plan.state, "in_progress", "the plan is reopened")
        with self.assertRaisesMessage(
            UserError,
            "Only done actions whose effectiveness is to be judged can be judged: "
            f"{NAME}.",
        ):
            action.with_user(self.auditor).action_mark_not_effective("twice")
        self.assertEqual(len(action.followup_ids), 1)

    def test_effectiveness_wizard(self):
        action = self._done_action()
        wizard_form = Form(
            self.env["amarc.action.effectiveness"]
            .with_user(self.auditor)
            .with_context(
                default_action_ids=action.ids, default_verdict="not_effective"
            )
        )
        wizard_form.note = "Sampled 20 tickets: 4 late"
        result = wizard_form.save().action_confirm()
        self.assertEqual(action.effectiveness_state, "not_effective")
        self.assertEqual(action.effectiveness_note, "Sampled 20 tickets: 4 late")
        self.assertEqual(len(action.followup_ids), 1)
        self.assertEqual(
            (result["res_model"], result["res_id"]),
            ("amarc.action", action.followup_ids.id),
        )

    def test_plan_progress_and_closing(self):
        done = self._done_action()
        self._action(name="Second")
        cancelled = self._action(name="Dropped")
        cancelled.action_cancel()
        self.plan.invalidate_recordset()
        self.assertEqual(self.plan.action_count, 2, "cancelled actions do not count")
        self.assertEqual(self.plan.action_done_count, 1)
        self.assertEqual(self.plan.progress, 50.0)
        self.assertEqual(self.plan.state, "in_progress")
        with self.assertRaisesMessage(
            UserError,
            "Plan Plan 2026 cannot be closed: these actions are not finished or their "
            f"effectiveness is not judged yet: {NAME}, Second.",
        ):
            self.plan.action_done()
        done.with_user(self.auditor).action_mark_effective("ok")
        self.plan.action_ids.filtered(lambda a: a.state == "draft").action_cancel()
        self.plan.action_done()
        self.assertEqual(self.plan.state, "done")
        self.assertEqual(self.plan.effectiveness_rate, 100.0)

    def test_plan_transitions(self):
        with self.assertRaisesMessage(
            UserError, "Only a plan in progress can be closed (Plan 2026)."
        ):
            self.plan.action_done()
        self.plan.action_start()
        self.assertEqual(self.plan.state, "in_progress")
        with self.assertRaisesMessage(
            UserError, "Only a draft plan can be started (Plan 2026)."
        ):
            self.plan.action_start()
        action = self._action()
        self.plan.action_cancel()
        self.assertEqual(self.plan.state, "cancelled")
        self.assertEqual(
            action.state, "cancelled", "cancelling a plan cancels its open actions"
        )
        self.plan.action_reopen()
        self.assertEqual(self.plan.state, "in_progress")


@tagged("post_install", "-at_install")
class TestActionOverview(AmarcActionPlanCommon):
    def test_improvement_tiles(self):
        self._action(name="Late", date_deadline=date(2026, 3, 1)).action_open()
        self._action(name="Due in June").action_open()
        with freeze_time("2025-11-10"):
            last_year = self._done_action(name="Judged last year")
            last_year.with_user(self.auditor).action_mark_not_effective("no")
        judged = self._done_action(name="Judged")
        judged.with_user(self.auditor).action_mark_effective("ok")
        self._done_action(name="Pending")
        self._done_action(
            name="Other company", plan_id=self.plan_b.id, user_id=self.user_b.id
        )
        overview = self.env["amarc.overview"].with_company(self.company).create({})
        self.assertEqual(overview.action_overdue_count, 1, "Late")
        self.assertEqual(overview.action_to_judge_count, 1, "Pending")
        self.assertEqual(
            overview.action_open_count, 3, "Late, Due in June and the follow-up"
        )
        # this year's judgements only: last year's "not effective" is not counted
        self.assertEqual(overview.effectiveness_rate, 100.0)
        self.assertEqual(
            self.Action.search(overview.action_open_actions_overdue()["domain"]).mapped(
                "name"
            ),
            ["Late"],
        )
        self.assertEqual(
            self.Action.search(overview.action_open_actions_todo()["domain"]).mapped(
                "name"
            ),
            ["Late", "Due in June", "Follow-up: Judged last year"],
        )
        with freeze_time("2026-07-01"):
            overview = self.env["amarc.overview"].with_company(self.company).create({})
            self.assertEqual(overview.action_overdue_count, 2, "Late, Due in June")
        with freeze_time("2027-01-02"):
            overview = self.env["amarc.overview"].with_company(self.company).create({})
            self.assertEqual(overview.effectiveness_rate, 0.0, "nothing judged yet")
