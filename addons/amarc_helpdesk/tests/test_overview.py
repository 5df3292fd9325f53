from freezegun import freeze_time

from odoo.tests import tagged

from .common import AmarcHelpdeskCommon, paris


@tagged("post_install", "-at_install")
class TestHelpdeskOverview(AmarcHelpdeskCommon):
    def _tiles(self, when):
        with freeze_time(when):
            overview = self.env["amarc.overview"].with_company(self.company).create({})
            return overview, (
                overview.backlog_count,
                overview.alert_open_count,
                overview.ack_late_count,
            )

    def test_complaint_tiles(self):
        overview, tiles = self._tiles(paris(2026, 3, 16, 12))
        self.assertEqual(overview.company_id, self.company)
        self.assertEqual(tiles, (0, 0, 0), "company A starts without complaints")
        # February: received and acknowledged late; March: one waiting for its
        # acknowledgement past the deadline, one answered, one of company B
        with freeze_time(paris(2026, 2, 2, 9)):
            february = self._ticket(paris(2026, 2, 2, 9))
        with freeze_time(paris(2026, 2, 10, 9)):
            february.action_amarc_acknowledge()
        with freeze_time(paris(2026, 3, 2, 9)):
            waiting = self._ticket(paris(2026, 3, 2, 9))
            answered = self._ticket(paris(2026, 3, 2, 9))
            self._ticket(paris(2026, 3, 2, 9), company=self.company_b)
        with freeze_time(paris(2026, 3, 2, 15)):
            answered.action_amarc_acknowledge()
            answered.stage_id = self.stage_done
        with freeze_time(paris(2026, 3, 16, 11)):
            self.Ticket._cron_amarc_refresh_late_flags()
        self.assertEqual(
            (february | waiting | answered).mapped("amarc_ack_late"),
            [True, True, False],
        )
        alert = self.env["amarc.alert"].create(
            {
                "company_id": self.company.id,
                "name": "Serious complaint",
                "alert_type": "serious",
                "ticket_id": waiting.id,
            }
        )
        overview, tiles = self._tiles(paris(2026, 3, 16, 12))
        # backlog: February and waiting; late this month: waiting only
        self.assertEqual(tiles, (2, 1, 1))
        action = overview.action_open_alerts()
        self.assertEqual(
            action["domain"],
            [("company_id", "=", self.company.id), ("state", "=", "open")],
        )
        self.assertEqual(self.env["amarc.alert"].search(action["domain"]), alert)
        late = overview.action_open_late_tickets()
        self.assertEqual(self.Ticket.search(late["domain"]), february | waiting)
        # in April, the late acknowledgement of March is no longer this month's
        _overview, tiles = self._tiles(paris(2026, 4, 1, 9))
        self.assertEqual(tiles, (2, 1, 0))
