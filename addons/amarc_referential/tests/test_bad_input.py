from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AmarcReferentialCommon


def missing_required(label, field, model_label, model):
    """Odoo's message for a required field left empty by an import row."""
    return (
        f"Missing required value for the field '{label}' ({field}).\n"
        f"Model: '{model_label}' ({model})\n"
        "- create/update: a mandatory field is not set\n"
        "- delete: another model requires the record being deleted, you can "
        "archive it instead\n"
    )


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
        messages = [
            (m["type"], m["rows"]["from"], m["message"]) for m in result["messages"]
        ]
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
        self.assertEqual(
            messages,
            [("error", 1, "The retention date cannot be before the evidence date.")],
        )

    def test_evidence_good_rows_are_written(self):
        """Positive control of the refusals: the same file without its bad row."""
        result, created, messages = self._load(
            "amarc.evidence",
            ["name", "criterion_id/id", "date", "retention_until", "evidence_type"],
            [
                [
                    "Good row",
                    "amarc_referential.criterion_1_1",
                    "2026-01-10",
                    "2027-01-10",
                    "record",
                ]
            ],
        )
        self.assertEqual((created, messages), (1, []))
        evidence = self.Evidence.browse(result["ids"])
        self.assertEqual(
            (
                evidence.name,
                evidence.criterion_id.code,
                str(evidence.date),
                str(evidence.retention_until),
                evidence.company_id,
            ),
            ("Good row", "1.1", "2026-01-10", "2027-01-10", self.company),
        )

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
        self.assertEqual(
            messages,
            [
                (
                    "error",
                    0,
                    (
                        "No matching record found for external id "
                        "'amarc_referential.criterion_9_9' in field 'Criterion'"
                    ),
                ),
                (
                    "error",
                    1,
                    "Value 'poster' not found in selection field 'Evidence Type'",
                ),
            ],
        )

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
        self.assertEqual(
            messages,
            [
                (
                    "error",
                    0,
                    (
                        "No matching record found for external id "
                        "'amarc_referential.commitment_9' in field 'Commitment'"
                    ),
                ),
                (
                    "error",
                    0,
                    missing_required(
                        "Commitment",
                        "commitment_id",
                        "AMARC Criterion",
                        "amarc.criterion",
                    ),
                ),
                ("error", 1, "A criterion code must be unique within a referential."),
            ],
        )

    def test_criterion_level_b_without_level_a_inconsistency(self):
        result, created, messages = self._load(
            "amarc.criterion",
            ["commitment_id/id", "code", "name", "description", "level_a", "level_b"],
            [["amarc_referential.commitment_1", "1.99", "A only", "A only", "1", "0"]],
        )
        self.assertFalse(result["ids"])
        self.assertEqual(created, 0)
        self.assertEqual(
            messages,
            [
                (
                    "error",
                    0,
                    "A criterion that applies at level A applies at level B too.",
                )
            ],
        )

    def test_company_unknown_level(self):
        result, created, messages = self._load(
            "res.company", [".id", "amarc_level"], [[self.company.id, "C"]]
        )
        self.assertFalse(result["ids"])
        self.assertEqual(created, 0)
        self.assertEqual(
            messages,
            [
                (
                    "error",
                    0,
                    (
                        "Value 'C' not found in selection field "
                        "'AMARC certification level'"
                    ),
                )
            ],
        )
        self.assertEqual(self.company.amarc_level, "A")
        # the same column with a known level is written
        result, created, messages = self._load(
            "res.company", [".id", "amarc_level"], [[self.company.id, "B"]]
        )
        self.assertEqual((result["ids"], created, messages), ([self.company.id], 0, []))
        self.assertEqual(self.company.amarc_level, "B")

    def test_obligation_negative_lead_days(self):
        obligation = self.obligation("1.6")
        result, _created, messages = self._load(
            "amarc.obligation", [".id", "lead_days"], [[obligation.id, "-3"]]
        )
        self.assertFalse(result["ids"])
        self.assertEqual(
            messages,
            [
                (
                    "error",
                    0,
                    "The number of days before the due date cannot be negative.",
                )
            ],
        )
        self.assertEqual(obligation.lead_days, 7)
        result, _created, messages = self._load(
            "amarc.obligation", [".id", "lead_days"], [[obligation.id, "3"]]
        )
        self.assertEqual((result["ids"], messages), ([obligation.id], []))
        self.assertEqual(obligation.lead_days, 3)
