"""Nobody backdates a proof to delete it: once recorded, an evidence's date,
kind and retention date move only through the quality manager's logged
correction."""

from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from .common import MANAGER, USER, AmarcCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-16 10:00:00")
class TestProtectedEvidence(AmarcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "AMARC evidence Co"})
        cls.agent = cls._user("amarc_ev_agent", USER)
        cls.quality = cls._user("amarc_ev_quality", MANAGER)
        cls.criterion = cls.env.ref("amarc_referential.criterion_1_16")

    def _evidence(self):
        return (
            self.env["amarc.evidence"]
            .with_user(self.agent)
            .create(
                {
                    "name": "Indicators sent to the agents, February",
                    "company_id": self.company.id,
                    "criterion_id": self.criterion.id,
                    "evidence_type": "record",
                    "date": date(2026, 3, 2),
                }
            )
        )

    def test_recorded_then_frozen(self):
        evidence = self._evidence()
        self.assertEqual(
            (evidence.date, evidence.retention_until),
            (date(2026, 3, 2), date(2027, 3, 2)),
        )
        for vals in (
            {"date": date(2024, 1, 1)},
            {"evidence_type": "control_plan"},
            {"retention_until": date(2026, 3, 3)},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                evidence.write(vals)
        # the rest of the evidence stays the agent's to complete
        evidence.write({"name": "Indicators sent to the agents, 2026-02"})
        evidence.invalidate_recordset()
        self.assertEqual(
            (evidence.name, evidence.date, evidence.retention_until),
            (
                "Indicators sent to the agents, 2026-02",
                date(2026, 3, 2),
                date(2027, 3, 2),
            ),
        )
        # deleting it before its retention date stays refused
        with self.assertRaises(UserError):
            evidence.sudo().unlink()

    def test_retention_not_given_at_creation(self):
        with self.assertRaises(AccessError):
            self.env["amarc.evidence"].with_user(self.agent).create(
                {
                    "name": "Short-lived",
                    "company_id": self.company.id,
                    "criterion_id": self.criterion.id,
                    "retention_until": date(2026, 3, 17),
                }
            )

    def test_quality_manager_corrects_the_date(self):
        evidence = self._evidence()
        wizard = (
            self.env["amarc.correction.wizard"]
            .with_user(self.quality)
            .with_context(active_model="amarc.evidence", active_id=evidence.id)
            .create(
                {
                    "field_name": "date",
                    "value_date": date(2026, 3, 5),
                    "reason": "The mail went out on 5 March (see its header)",
                }
            )
        )
        self.assertEqual(
            list(wizard._protected_fields("amarc.evidence")),
            ["retention_until", "date", "evidence_type"],
        )
        wizard.action_apply()
        self.assertEqual(
            (evidence.date, evidence.retention_until),
            (date(2026, 3, 5), date(2027, 3, 5)),
        )
        note = evidence.message_ids.filtered(
            lambda m: "Correction of" in str(m.body or "")
        )
        self.assertEqual(
            note.body,
            "<p>Correction of Date: 03/02/2026 → 03/05/2026.</p>"
            "<p>Reason: The mail went out on 5 March (see its header)</p>",
        )
