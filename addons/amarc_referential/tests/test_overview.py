from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import AmarcReferentialCommon


@tagged("post_install", "-at_install")
class TestOverview(AmarcReferentialCommon):
    def test_compliance_tiles(self):
        self.Obligation.search(
            [("company_id", "=", self.company.id)]
        ).date_start = date(2026, 1, 10)
        self.obligation("1.18").last_done_date = date(2026, 6, 1)
        with freeze_time("2027-01-05"):
            overview = self.env["amarc.overview"].with_company(self.company).create({})
            self.assertEqual(overview.company_id, self.company)
            self.assertEqual(overview.criterion_count, 51)
            # 1.16 monthly and semiannual were due in 2026; the yearly ones 2027-01-10
            self.assertEqual(
                overview.obligation_overdue_count,
                self.Obligation.search_count(
                    [("company_id", "=", self.company.id), ("state", "=", "overdue")]
                ),
            )
            self.assertGreater(overview.obligation_overdue_count, 0)
            self.assertEqual(
                overview.obligation_due_count, 6, "the yearly ones due 2027-01-10"
            )
            action = overview.action_open_obligations_due()
            self.assertEqual(
                self.Obligation.search_count(action["domain"]),
                overview.obligation_due_count + overview.obligation_overdue_count,
            )

    def test_open_overview(self):
        action = self.env["amarc.overview"].action_open_overview()
        self.assertEqual(action["res_model"], "amarc.overview")
        self.assertTrue(self.env["amarc.overview"].browse(action["res_id"]).exists())
