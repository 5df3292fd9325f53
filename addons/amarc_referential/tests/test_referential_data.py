from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AmarcReferentialCommon

# Chapter IV of RE/MRC/03, transcribed row by row from the seed:
# (applies at level A, applies at level B). "X X" = A and B; a single "X" = B only.
EXPECTED_LEVELS = {
    "1.1": (True, True),
    "1.2": (False, True),
    "1.3": (True, True),
    "1.4": (True, True),
    "1.5": (True, True),
    "1.6": (True, True),
    "1.7": (False, True),
    "1.8": (True, True),
    "1.9": (False, True),
    "1.10": (True, True),
    "1.11": (False, True),
    "1.12": (True, True),
    "1.13": (True, True),
    "1.14": (False, True),
    "1.15": (False, True),
    "1.16": (True, True),
    "1.17": (True, True),
    "1.18": (True, True),
    "1.19": (False, True),
    "1.20": (False, True),
    "2.1": (True, True),
    "2.2": (True, True),
    "2.3": (True, True),
    "2.4": (False, True),
    "2.5": (True, True),
    "2.6": (True, True),
    "3.1": (True, True),
    "3.2": (True, True),
    "3.3": (True, True),
    "3.4": (True, True),
    "3.5": (True, True),
    "3.6": (True, True),
    "3.7": (True, True),
    "3.8": (True, True),
    "3.9": (True, True),
    "3.10": (True, True),
    "4.1": (True, True),
    "4.2": (True, True),
    "4.2.1": (True, True),
    "4.2.2": (True, True),
    "4.2.3": (True, True),
    "4.3": (True, True),
    "4.4": (True, True),
    "4.5": (False, True),
    "4.6": (True, True),
    "4.7": (False, True),
    "4.8": (True, True),
    "4.9": (True, True),
    "4.10": (True, True),
    "4.11": (True, True),
    "4.12": (False, True),
    "4.13": (True, True),
    "4.14": (True, True),
    "4.15": (True, True),
    "4.16": (True, True),
    "5.1": (True, True),
    "5.2": (True, True),
    "5.3": (True, True),
    "5.4": (True, True),
    "5.5": (True, True),
    "5.6": (False, True),
    "6.1": (True, True),
    "6.2": (True, True),
    "6.3": (True, True),
    "6.4": (False, True),
    "6.5": (False, True),
    "6.6": (False, True),
}


