"""The judgement of effectiveness belongs to the judge: the owner of an action
cannot write it, nor drop the requirement, nor name a judge; an auditor judges
through the action; a quality manager corrects through the logged correction."""

from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from odoo.addons.amarc_referential.tests.common import (
    AUDITOR,
    MANAGER,
    USER,
    AmarcCase,
)

DAY = date(2026, 3, 16)


@tagged("post_install", "-at_install")
@freeze_time("2026-03-16 10:00:00")
class TestProtectedEffectiveness(AmarcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "AMARC protected Co"})
        cls.owner = cls._user("amarc_prot_owner", USER)
        cls.auditor = cls._user("amarc_prot_auditor", AUDITOR)
        cls.quality = cls._user("amarc_prot_quality", MANAGER)
        cls.plan = cls.env["amarc.action.plan"].create(
            {"name": "Plan 2026", "company_id": cls.company.id, "year": 2026}
        )

    def _done_action(self):
        action = self.env["amarc.action"].create(
            {
                "name": "Train the agents on 4.3",
                "plan_id": self.plan.id,
                "company_id": self.company.id,
                "action_type": "corrective",
                "user_id": self.owner.id,
                "date_deadline": date(2026, 4, 30),
            }
        )
        action.with_user(self.owner).action_open()
        action.with_user(self.owner).action_done()
        return action

    def test_owner_marks_done_but_cannot_judge(self):
        action = self._done_action()
        mine = action.with_user(self.owner)
        # marking done recorded the pending judgement, as the owner
        self.assertEqual(
            (mine.state, mine.effectiveness_required, mine.effectiveness_state),
            ("done", True, "pending"),
        )
        refused = [
            {"effectiveness_state": "effective"},
            {"effectiveness_required": False},
            {"effectiveness_user_id": self.auditor.id},
            {"effectiveness_date": DAY},
            {"effectiveness_note": "Works fine"},
        ]
        for vals in refused:
            with self.subTest(vals=vals), self.assertRaises(AccessError) as caught:
                mine.write(vals)
            self.assertIn("cannot be written directly", str(caught.exception))
        # a client cannot forge the key of the protected writes
        with self.assertRaises(AccessError):
            mine.with_context(amarc_protected_write="amarc-protected-write").write(
                {"effectiveness_state": "effective"}
            )
        action.invalidate_recordset()
        self.assertEqual(
            (action.effectiveness_state, action.effectiveness_user_id.id),
            ("pending", False),
        )
        # the auditor judges through the action: recorded with date and judge
        action.with_user(self.auditor).action_mark_effective("Calls answered in time")
        self.assertEqual(
            (
                mine.effectiveness_state,
                mine.effectiveness_user_id,
                mine.effectiveness_date,
                mine.effectiveness_note,
            ),
            ("effective", self.auditor, DAY, "Calls answered in time"),
        )

    def test_create_with_a_judgement_refused(self):
        Action = self.env["amarc.action"].with_user(self.auditor)
        vals = {
            "name": "Self-judged",
            "plan_id": self.plan.id,
            "company_id": self.company.id,
            "action_type": "corrective",
        }
        with self.assertRaises(AccessError):
            Action.create(dict(vals, effectiveness_state="effective"))
        created = Action.create(vals)
        self.assertEqual(
            (created.name, created.effectiveness_required, created.effectiveness_state),
            ("Self-judged", True, False),
        )

    def _correction(self, user, action, field, **values):
        return (
            self.env["amarc.correction.wizard"]
            .with_user(user)
            .with_context(active_model="amarc.action", active_id=action.id)
            .create(dict({"field_name": field}, **values))
        )

    def test_quality_manager_corrects_with_a_logged_reason(self):
        action = self._done_action()
        action.with_user(self.auditor).action_mark_effective("Looked fine")
        wizard = self._correction(
            self.quality,
            action,
            "effectiveness_state",
            value_selection="not_effective",
            reason="Two late answers found in the April sample",
        )
        self.assertEqual(wizard.current_value, "Effective")
        # an auditor may judge, not correct a recorded judgement
        with self.assertRaises(AccessError):
            self._correction(
                self.auditor,
                action,
                "effectiveness_state",
                value_selection="not_effective",
                reason="I judged too fast",
            )
        self.assertEqual(action.effectiveness_state, "effective")
        wizard.action_apply()
        self.assertEqual(action.effectiveness_state, "not_effective")
        note = action.message_ids.filtered(
            lambda m: "Correction of" in str(m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertEqual(note.author_id, self.quality.partner_id)
        self.assertEqual(
            note.body,
            "<p>Correction of Effectiveness: Effective → Not effective.</p>"
            "<p>Reason: Two late answers found in the April sample</p>",
        )

    def test_correction_limited_to_recorded_values(self):
        action = self._done_action()
        Wizard = self.env["amarc.correction.wizard"].with_context(
            active_model="amarc.action", active_id=action.id
        )
        fields_ = Wizard.with_user(self.quality)._protected_fields("amarc.action")
        self.assertEqual(
            [(name, field.string) for name, field in fields_.items()],
            [
                ("effectiveness_required", "Effectiveness Required"),
                ("effectiveness_state", "Effectiveness"),
                ("effectiveness_date", "Effectiveness Date"),
                ("effectiveness_user_id", "Judged by"),
            ],
        )
        # the choices of the form list them with their model
        self.assertIn(
            ("effectiveness_state", "Effectiveness (AMARC Action)"),
            Wizard._selection_field_name(),
        )
        back_door = self._correction(self.quality, action, "name", reason="Back door")
        with self.assertRaises(UserError) as caught:
            back_door.action_apply()
        self.assertEqual(
            str(caught.exception), "name is not a recorded value of AMARC Action."
        )
        self.assertEqual(action.name, "Train the agents on 4.3")
        wizard = self._correction(
            self.quality, action, "effectiveness_required", reason="Not corrective"
        )
        self.assertEqual((wizard.field_type, wizard.current_value), ("boolean", "Yes"))
        wizard.action_apply()
        self.assertFalse(action.effectiveness_required)
