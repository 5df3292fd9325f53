from contextlib import contextmanager
from datetime import date, datetime

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL

from ..models.amarc_indicator_communication import PLANNING_LOCK_KEY

TICKET = "helpdesk.ticket"
COMMUNICATION = "amarc.indicator.communication"


@tagged("post_install", "-at_install")
class TestTwoWorkers(TransactionCase):
    """The response-date warning, the late-flag refresh and the 1.16
    communications run by two workers at once (two database cursors, two
    transactions): worker 1 holds its lock, worker 2 runs the scheduled action
    meanwhile, then again once worker 1 committed. Nothing is done twice.

    The test's own transaction cannot be shared with other cursors, so the data
    is committed through separate cursors and removed at the end. A third
    cursor, the bystander, locks every other ticket and communication of the
    database (and holds the planning lock): the workers only ever see this
    test's records, the rest of the database is left as it was."""

    @contextmanager
    def _worker(self):
        with self.registry.cursor() as cr:
            yield api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def setUp(self):
        super().setUp()
        with self._worker() as env:
            company = env["res.company"].create(
                {
                    "name": f"Two workers helpdesk Co ({self._testMethodName})",
                    "amarc_level": "A",
                    "amarc_response_delay": 10,
                    "amarc_response_warning_days": 1,
                }
            )
            agent = new_test_user(
                env,
                login=f"amarc_hd_{self._testMethodName}",
                email="two_workers@example.com",
                groups="helpdesk_mgmt.group_helpdesk_user",
                company_id=company.id,
                company_ids=[(6, 0, company.ids)],
            )
            team = env["helpdesk.ticket.team"].create(
                {
                    "name": "Two workers team",
                    "company_id": company.id,
                    "user_ids": [(6, 0, agent.ids)],
                }
            )
            channel = env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email")
            # created when received: the deadlines, then ahead, passed since
            with freeze_time("2025-01-06 10:00:00"):
                tickets = env[TICKET].create(
                    [
                        {
                            "name": f"Two workers complaint {i}",
                            "description": "<p>The parcel was damaged.</p>",
                            "company_id": company.id,
                            "team_id": team.id,
                            "user_id": agent.id,
                            "channel_id": channel.id,
                            "partner_id": agent.partner_id.id,
                            # received long ago, never acknowledged nor answered
                            "amarc_received_date": datetime(2025, 1, 6, 9),
                        }
                        for i in range(3)
                    ]
                )
                tickets.flush_recordset()
            communications = env[COMMUNICATION].create(
                [
                    {
                        "name": f"Two workers indicators {audience}",
                        "company_id": company.id,
                        "audience": audience,
                        "period_start": start,
                        "period_end": end,
                        "partner_ids": [(6, 0, agent.partner_id.ids)],
                    }
                    for audience, start, end in (
                        ("agents", date(2025, 12, 1), date(2025, 12, 31)),
                        ("management", date(2025, 1, 1), date(2025, 12, 31)),
                    )
                ]
            )
            self.company_id, self.agent_id, self.team_id = (
                company.id,
                agent.id,
                team.id,
            )
            self.ticket_ids = tickets.ids
            self.communication_ids = communications.ids
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self._worker() as env:
            tickets = env[TICKET].with_context(active_test=False)
            tickets = tickets.browse(self.ticket_ids)
            tickets.activity_ids.unlink()
            tickets.unlink()
            env.cr.execute(
                SQL("DELETE FROM amarc_evidence WHERE company_id = %s", self.company_id)
            )
            communications = env[COMMUNICATION].browse(self.communication_ids)
            env["mail.message"].search(
                [("model", "=", COMMUNICATION), ("res_id", "in", communications.ids)]
            ).unlink()
            env["ir.attachment"].search(
                [
                    ("res_model", "=", COMMUNICATION),
                    ("res_id", "in", communications.ids),
                ]
            ).unlink()
            communications.unlink()
            env["helpdesk.ticket.team"].browse(self.team_id).unlink()
            obligations = env["amarc.obligation"].search(
                [("company_id", "=", self.company_id)]
            )
            obligations.activity_ids.unlink()
            obligations.unlink()
            env["res.users"].browse(self.agent_id).unlink()
            env["res.company"].browse(self.company_id).active = False

    @contextmanager
    def _bystander(self):
        """Locks every ticket and communication that is not this test's, and
        the planning of the communications, until the end of the block."""
        with self._worker() as env:
            env.cr.execute(
                SQL(
                    "SELECT id FROM helpdesk_ticket WHERE id NOT IN %s "
                    "FOR NO KEY UPDATE",
                    tuple(self.ticket_ids),
                )
            )
            env.cr.execute(
                SQL(
                    "SELECT id FROM amarc_indicator_communication WHERE id NOT IN %s "
                    "FOR NO KEY UPDATE",
                    tuple(self.communication_ids),
                )
            )
            env.cr.execute(SQL("SELECT pg_advisory_xact_lock(%s)", PLANNING_LOCK_KEY))
            try:
                yield env
            finally:
                env.cr.rollback()

    def _warnings(self, env):
        activity_type = env.ref("amarc_helpdesk.mail_activity_type_amarc_response_due")
        return env["mail.activity"].search_count(
            [
                ("res_model", "=", TICKET),
                ("res_id", "in", self.ticket_ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )

    def test_two_workers_warn_once(self):
        with self._bystander(), self._worker() as env1, self._worker() as env2:
            Ticket1, Ticket2 = env1[TICKET], env2[TICKET]
            # worker 1 takes the batch and holds its lock
            batch = Ticket1._amarc_lock_batch(
                Ticket1._amarc_response_warning_query(1000)
            )
            self.assertEqual(sorted(batch.ids), sorted(self.ticket_ids))
            # worker 2 runs meanwhile: the locked tickets are skipped
            self.assertEqual(Ticket2._cron_amarc_warn_response_due(), 0)
            self.assertEqual(self._warnings(env2), 0)
            env2.cr.commit()
            batch.with_context(
                mail_auto_subscribe_no_notify=True
            )._amarc_warn_response_due()
            env1.cr.commit()
            # worker 2 again, after worker 1 committed: nothing left to do
            self.assertEqual(Ticket2._cron_amarc_warn_response_due(), 0)
            env2.cr.commit()
        with self._worker() as env:
            self.assertEqual(self._warnings(env), len(self.ticket_ids))
            tickets = env[TICKET].browse(self.ticket_ids)
            for ticket in tickets:
                self.assertEqual(
                    ticket.amarc_response_reminded_deadline,
                    ticket.amarc_response_deadline,
                )

    def test_two_workers_refresh_late_flags_once(self):
        late_query = SQL(
            """SELECT id FROM helpdesk_ticket
                WHERE id IN %s
                  AND (amarc_ack_late IS NOT TRUE OR amarc_response_late IS NOT TRUE)
                  FOR UPDATE SKIP LOCKED""",
            tuple(self.ticket_ids),
        )
        with self._bystander(), self._worker() as env1, self._worker() as env2:
            Ticket1, Ticket2 = env1[TICKET], env2[TICKET]
            # the flags are stored: still off, the deadlines passed long ago
            tickets = Ticket1.browse(self.ticket_ids)
            self.assertFalse(any(tickets.mapped("amarc_ack_late")))
            self.assertFalse(any(tickets.mapped("amarc_response_late")))
            # worker 1 takes the late tickets and holds their lock
            batch = Ticket1._amarc_lock_batch(late_query)
            self.assertEqual(sorted(batch.ids), sorted(self.ticket_ids))
            # worker 2 runs meanwhile: it skips them, without waiting
            self.assertEqual(Ticket2._cron_amarc_refresh_late_flags(), 0)
            env2.cr.commit()
            for flag in ("amarc_ack_late", "amarc_response_late"):
                env1.add_to_compute(Ticket1._fields[flag], batch)
            batch._recompute_recordset(["amarc_ack_late", "amarc_response_late"])
            batch.flush_recordset(["amarc_ack_late", "amarc_response_late"])
            env1.cr.commit()
            # worker 2 again, after worker 1 committed: nothing left to do
            self.assertEqual(Ticket2._cron_amarc_refresh_late_flags(), 0)
            env2.cr.commit()
        with self._worker() as env:
            tickets = env[TICKET].browse(self.ticket_ids)
            self.assertTrue(all(tickets.mapped("amarc_ack_late")))
            self.assertTrue(all(tickets.mapped("amarc_response_late")))

    def test_two_workers_communicate_once(self):
        with self._bystander(), self._worker() as env1, self._worker() as env2:
            Cron1 = env1["ir.cron"]
            # worker 1 takes the pending communications and holds their lock
            batch = Cron1._amarc_lock_batch(
                COMMUNICATION,
                SQL("state = 'pending' AND company_id = %s", self.company_id),
                1000,
            )
            self.assertEqual(sorted(batch.ids), sorted(self.communication_ids))
            # worker 2 runs meanwhile: planning is taken, the batch is locked
            self.assertEqual(
                env2[COMMUNICATION]._cron_amarc_communicate_indicators(), 0
            )
            env2.cr.commit()
            batch._amarc_send()
            env1.cr.commit()
            # worker 2 again, after worker 1 committed: nothing left to send
            self.assertEqual(
                env2[COMMUNICATION]._cron_amarc_communicate_indicators(), 0
            )
            env2.cr.commit()
        with self._worker() as env:
            communications = env[COMMUNICATION].browse(self.communication_ids)
            self.assertEqual(set(communications.mapped("state")), {"sent"})
            for communication in communications:
                # one workbook, one message, one evidence each
                self.assertEqual(
                    env["ir.attachment"].search_count(
                        [
                            ("res_model", "=", COMMUNICATION),
                            ("res_id", "=", communication.id),
                        ]
                    ),
                    1,
                )
                self.assertEqual(
                    len(
                        communication.message_ids.filtered(
                            lambda m: m.message_type == "comment"
                        )
                    ),
                    1,
                )
                self.assertEqual(
                    env["amarc.evidence"].search_count(
                        [
                            ("res_model", "=", COMMUNICATION),
                            ("res_id", "=", communication.id),
                        ]
                    ),
                    1,
                )
