from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AmarcReferentialCommon


@tagged("post_install", "-at_install")
class TestBadInput(AmarcReferentialCommon):
    """Imports with wrong values are refused with a clear message, and nothing
    of the file is written."""

    def _load(self, model, fields, rows):
        Model = self.env[model].with_company(self.company)
        before = Model.with_context(active_test=False).search_count([])
        with mute_logger("odoo.sql_db"):
            result = Model.load(fields, rows)
        after = Model.with_context(active_test=False).search_count([])
        messages = " | ".join(m["message"] for m in result["messages"])
        return result, after - before, messages

    def test_evidence_with_retention_before_its_date(self):
        result, created, messages = self._load(
            "amarc.evidence",
            ["name", "criterion_id/id", "date", "retention_until"],
            [
                [
                    "Good row",
                    "amarc_referential.criterion_1_1",
                    "2026-01-10",
                    "2027-01-10",
                ],
                [
                    "Bad row",
                    "amarc_referential.criterion_1_1",
                    "2026-01-10",
                    "2025-01-10",
                ],
            ],
        )
        self.assertFalse(result["ids"])
        self.assertEqual(created, 0, "nothing half-written")
        self.assertIn("retention date", messages)

    def test_evidence_with_unknown_criterion_and_type(self):
        result, created, messages = self._load(
            "amarc.evidence",
            ["name", "criterion_id/id", "evidence_type"],
            [
                ["Proof", "amarc_referential.criterion_9_9", "record"],
                ["Proof", "amarc_referential.criterion_1_1", "poster"],
            ],
        )
        self.assertFalse(result["ids"])
        self.assertEqual(created, 0)
        self.assertIn("criterion_9_9", messages)
        self.assertIn("poster", messages)

    def test_criterion_import_unknown_commitment_and_duplicate_code(self):
        result, created, messages = self._load(
            "amarc.criterion",
            ["commitment_id/id", "code", "name", "description"],
            [
                ["amarc_referential.commitment_9", "9.1", "Nine", "Nine"],
                ["amarc_referential.commitment_1", "1.1", "Dup", "Duplicate of 1.1"],
            ],
        )
        self.assertFalse(result["ids"])
        self.assertEqual(created, 0)
        self.assertIn("commitment_9", messages)

    def test_criterion_level_b_without_level_a_inconsistency(self):
        result, created, messages = self._load(
            "amarc.criterion",
            ["commitment_id/id", "code", "name", "description", "level_a", "level_b"],
            [["amarc_referential.commitment_1", "1.99", "A only", "A only", "1", "0"]],
        )
        self.assertFalse(result["ids"])
        self.assertEqual(created, 0)
        self.assertIn("level A applies at level B too", messages)

    def test_company_unknown_level(self):
        result, _created, messages = self._load(
            "res.company",
            ["id", "amarc_level"],
            [
                [
                    self.company.get_external_id().get(self.company.id)
                    or f"__export__.res_company_{self.company.id}",
                    "C",
                ]
            ],
        )
        self.assertFalse(result["ids"])
        self.assertIn("C", messages)
        self.assertEqual(self.company.amarc_level, "A")

    def test_obligation_negative_lead_days(self):
        obligation = self.obligation("1.6")
        result, _created, messages = self._load(
            "amarc.obligation", [".id", "lead_days"], [[obligation.id, "-3"]]
        )
        self.assertFalse(result["ids"])
        self.assertIn("cannot be negative", messages)
        self.assertEqual(obligation.lead_days, 7)