@tagged("post_install", "-at_install")
class TestReferentialData(AmarcReferentialCommon):
    def test_referential_record(self):
        self.assertEqual(self.referential.code, "RE/MRC/03")
        self.assertEqual(self.referential.certification_body, "SGS-ICS")
        self.assertEqual(self.referential.criterion_count, 67)

    def test_six_commitments_in_order(self):
        commitments = self.referential.commitment_ids
        self.assertEqual(commitments.mapped("code"), ["1", "2", "3", "4", "5", "6"])
        self.assertEqual(
            commitments.filtered("communicated").mapped("code"),
            ["2", "4", "6"],
            "VIII.3 lists commitments 2, 4 and 6 as communicated to customers",
        )

    def test_all_67_codes_and_levels_match_the_seed(self):
        criteria = self.referential.criterion_ids
        self.assertEqual(len(criteria), 67)
        self.assertEqual(criteria.mapped("code"), list(EXPECTED_LEVELS))
        for criterion in criteria:
            with self.subTest(code=criterion.code):
                self.assertEqual(
                    (criterion.level_a, criterion.level_b),
                    EXPECTED_LEVELS[criterion.code],
                )
                self.assertEqual(
                    criterion.commitment_id.code, criterion.code.split(".")[0]
                )

    def test_parents(self):
        parent = self.criterion("4.2")
        self.assertEqual(
            parent.child_ids.sorted("sequence").mapped("code"),
            ["4.2.1", "4.2.2", "4.2.3"],
        )
        with_parent = self.referential.criterion_ids.filtered("parent_id")
        self.assertEqual(with_parent, parent.child_ids)

    def test_filter_level(self):
        criteria = self.referential.criterion_ids
        level_a = criteria._filter_level("A")
        level_b = criteria._filter_level("B")
        self.assertEqual(len(level_a), 51)
        self.assertEqual(len(level_b), 67)
        self.assertTrue(level_a <= level_b, "level B includes every level A criterion")
        self.assertEqual(
            sorted((criteria - level_a).mapped("code")),
            sorted(code for code, (a, _b) in EXPECTED_LEVELS.items() if not a),
        )

    def test_filter_level_rejects_unknown_level(self):
        with self.assertRaisesRegex(UserError, "Unknown certification level"):
            self.referential.criterion_ids._filter_level("C")

    def test_applicable_follows_company_level(self):
        Criterion = self.Criterion.with_company(self.company)
        domain = [
            ("referential_id", "=", self.referential.id),
            ("applicable", "=", True),
        ]
        self.assertEqual(Criterion.search_count(domain), 51)
        self.assertEqual(
            Criterion.with_company(self.company_b).search_count(domain), 67
        )
        not_applicable = Criterion.search(
            [("referential_id", "=", self.referential.id), ("applicable", "=", False)]
        )
        self.assertEqual(len(not_applicable), 16)
        self.assertFalse(any(not_applicable.mapped("level_a")))

    def test_commitment_counts(self):
        commitments = self.referential.commitment_ids.with_company(self.company)
        self.assertEqual(sum(commitments.mapped("criterion_level_a_count")), 51)
        self.assertEqual(sum(commitments.mapped("criterion_count")), 67)
        self.assertEqual(
            commitments.mapped("criterion_company_count"),
            commitments.mapped("criterion_level_a_count"),
        )
        commitments_b = commitments.with_company(self.company_b)
        self.assertEqual(
            commitments_b.mapped("criterion_company_count"),
            commitments_b.mapped("criterion_count"),
        )

    def test_checkpoints(self):
        expected = {"1.4": 2, "1.5": 3, "1.16": 3, "4.9": 5, "4.10": 8}
        with_checkpoints = self.referential.criterion_ids.filtered("checkpoint_ids")
        self.assertEqual(
            {c.code: len(c.checkpoint_ids) for c in with_checkpoints}, expected
        )
        communication = self.criterion("1.16").checkpoint_ids.sorted("sequence")
        self.assertEqual(
            communication.mapped("frequency"), ["yearly", "semiannual", "monthly"]
        )

    def test_frequencies(self):
        recurring = self.referential.criterion_ids.filtered(
            lambda c: c.frequency != "none"
        )
        self.assertEqual(
            {c.code: c.frequency for c in recurring},
            {
                "1.6": "yearly",
                "1.7": "yearly",
                "1.14": "yearly",
                "1.16": "monthly",
                "1.18": "yearly",
                "1.19": "yearly",
                "3.9": "yearly",
                "4.5": "yearly",
                "5.1": "yearly",
                "5.4": "yearly",
                "6.1": "yearly",
            },
        )

    def test_documents_and_methods(self):
        criteria = self.referential.criterion_ids
        self.assertEqual(len(criteria), 67)
        self.assertEqual(
            criteria.filtered(lambda c: not c.control_method_ids),
            self.Criterion,
            "every row names a control method",
        )
        self.assertEqual(
            criteria.filtered(lambda c: not c.reference_document_ids),
            self.Criterion,
            "every row names a document",
        )
        self.assertEqual(sum(len(c.control_method_ids) for c in criteria), 92)
        self.assertEqual(sum(len(c.reference_document_ids) for c in criteria), 111)
        self.assertEqual(
            set(self.criterion("1.1").reference_document_ids.mapped("code")),
            {"commitments", "strategic_plan", "company_policy"},
        )
        self.assertEqual(
            self.criterion("3.1").control_method_ids.mapped("code"), ["mystery_call"]
        )
        self.assertEqual(
            set(self.criterion("2.1").control_method_ids.mapped("code")),
            {"documentary", "mystery_call", "mystery_visit", "mystery_web"},
        )
        documentary = self.env.ref("amarc_referential.control_method_documentary")
        self.assertEqual(len(documentary.criterion_ids), 59)
        self.assertEqual(
            documentary.criterion_ids,
            criteria.filtered(lambda c: documentary in c.control_method_ids),
        )
        self.assertIn(self.criterion("6.6"), documentary.criterion_ids)

    def test_lexicon(self):
        Term = self.env["amarc.lexicon.term"]
        self.assertEqual(Term.search_count([("kind", "=", "glossary")]), 6)
        self.assertEqual(Term.search_count([("kind", "=", "lexicon")]), 20)

    def test_criterion_codes_unique_per_referential(self):
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.Criterion.create(
                {
                    "commitment_id": self.criterion("1.1").commitment_id.id,
                    "code": "1.1",
                    "name": "Duplicate",
                    "description": "Duplicate",
                }
            )

    def test_level_a_implies_level_b(self):
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.criterion("1.1").write({"level_b": False})
            self.env.flush_all()
