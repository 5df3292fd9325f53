from contextlib import contextmanager
from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.amarc_referential.tests.two_workers import (
    TwoWorkersCase,
    remove_company,
    remove_users,
)

from ..models.amarc_indicator_communication import PLANNING_LOCK_KEY

TICKET = "helpdesk.ticket"
ALERT = "amarc.alert"
COMMUNICATION = "amarc.indicator.communication"
CONTEXT = {"tracking_disable": True}


@tagged("post_install", "-at_install")
class TestTwoWorkers(TwoWorkersCase):
    """The helpdesk's scheduled actions run by two workers at once (two
    database connections, two transactions, see
    ``amarc_referential/tests/two_workers.py``): the response-date warning,
    the late flags, the alerts (6.6) and the communications of 1.16, planning
    and sending. Worker 1 runs the scheduled action and is paused inside it,
    its locks held; worker 2 runs the same scheduled action meanwhile (it must
    skip what worker 1 holds, not wait for it: its lock timeout would fail the
    test), then again once worker 1 committed. Nothing is done twice.

    A third connection, the bystander, locks every ticket and communication
    of the database that is not this test's: the workers only see the test's
    records and the rest of the database is left as it was (checked, table by
    table, after the clean-up)."""

    def setUp(self):
        super().setUp()
        self.ticket_ids, self.communication_ids, self.category_ids = [], [], []
        with self.committing(CONTEXT) as env:
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
                # also the quality manager, told of the alerts
                groups="helpdesk_mgmt.group_helpdesk_user,"
                "amarc_referential.group_amarc_manager",
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
            company.amarc_quality_manager_id = agent
            self.company_id, self.agent_id, self.team_id = (
                company.id,
                agent.id,
                team.id,
            )
            self.agent_partner_id = agent.partner_id.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.committing(CONTEXT) as env:
            # alerts, tickets and communications are kept a year (chapter V):
            # removed as a test's data, in SQL, with their messages
            alerts = env[ALERT].with_context(active_test=False)
            alerts = alerts.search([("company_id", "=", self.company_id)])
            tickets = env[TICKET].with_context(active_test=False)
            tickets = tickets.browse(self.ticket_ids)
            communications = env[COMMUNICATION].with_context(active_test=False)
            communications = communications.search(
                [("company_id", "=", self.company_id)]
            )
            for records in (alerts, tickets, communications):
                env["mail.message"].search(
                    [("model", "=", records._name), ("res_id", "in", records.ids)]
                ).unlink()
                env["mail.followers"].search(
                    [("res_model", "=", records._name), ("res_id", "in", records.ids)]
                ).unlink()
            alerts.activity_ids.unlink()
            tickets.activity_ids.unlink()
            env.cr.execute(
                SQL("DELETE FROM amarc_alert WHERE company_id = %s", self.company_id)
            )
            env.cr.execute(
                SQL(
                    "DELETE FROM helpdesk_ticket WHERE id IN %s",
                    tuple(tickets.ids) or (0,),
                )
            )
            env.invalidate_all()
            env["helpdesk.ticket.category"].browse(self.category_ids).unlink()
            # the evidence of 1.16 is kept for years: removed as a test's data
            env.cr.execute(
                SQL("DELETE FROM amarc_evidence WHERE company_id = %s", self.company_id)
            )
            env["ir.attachment"].search(
                [
                    ("res_model", "=", COMMUNICATION),
                    ("res_id", "in", communications.ids),
                ]
            ).unlink()
            env.cr.execute(
                SQL(
                    "DELETE FROM amarc_indicator_communication WHERE id IN %s",
                    tuple(communications.ids) or (0,),
                )
            )
            env.invalidate_all()
            env["helpdesk.ticket.team"].browse(self.team_id).unlink()
            remove_users(env, [self.agent_id])
            remove_company(env, self.company_id)

    # ------------------------------------------------------------------
    # Data
    # ------------------------------------------------------------------
    def _tickets(self, env, received, count=3, **values):
        """``count`` tickets of the test's company received at ``received``
        (created then), committed with ``env``."""
        with freeze_time(received):
            tickets = env[TICKET].create(
                [
                    {
                        "name": f"Two workers complaint {i}",
                        "description": "<p>The parcel was damaged.</p>",
                        "company_id": self.company_id,
                        "team_id": self.team_id,
                        "user_id": self.agent_id,
                        "channel_id": env.ref(
                            "helpdesk_mgmt.helpdesk_ticket_channel_email"
                        ).id,
                        "partner_id": self.agent_partner_id,
                        "amarc_received_date": received,
                        **values,
                    }
                    for i in range(count)
                ]
            )
            tickets.flush_recordset()
        self.ticket_ids += tickets.ids
        return tickets

    @contextmanager
    def _bystander(self, advisory_keys=()):
        with self.bystander(
            {
                "helpdesk_ticket": self.ticket_ids,
                "amarc_indicator_communication": self.communication_ids,
            },
            advisory_keys,
        ) as env:
            yield env

    # ------------------------------------------------------------------
    # Response-date warnings
    # ------------------------------------------------------------------
    def _warnings(self, env):
        activity_type = env.ref("amarc_helpdesk.mail_activity_type_amarc_response_due")
        return env["mail.activity"].search(
            [
                ("res_model", "=", TICKET),
                ("res_id", "in", self.ticket_ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )

    def test_two_workers_warn_once(self):
        with self.committing(CONTEXT) as env:
            # received long ago, never acknowledged nor answered
            self._tickets(env, datetime(2025, 1, 6, 9))
        with self._bystander():
            worker1 = self.start_paused(
                lambda env: env[TICKET]._cron_amarc_warn_response_due(),
                "ir.cron",
                "_amarc_lock_batch",
                context=CONTEXT,
            )
            self.assertEqual(sorted(worker1.paused_result.ids), self.ticket_ids)
            with self.connection(CONTEXT) as env2:
                # worker 2 meanwhile: the locked tickets are skipped
                self.assertEqual(env2[TICKET]._cron_amarc_warn_response_due(), 0)
                env2.cr.commit()
            self.assertEqual(worker1.outcome(), 3)
            with self.connection(CONTEXT) as env2:
                # worker 2 again, after worker 1 committed: nothing left to do
                self.assertEqual(env2[TICKET]._cron_amarc_warn_response_due(), 0)
                env2.cr.commit()
        with self.connection(CONTEXT) as env:
            warnings = self._warnings(env)
            self.assertEqual(sorted(warnings.mapped("res_id")), self.ticket_ids)
            self.assertEqual(warnings.user_id.id, self.agent_id)
            for ticket in env[TICKET].browse(self.ticket_ids):
                self.assertEqual(
                    ticket.amarc_response_reminded_deadline,
                    ticket.amarc_response_deadline,
                )

    # ------------------------------------------------------------------
    # Late flags
    # ------------------------------------------------------------------
    def test_two_workers_refresh_late_flags_once(self):
        with self.committing(CONTEXT) as env:
            tickets = self._tickets(env, datetime(2025, 1, 6, 9))
            # stored, still off: the deadlines passed since, nothing changed
            self.assertEqual(tickets.mapped("amarc_ack_late"), [False] * 3)
            self.assertEqual(tickets.mapped("amarc_response_late"), [False] * 3)
        with self._bystander():
            worker1 = self.start_paused(
                lambda env: env[TICKET]._cron_amarc_refresh_late_flags(),
                "ir.cron",
                "_amarc_lock_batch",
                context=CONTEXT,
            )
            # worker 1 holds the tickets late for their acknowledgement
            self.assertEqual(sorted(worker1.paused_result.ids), self.ticket_ids)
            with self.connection(CONTEXT) as env2:
                # worker 2 meanwhile: it skips them, for both flags
                self.assertEqual(env2[TICKET]._cron_amarc_refresh_late_flags(), 0)
                env2.cr.commit()
            # 3 tickets late for their acknowledgement, 3 for their response
            self.assertEqual(worker1.outcome(), 6)
            with self.connection(CONTEXT) as env2:
                self.assertEqual(env2[TICKET]._cron_amarc_refresh_late_flags(), 0)
                env2.cr.commit()
        with self.connection(CONTEXT) as env:
            tickets = env[TICKET].browse(self.ticket_ids)
            self.assertEqual(tickets.mapped("amarc_ack_late"), [True] * 3)
            self.assertEqual(tickets.mapped("amarc_response_late"), [True] * 3)

    # ------------------------------------------------------------------
    # Alerts (6.6)
    # ------------------------------------------------------------------
    def _alert_tickets(self):
        """A reason with a threshold of 3 in 10 days and 3 tickets of it, and
        one serious (high severity) ticket, received in March 2021: long
        before any ticket of the demo data, which a run frozen on 10 March
        2021 does not count."""
        with self.committing(CONTEXT) as env:
            reason = env["helpdesk.ticket.category"].create(
                {
                    "name": "Two workers late delivery",
                    "company_id": self.company_id,
                    "amarc_alert_threshold": 3,
                    "amarc_alert_window_days": 10,
                }
            )
            self.category_ids.append(reason.id)
            frequent = self._tickets(
                env, datetime(2021, 3, 8, 9), category_id=reason.id
            )
            serious = self._tickets(
                env, datetime(2021, 3, 9, 9), count=1, amarc_severity="high"
            )
        return reason.id, frequent.ids, serious.id

    def _check_alerts(self, reason_id, serious_id):
        """One frequency alert for the reason, one serious alert for the
        serious ticket, each with one activity for the quality manager."""
        with self.connection(CONTEXT) as env:
            alerts = env[ALERT].search(
                [("company_id", "=", self.company_id)], order="alert_type"
            )
            self.assertEqual(
                [
                    (a.alert_type, a.category_id.id, a.ticket_id.id, a.ticket_count)
                    for a in alerts
                ],
                [("frequency", reason_id, False, 3), ("serious", False, serious_id, 1)],
            )
            self.assertEqual(
                [len(a.activity_ids) for a in alerts], [1, 1], "one activity each"
            )
            self.assertEqual(alerts.activity_ids.user_id.id, self.agent_id)

    def test_two_workers_alert_once(self):
        reason_id, _frequent_ids, serious_id = self._alert_tickets()
        with freeze_time("2021-03-10 12:00:00"), self._bystander():
            # worker 1 raised the frequency alert (its advisory lock held),
            # and is paused once it locked the serious ticket
            worker1 = self.start_paused(
                lambda env: env[ALERT]._cron_amarc_raise_alerts(),
                "ir.cron",
                "_amarc_lock_batch",
                context=CONTEXT,
            )
            self.assertEqual(worker1.paused_result.ids, [serious_id])
            with self.connection(CONTEXT) as env2:
                # worker 2 meanwhile: the frequency pass is taken, the serious
                # ticket locked, its own alert not visible yet: nothing raised
                self.assertEqual(env2[ALERT]._cron_amarc_raise_alerts(), 0)
                env2.cr.commit()
            self.assertEqual(worker1.outcome(), 2)
            with self.connection(CONTEXT) as env2:
                self.assertEqual(env2[ALERT]._cron_amarc_raise_alerts(), 0)
                env2.cr.commit()
        self._check_alerts(reason_id, serious_id)

    def test_worker_started_before_the_other_committed_alerts_once(self):
        """The unique indexes of the alerts (one in progress per reason, one
        per serious ticket) raced by two connections: worker 2's transaction
        began (its snapshot taken) before worker 1 raised and committed the
        alerts, so worker 2 does not see them and inserts the same alerts; the
        index refuses them and the scheduled action takes it cleanly: nothing
        raised, no error."""
        reason_id, _frequent_ids, serious_id = self._alert_tickets()
        with (
            freeze_time("2021-03-10 12:00:00"),
            self._bystander(),
            self.connection(CONTEXT) as env2,
        ):
            # worker 2's transaction begins (as the cron framework's does)
            self.assertEqual(
                env2[ALERT].search_count([("company_id", "=", self.company_id)]), 0
            )
            with self.connection(CONTEXT) as env1:
                self.assertEqual(env1[ALERT]._cron_amarc_raise_alerts(), 2)
                env1.cr.commit()
            self.assertEqual(env2[ALERT]._cron_amarc_raise_alerts(), 0)
            env2.cr.commit()
        self._check_alerts(reason_id, serious_id)

    # ------------------------------------------------------------------
    # Communications of 1.16
    # ------------------------------------------------------------------
    def _check_communications(self, expected):
        """``expected``: [(audience, start, end)] of the company's
        communications, each sent once: one workbook, one message, one
        evidence."""
        with self.connection(CONTEXT) as env:
            communications = env[COMMUNICATION].search(
                [("company_id", "=", self.company_id)], order="audience"
            )
            self.assertEqual(
                [
                    (c.audience, c.period_start, c.period_end, c.state)
                    for c in communications
                ],
                [(a, start, end, "sent") for a, start, end in expected],
            )
            for communication in communications:
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

    def test_two_workers_communicate_once(self):
        """The sending phase: worker 1 holds the pending communications."""
        periods = [
            ("agents", date(2025, 12, 1), date(2025, 12, 31)),
            ("management", date(2025, 1, 1), date(2025, 12, 31)),
        ]
        with self.committing(CONTEXT) as env:
            communications = env[COMMUNICATION].create(
                [
                    {
                        "name": f"Two workers indicators {audience}",
                        "company_id": self.company_id,
                        "audience": audience,
                        "period_start": start,
                        "period_end": end,
                        "partner_ids": [(6, 0, [self.agent_partner_id])],
                    }
                    for audience, start, end in periods
                ]
            )
            self.communication_ids += communications.ids
        # the bystander holds the planning: only the sending is raced here
        with self._bystander(advisory_keys=[PLANNING_LOCK_KEY]):
            worker1 = self.start_paused(
                lambda env: env[COMMUNICATION]._cron_amarc_communicate_indicators(),
                "ir.cron",
                "_amarc_lock_batch",
                context=CONTEXT,
            )
            self.assertEqual(sorted(worker1.paused_result.ids), self.communication_ids)
            with self.connection(CONTEXT) as env2:
                # worker 2 meanwhile: the batch is locked, nothing sent
                self.assertEqual(
                    env2[COMMUNICATION]._cron_amarc_communicate_indicators(), 0
                )
                env2.cr.commit()
            self.assertEqual(worker1.outcome(), 2)
            with self.connection(CONTEXT) as env2:
                self.assertEqual(
                    env2[COMMUNICATION]._cron_amarc_communicate_indicators(), 0
                )
                env2.cr.commit()
        self._check_communications(periods)

    @contextmanager
    def _plan_for_test_company_only(self):
        """The planning goes through every company: the others get no
        recipients, so it skips them and the demo companies are left as they
        were. The test's company has recipients for the three audiences."""
        with self.committing(CONTEXT) as env:
            env["res.company"].browse(self.company_id).write(
                {
                    "amarc_indicator_service_partner_ids": [
                        (6, 0, [self.agent_partner_id])
                    ],
                    "amarc_indicator_management_partner_ids": [
                        (6, 0, [self.agent_partner_id])
                    ],
                }
            )
        Communication = type(self.env[COMMUNICATION])
        recipients = Communication._amarc_recipients
        company_id = self.company_id

        def test_company_recipients(self, company, audience):
            if company.id != company_id:
                return self.env["res.partner"]
            return recipients(self, company, audience)

        with patch.object(Communication, "_amarc_recipients", test_company_recipients):
            yield

    # the last complete month, semester and year on 10 February 2026
    PLANNED = (
        ("agents", date(2026, 1, 1), date(2026, 1, 31)),
        ("management", date(2025, 1, 1), date(2025, 12, 31)),
        ("services", date(2025, 7, 1), date(2025, 12, 31)),
    )

    def test_two_workers_plan_once(self):
        """The planning phase: worker 1 planned the communications (advisory
        lock held, rows not committed) and is paused there."""
        with (
            freeze_time("2026-02-10 08:00:00"),
            self._plan_for_test_company_only(),
            self._bystander(),
        ):
            worker1 = self.start_paused(
                lambda env: env[COMMUNICATION]._cron_amarc_communicate_indicators(),
                COMMUNICATION,
                "_amarc_plan_communications",
                context=CONTEXT,
            )
            self.assertEqual(len(worker1.paused_result), 3)
            with self.connection(CONTEXT) as env2:
                # worker 2 meanwhile: the planning is taken (it does not wait
                # for it), worker 1's communications are not committed yet
                self.assertEqual(
                    env2[COMMUNICATION]._cron_amarc_communicate_indicators(), 0
                )
                self.assertEqual(
                    env2[COMMUNICATION].search_count(
                        [("company_id", "=", self.company_id)]
                    ),
                    0,
                )
                env2.cr.commit()
            self.assertEqual(worker1.outcome(), 3)
            with self.connection(CONTEXT) as env2:
                # worker 2 again: the periods are planned and sent already
                self.assertEqual(
                    env2[COMMUNICATION]._cron_amarc_communicate_indicators(), 0
                )
                env2.cr.commit()
        self._check_communications(self.PLANNED)

    def test_worker_started_before_the_other_committed_plans_once(self):
        """The planning raced by two connections: worker 2's transaction began
        before worker 1 planned, sent and committed; worker 2 then takes the
        free planning lock but does not see worker 1's communications: the
        unique period refuses its inserts and the scheduled action takes it
        cleanly (nothing planned twice, nothing sent twice, no error)."""
        with (
            freeze_time("2026-02-10 08:00:00"),
            self._plan_for_test_company_only(),
            self._bystander(),
            self.connection(CONTEXT) as env2,
        ):
            self.assertEqual(
                env2[COMMUNICATION].search_count(
                    [("company_id", "=", self.company_id)]
                ),
                0,
            )
            with self.connection(CONTEXT) as env1:
                self.assertEqual(
                    env1[COMMUNICATION]._cron_amarc_communicate_indicators(), 3
                )
                env1.cr.commit()
            self.assertEqual(
                env2[COMMUNICATION]._cron_amarc_communicate_indicators(), 0
            )
            env2.cr.commit()
        self._check_communications(self.PLANNED)
