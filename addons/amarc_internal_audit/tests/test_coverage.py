from odoo.tests import tagged

from .common import AmarcAuditCommon


@tagged("post_install", "-at_install")
class TestCoverage(AmarcAuditCommon):
    def _coverage(self, year=2026, company=None, **domain):
        Coverage = self.env["amarc.audit.coverage"]
        self.env.flush_all()
        base = [("company_id", "=", (company or self.company).id), ("year", "=", year)]
        base += [(key, "=", value) for key, value in domain.items()]
        return Coverage.search(base)

    def test_year_split_over_audits(self):
        c1 = self.env.ref("amarc_referential.commitment_1")
        c2 = self.env.ref("amarc_referential.commitment_2")
        first = self._audit(commitment_ids=[(6, 0, c1.ids)])
        first.action_start()
        self.assertEqual(
            len(self._coverage()), 51, "every applicable criterion is listed"
        )
        self.assertEqual(len(self._coverage(assessed=False)), 51)
        self._assess_all(first)
        self.assertEqual(len(self._coverage(assessed=True)), 12)
        first.invalidate_recordset(["coverage_missing_count"])
        self.assertEqual(first.coverage_missing_count, 39)
        second = self._audit(commitment_ids=[(6, 0, c2.ids)])
        second.action_start()
        self._assess_all(second, "observation")
        self.assertEqual(len(self._coverage(assessed=True)), 17)
        missing = self._coverage(assessed=False)
        self.assertEqual(len(missing), 34)
        self.assertEqual(
            set(missing.criterion_id.commitment_id.mapped("code")), {"3", "4", "5", "6"}
        )
        row = self._coverage(
            criterion_id=self.env.ref("amarc_referential.criterion_2_1").id
        )
        self.assertEqual(
            (row.assessed, row.result, row.audit_id), (True, "observation", second)
        )
        row = self._coverage(
            criterion_id=self.env.ref("amarc_referential.criterion_1_1").id
        )
        self.assertEqual(
            (row.assessed, row.result, row.audit_id), (True, "conform", first)
        )
        second.invalidate_recordset(["coverage_missing_count"])
        self.assertEqual(second.coverage_missing_count, 34)
        self.assertEqual(
            len(self._coverage(year=2025)),
            0,
            "nothing before the referential was set up (2026)",
        )

    def test_cancelled_audits_do_not_cover(self):
        audit = self._audit()
        audit.action_start()
        self._assess_all(audit)
        self.assertEqual(len(self._coverage(assessed=True)), 51)
        audit.action_cancel()
        self.assertEqual(
            (len(self._coverage()), len(self._coverage(assessed=False))),
            (51, 51),
            "a year with only cancelled audits has every criterion missing",
        )

    def test_level_b_company(self):
        audit = self._audit(company_id=self.company_b.id, level="B")
        audit.action_start()
        rows = self._coverage(company=self.company_b)
        self.assertEqual(len(rows), 67)
        self.assertEqual(set(rows.mapped("assessed")), {False})
        self.assertEqual(rows.audit_id, self.Audit)
        self.assertEqual(
            (len(self._coverage()), len(self._coverage(assessed=False))),
            (51, 51),
            "the level A company, without audit, misses its 51 criteria",
        )
