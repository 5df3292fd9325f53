from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AmarcAuditCommon


@tagged("post_install", "-at_install")
class TestAuditBadInput(AmarcAuditCommon):
    def _load(self, fields, rows):
        Audit = self.Audit.with_company(self.company)
        before = Audit.search_count([])
        with mute_logger("odoo.sql_db"):
            result = Audit.load(fields, rows)
        messages = [
            (m["type"], m["rows"]["from"], m["message"]) for m in result["messages"]
        ]
        return result, Audit.search_count([]) - before, messages

    def test_dates_in_the_wrong_order(self):
        result, created, messages = self._load(
            ["year", "level", "date_start", "date_end"],
            [
                ["2026", "A", "2026-03-01", "2026-04-01"],
                ["2026", "A", "2026-05-01", "2026-04-01"],
            ],
        )
        self.assertFalse(result["ids"])
        self.assertEqual(created, 0, "the good row is not written either")
        self.assertEqual(
            messages,
            [
                (
                    "error",
                    1,
                    "The end date of an audit cannot be before its start date.",
                )
            ],
        )

    def test_unknown_level_and_bad_year(self):
        result, created, messages = self._load(
            ["year", "level"], [["2026", "C"], ["26", "A"]]
        )
        self.assertFalse(result["ids"])
        self.assertEqual(created, 0)
        self.assertEqual(
            messages,
            [
                ("error", 0, "Value 'C' not found in selection field 'Level'"),
                ("error", 1, "The year of an audit must be a four-digit year."),
            ],
        )

    def test_good_rows_are_written(self):
        """Positive control of the refusals above: the same columns, right."""
        result, created, messages = self._load(
            ["year", "level", "date_start", "date_end"],
            [
                ["2026", "A", "2026-03-01", "2026-04-01"],
                ["2027", "B", "2027-05-01", "2027-05-01"],
            ],
        )
        self.assertEqual((created, messages), (2, []))
        audits = self.Audit.browse(result["ids"])
        self.assertEqual(
            [
                (a.name, a.year, a.level, str(a.date_start), str(a.date_end))
                for a in audits
            ],
            [
                ("Internal audit 2026", 2026, "A", "2026-03-01", "2026-04-01"),
                ("Internal audit 2027", 2027, "B", "2027-05-01", "2027-05-01"),
            ],
        )
        self.assertEqual(audits.company_id, self.company)
