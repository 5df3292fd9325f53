from odoo.tests import tagged

from odoo.addons.amarc_referential.tests.migration import run_migration

from .common import AmarcHelpdeskCommon, paris


@tagged("post_install", "-at_install")
class TestUpgrade(AmarcHelpdeskCommon):
    def test_19_0_1_1_0_response_working_days_backfilled(self):
        """A 19.0.1.0.0 database whose answered tickets lack their response
        delay in working days, upgraded to 19.0.1.1.0: every ticket is kept
        with its dates, and the answered ones get their delay back."""
        answered = self._ticket(paris(2026, 1, 14, 9)) | self._ticket(
            paris(2026, 1, 5, 10), company=self.company_b
        )
        answered.write({"amarc_ack_date": paris(2026, 1, 14, 10)})
        answered.stage_id = self.stage_done
        open_ticket = self._ticket(paris(2026, 1, 20, 9))
        tickets = answered | open_ticket
        self.env.flush_all()
        key = [
            "amarc_received_date",
            "amarc_ack_date",
            "amarc_response_deadline",
            "amarc_response_date",
            "amarc_response_working_days",
            "company_id",
            "stage_id",
        ]
        before = {t["id"]: t for t in tickets.read(key)}
        self.assertTrue(all(answered.mapped("amarc_response_working_days")))
        self.assertFalse(open_ticket.amarc_response_working_days)
        count = self.Ticket.search_count([])
        # the previous version's data: answered tickets without their delay
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET amarc_response_working_days = NULL "
            "WHERE id IN %s",
            (tuple(answered.ids),),
        )
        self.env.invalidate_all()
        self.assertFalse(any(answered.mapped("amarc_response_working_days")))

        run_migration(self.env.cr, "amarc_helpdesk", "19.0.1.1.0", "post", "19.0.1.0.0")
        self.env.invalidate_all()

        self.assertEqual(self.Ticket.search_count([]), count)
        self.assertEqual({t["id"]: t for t in tickets.read(key)}, before)
