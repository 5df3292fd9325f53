from datetime import date

from freezegun import freeze_time
from openupgradelib import openupgrade

from odoo.tests import tagged

from odoo.addons.amarc_referential.tests.migration import run_migration

from .common import AmarcActionPlanCommon

RENAMED = {
    "reminder_before_date": "reminded_before_deadline",
    "reminder_overdue_date": "reminded_overdue_deadline",
}


@tagged("post_install", "-at_install")
class TestUpgrade(AmarcActionPlanCommon):
    def _state(self):
        actions = self.Action.with_context(active_test=False).search(
            [("company_id", "in", (self.company | self.company_b).ids)]
        )
        return {
            a["id"]: a
            for a in actions.read(
                [
                    "name",
                    "plan_id",
                    "state",
                    "date_deadline",
                    "user_id",
                    "reminded_before_deadline",
                    "reminded_overdue_deadline",
                ]
            )
        }

    def test_19_0_1_1_0_reminder_marks_renamed(self):
        """A 19.0.1.0.0 database (the reminder marks in reminder_before_date
        and reminder_overdue_date) upgraded to 19.0.1.1.0 keeps every action
        with the deadlines it was reminded about, under their new names: the
        reminder cron sends nothing again."""
        reminded = self._action(name="Reminded ahead")
        overdue = self._action(name="Overdue", date_deadline=date(2026, 3, 31))
        self._action(name="Not reminded yet", date_deadline=date(2026, 12, 31))
        self._done_action(name="Done")
        (reminded | overdue).action_open()
        reminded.reminded_before_deadline = date(2026, 6, 30)
        overdue.write(
            {
                "reminded_before_deadline": date(2026, 3, 31),
                "reminded_overdue_deadline": date(2026, 3, 31),
            }
        )
        before = self._state()
        self.assertEqual(len(before), 4)
        self.env.flush_all()
        # the previous version's schema: the old column and field names
        openupgrade.rename_fields(
            self.env,
            [
                ("amarc.action", "amarc_action", new, old)
                for old, new in RENAMED.items()
            ],
        )
        self.env.invalidate_all()
        for old, new in RENAMED.items():
            self.assertTrue(openupgrade.column_exists(self.env.cr, "amarc_action", old))
            self.assertFalse(
                openupgrade.column_exists(self.env.cr, "amarc_action", new)
            )

        run_migration(
            self.env.cr, "amarc_action_plan", "19.0.1.1.0", "pre", "19.0.1.0.0"
        )
        self.env.invalidate_all()

        for old, new in RENAMED.items():
            self.assertFalse(
                openupgrade.column_exists(self.env.cr, "amarc_action", old)
            )
            self.assertTrue(openupgrade.column_exists(self.env.cr, "amarc_action", new))
            self.assertTrue(
                self.env["ir.model.fields"]._get("amarc.action", new),
                "the field's metadata follows",
            )
        self.assertEqual(self._state(), before)
        # nothing reminded twice: the marks still match the deadlines
        reminded_actions = reminded | overdue
        self.assertFalse(reminded_actions.activity_ids)
        with freeze_time("2026-06-28"):
            self.Action._cron_remind_actions()
        self.assertFalse(reminded_actions.activity_ids)
