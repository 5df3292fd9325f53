from datetime import date

from odoo.tests import tagged
from odoo.tests.common import freeze_time

from .common import AmarcReferentialCommon


@tagged("post_install", "-at_install")
class TestOverview(AmarcReferentialCommon):
    def test_compliance_tiles(self):
        # the obligations of chapter IV only: those of other chapters (VI.1,
        # added by the internal audit when installed) are left out
        self.Obligation.search(
            [("company_id", "=", self.company.id), ("reference_code", "!=", False)]
        ).active = False
        self.Obligation.search(
            [("company_id", "=", self.company.id)]
        ).date_start = date(2026, 1, 10)
        self.obligation("1.18").last_done_date = date(2026, 6, 1)
        for evidence_date, company in [
            (date(2026, 12, 20), self.company),  # last year
            (date(2027, 1, 2), self.company),
            (date(2027, 1, 4), self.company),
            (date(2027, 1, 4), self.company_b),  # another company
        ]:
            self.Evidence.create(
                {
                    "name": f"Proof of {evidence_date}",
                    "company_id": company.id,
                    "criterion_id": self.criterion("1.6").id,
                    "date": evidence_date,
                }
            )
        with freeze_time("2027-01-05"):
            overview = self.env["amarc.overview"].with_company(self.company).create({})
            self.assertEqual(overview.company_id, self.company)
            self.assertEqual(overview.criterion_count, 51)
            # 1.16 monthly (due 2026-02-10) and semiannual (due 2026-07-10) are
            # overdue; the six other yearly ones fall due on 2027-01-10, within
            # their seven days; 1.18, done on 2026-06-01, is due on 2027-06-01.
            self.assertEqual(overview.obligation_overdue_count, 2)
            self.assertEqual(overview.obligation_due_count, 6)
            self.assertEqual(overview.evidence_count, 2, "this year's, this company")
            action = overview.action_open_obligations_due()
            self.assertEqual(
                {
                    (o.criterion_id.code, o.frequency, o.state)
                    for o in self.Obligation.search(action["domain"])
                },
                {
                    ("1.16", "monthly", "overdue"),
                    ("1.16", "semiannual", "overdue"),
                    ("1.16", "yearly", "due"),
                    ("1.6", "yearly", "due"),
                    ("3.9", "yearly", "due"),
                    ("5.1", "yearly", "due"),
                    ("5.4", "yearly", "due"),
                    ("6.1", "yearly", "due"),
                },
            )

    def test_company_b_tiles(self):
        overview = self.env["amarc.overview"].with_company(self.company_b).create({})
        # level B; every obligation starts today and falls due in a year
        self.assertEqual(
            (
                overview.company_id,
                overview.criterion_count,
                overview.obligation_due_count,
                overview.obligation_overdue_count,
                overview.evidence_count,
            ),
            (self.company_b, 67, 0, 0, 0),
        )

    def test_open_overview(self):
        action = (
            self.env["amarc.overview"].with_company(self.company).action_open_overview()
        )
        self.assertEqual(
            {key: action[key] for key in ("res_model", "view_mode", "target")},
            {"res_model": "amarc.overview", "view_mode": "form", "target": "current"},
        )
        overview = self.env["amarc.overview"].browse(action["res_id"])
        self.assertEqual(
            (overview.company_id, overview.criterion_count), (self.company, 51)
        )
