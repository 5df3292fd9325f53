from odoo.tests import tagged

from .common import AmarcHelpdeskCommon, paris


@tagged("post_install", "-at_install")
class TestHelpdeskOverview(AmarcHelpdeskCommon):
    def test_complaint_tiles(self):
        Overview = self.env["amarc.overview"].with_company(self.company)
        before = Overview.create({})
        backlog, alerts = before.backlog_count, before.alert_open_count
        ticket = self._ticket(paris(2026, 1, 9, 10, 0))
        self.env["amarc.alert"].create(
            {
                "company_id": self.company.id,
                "name": "Serious complaint",
                "alert_type": "serious",
                "ticket_id": ticket.id,
            }
        )
        after = Overview.create({})
        self.assertEqual(after.backlog_count, backlog + 1)
        self.assertEqual(after.alert_open_count, alerts + 1)
        action = after.action_open_alerts()
        self.assertEqual(
            self.env["amarc.alert"].search_count(action["domain"]),
            after.alert_open_count,
        )
