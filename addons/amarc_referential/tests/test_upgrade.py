from datetime import date

from odoo.tests import tagged

from .common import AmarcReferentialCommon
from .migration import run_migration


@tagged("post_install", "-at_install")
class TestUpgrade(AmarcReferentialCommon):
    def test_19_0_1_1_0_quality_manager_and_responsibles(self):
        """A 19.0.1.0.0 database (no quality manager, obligations without a
        responsible) upgraded to 19.0.1.1.0 keeps every obligation, with its
        dates, and each gets the company's quality manager."""
        company = self.company
        # the first quality manager of the company (the shared fixture's)
        quality_manager = self.manager
        obligations = self.Obligation.search([("company_id", "=", company.id)])
        obligations.write({"date_start": date(2025, 3, 1)})
        self.obligation("1.6").last_done_date = date(2025, 9, 1)
        before = {
            o.id: (o.criterion_id.id, o.next_due_date, o.last_done_date)
            for o in obligations
        }
        self.env.flush_all()
        # the previous version's data: nothing assigned
        self.env.cr.execute(
            "UPDATE res_company SET amarc_quality_manager_id = NULL WHERE id = %s",
            (company.id,),
        )
        self.env.cr.execute(
            "UPDATE amarc_obligation SET user_id = NULL WHERE company_id = %s",
            (company.id,),
        )
        self.env.invalidate_all()

        run_migration(
            self.env.cr, "amarc_referential", "19.0.1.1.0", "post", "19.0.1.0.0"
        )
        self.env.invalidate_all()

        self.assertEqual(company.amarc_quality_manager_id, quality_manager)
        after = self.Obligation.search([("company_id", "=", company.id)])
        self.assertEqual(
            {
                o.id: (o.criterion_id.id, o.next_due_date, o.last_done_date)
                for o in after
            },
            before,
        )
        self.assertEqual(after.user_id, quality_manager)
