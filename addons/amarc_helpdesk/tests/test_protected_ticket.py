"""What measures the agents is not theirs to write: late flags, acknowledgement
and response dates and deadlines are recorded by their actions or computed;
a quality manager corrects them through the logged correction."""

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import format_datetime

from .common import AmarcHelpdeskReportingCommon, paris


@tagged("post_install", "-at_install")
class TestProtectedTicket(AmarcHelpdeskReportingCommon):
    def test_agent_cannot_clear_or_backdate(self):
        # received Friday 10:00, acknowledgement due Monday 10:00
        ticket = self._ticket(paris(2026, 1, 9, 10))
        with freeze_time(paris(2026, 1, 12, 11)):
            self.Ticket._cron_amarc_refresh_late_flags()
            mine = ticket.with_user(self.agent)
            self.assertTrue(mine.amarc_ack_late)
            refused = [
                {"amarc_ack_late": False},
                {"amarc_response_late": False},
                {"amarc_ack_date": paris(2026, 1, 12, 9)},
                {"amarc_ack_deadline": paris(2026, 1, 20, 10)},
                {"amarc_response_deadline": paris(2026, 3, 1, 10)},
                {"amarc_response_date": paris(2026, 1, 12, 9)},
            ]
            for vals in refused:
                with self.subTest(vals=vals), self.assertRaises(AccessError):
                    mine.write(vals)
            # a client cannot forge the key of the protected writes
            with self.assertRaises(AccessError):
                mine.with_context(amarc_protected_write="amarc-protected-write").write(
                    {"amarc_ack_late": False}
                )
            # the agent acknowledges through the action: now, and late
            mine.action_amarc_acknowledge()
        self.assertEqual(
            (mine.amarc_ack_date, mine.amarc_ack_late, mine.amarc_ack_deadline),
            (paris(2026, 1, 12, 11), True, paris(2026, 1, 12, 10)),
        )

    def test_create_with_recorded_values_refused(self):
        vals = {
            "name": "Imported as acknowledged",
            "description": "<p>x</p>",
            "company_id": self.company.id,
            "team_id": self.team.id,
            "channel_id": self.channel_email.id,
            "amarc_received_date": paris(2026, 1, 9, 10),
        }
        Tickets = self.Ticket.with_user(self.agent)
        with self.assertRaises(AccessError):
            Tickets.create(dict(vals, amarc_ack_date=paris(2026, 1, 9, 11)))
        ticket = Tickets.create(vals)
        self.assertEqual(
            (ticket.amarc_ack_date, ticket.amarc_ack_deadline),
            (False, paris(2026, 1, 12, 10)),
        )

    def test_quality_manager_corrects_with_the_previous_value_kept(self):
        ticket = self._ticket(paris(2026, 1, 9, 10))
        with freeze_time(paris(2026, 1, 12, 11)):
            ticket.with_user(self.agent).action_amarc_acknowledge()
        self.assertTrue(ticket.amarc_ack_late)
        # a quality manager corrects the tickets he may edit in the helpdesk
        self.quality_manager.write(
            {
                "tz": "Europe/Paris",
                "group_ids": [
                    (4, self.env.ref("helpdesk_mgmt.group_helpdesk_user").id)
                ],
            }
        )
        wizard = (
            self.env["amarc.correction.wizard"]
            .with_user(self.quality_manager)
            .with_context(active_model="helpdesk.ticket", active_id=ticket.id)
            .create(
                {
                    "field_name": "amarc_ack_date",
                    "value_datetime": paris(2026, 1, 12, 9, 30),
                    "reason": "Acknowledged by phone at 9:30, see the call log",
                }
            )
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.agent).action_apply()
        wizard.action_apply()
        self.assertEqual(
            (ticket.amarc_ack_date, ticket.amarc_ack_late),
            (paris(2026, 1, 12, 9, 30), False),
        )
        note = ticket.message_ids.filtered(
            lambda m: "Correction of" in str(m.body or "")
        )
        as_quality = self.env(user=self.quality_manager)
        before = format_datetime(as_quality, paris(2026, 1, 12, 11))
        after = format_datetime(as_quality, paris(2026, 1, 12, 9, 30))
        self.assertEqual(
            str(note.body),
            f"<p>Correction of Acknowledged on: {before} → {after}.</p>"
            "<p>Reason: Acknowledged by phone at 9:30, see the call log</p>",
        )
