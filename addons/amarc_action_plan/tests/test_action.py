from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import AmarcActionPlanCommon


@tagged("post_install", "-at_install")
class TestActionLifeCycle(AmarcActionPlanCommon):
    def test_life_cycle(self):
        action = self._action()
        self.assertEqual(action.state, "draft")
        self.assertEqual(
            action.company_id, self.company, "the company follows the plan"
        )
        action.action_open()
        self.assertEqual(action.state, "open")
        self.assertEqual(
            self.plan.state, "in_progress", "opening an action starts its plan"
        )
        with freeze_time("2026-05-02"):
            action.action_done()
        self.assertEqual(action.state, "done")
        self.assertEqual(action.date_done, date(2026, 5, 2))

    def test_bad_transitions_are_refused(self):
        action = self._action()
        with self.assertRaisesRegex(UserError, "Cannot close"):
            action.action_done()
        action.action_open()
        with self.assertRaisesRegex(UserError, "Cannot open"):
            action.action_open()
        action.action_done()
        with self.assertRaisesRegex(UserError, "Cannot cancel"):
            action.action_cancel()
        with self.assertRaisesRegex(UserError, "Cannot reset"):
            action.action_draft()

    def test_open_needs_owner_and_deadline(self):
        action = self._action(user_id=False)
        with self.assertRaisesRegex(UserError, "owner and a deadline"):
            action.action_open()
        self.assertEqual(action.state, "draft")

    def test_actions_are_kept_one_year(self):
        with freeze_time("2026-05-02"):
            action = self._done_action()
            with self.assertRaisesRegex(UserError, "must be kept until 2027-05-02"):
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

    def test_effectiveness_required_for_corrective_only(self):
        corrective = self._done_action()
        preventive = self._done_action(action_type="preventive")
        self.assertEqual(corrective.effectiveness_state, "pending")
        self.assertFalse(preventive.effectiveness_required)
        self.assertFalse(preventive.effectiveness_state)

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
        self.assertFalse(action.followup_ids)
        with self.assertRaisesRegex(UserError, "Only done actions"):
            action.with_user(self.auditor).action_mark_effective("again")

    def test_judgement_rules(self):
        action = self._done_action()
        with self.assertRaisesRegex(UserError, "note is required"):
            action.with_user(self.auditor).action_mark_effective("  ")
        with self.assertRaises(AccessError):
            action.with_user(self.user).action_mark_effective("I did it")
        open_action = self._action()
        open_action.action_open()
        with self.assertRaisesRegex(UserError, "Only done actions"):
            open_action.with_user(self.manager).action_mark_not_effective("too early")
        self.assertEqual(action.effectiveness_state, "pending")

    def test_not_effective_creates_exactly_one_followup(self):
        action = self._done_action()
        self.plan.state = "done"
        followups = action.with_user(self.auditor).action_mark_not_effective(
            "Customers still told late"
        )
        self.assertEqual(len(followups), 1)
        self.assertEqual(action.followup_ids, followups)
        self.assertEqual(followups.followup_of_id, action)
        self.assertEqual(followups.user_id, action.user_id)
        self.assertEqual(followups.criterion_ids, action.criterion_ids)
        self.assertEqual(followups.plan_id, self.plan)
        self.assertEqual(followups.state, "draft")
        self.assertEqual(self.plan.state, "in_progress", "the plan is reopened")
        with self.assertRaises(UserError):
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
        self.assertEqual(result["res_id"], action.followup_ids.id)

    def test_plan_progress_and_closing(self):
        done = self._done_action()
        self._action(name="Second")
        cancelled = self._action(name="Dropped")
        cancelled.action_cancel()
        self.plan.invalidate_recordset()
        self.assertEqual(self.plan.action_count, 2, "cancelled actions do not count")
        self.assertEqual(self.plan.progress, 50.0)
        with self.assertRaisesRegex(UserError, "cannot be closed"):
            self.plan.action_done()
        done.with_user(self.auditor).action_mark_effective("ok")
        self.plan.action_ids.filtered(lambda a: a.state == "draft").action_cancel()
        self.plan.action_done()
        self.assertEqual(self.plan.state, "done")
        self.assertEqual(self.plan.effectiveness_rate, 100.0)

    def test_plan_transitions(self):
        with self.assertRaisesRegex(UserError, "Only a plan in progress"):
            self.plan.action_done()
        self.plan.action_start()
        with self.assertRaisesRegex(UserError, "Only a draft plan"):
            self.plan.action_start()
        action = self._action()
        self.plan.action_cancel()
        self.assertEqual(
            action.state, "cancelled", "cancelling a plan cancels its open actions"
        )
        self.plan.action_reopen()
        self.assertEqual(self.plan.state, "in_progress")


@tagged("post_install", "-at_install")
class TestActionOverview(AmarcActionPlanCommon):
    def test_improvement_tiles(self):
        self._action(date_deadline=date(2026, 3, 1)).action_open()
        judged = self._done_action()
        judged.with_user(self.auditor).action_mark_effective("ok")
        self._done_action(name="pending")
        with freeze_time("2026-04-01"):
            overview = self.env["amarc.overview"].with_company(self.company).create({})
            self.assertEqual(overview.action_overdue_count, 1)
            self.assertEqual(overview.action_to_judge_count, 1)
            self.assertEqual(overview.action_open_count, 1)
        overview = self.env["amarc.overview"].with_company(self.company).create({})
        self.assertEqual(overview.effectiveness_rate, 100.0)
