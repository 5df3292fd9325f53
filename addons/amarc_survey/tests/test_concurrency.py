from datetime import datetime
from functools import partial

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.service.model import retrying
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.amarc_referential.tests.two_workers import (
    TwoWorkersCase,
    Worker,
    remove_company,
    wait_blocked,
)

REQUEST = "amarc.satisfaction.request"
CONTEXT = {"tracking_disable": True}


@tagged("post_install", "-at_install")
class TestTwoWorkers(TwoWorkersCase):
    """The survey dispatch run by two workers at once, and the closing of a
    ticket raced by two connections (two database connections, two
    transactions, see ``amarc_referential/tests/two_workers.py``; the data
    is committed for the test and removed after it, the database checked
    table by table).

    A bystander connection locks every satisfaction request that is not the
    test's: the workers only see the test's ones."""

    def setUp(self):
        super().setUp()
        with self.committing(CONTEXT) as env:
            company = env["res.company"].create(
                {
                    "name": f"Two workers surveys Co ({self._testMethodName})",
                    "amarc_survey_trigger": "auto",
                    "amarc_survey_delay": 2,
                    "amarc_survey_delay_unit": "days",
                    "amarc_survey_expiry_days": 30,
                    "amarc_survey_cooldown_days": 0,
                }
            )
            team = env["helpdesk.ticket.team"].create(
                {"name": "Two workers surveys", "company_id": company.id}
            )
            customer = env["res.partner"].create(
                {"name": "Two workers customer", "email": "workers@example.com"}
            )
            with freeze_time("2026-05-11 09:00:00"):
                ticket = env["helpdesk.ticket"].create(
                    {
                        "name": "Two workers",
                        "description": "<p>The parcel was damaged.</p>",
                        "partner_id": customer.id,
                        "company_id": company.id,
                        "team_id": team.id,
                    }
                )
            self.company_id, self.team_id = company.id, team.id
            self.customer_id, self.ticket_id = customer.id, ticket.id
        self.addCleanup(self._cleanup)

    def _requests(self, env):
        return env[REQUEST].search([("ticket_id", "=", self.ticket_id)], order="id")

    def _cleanup(self):
        with self.committing(CONTEXT) as env:
            requests = self._requests(env)
            env["mail.mail"].search(
                [("model", "=", REQUEST), ("res_id", "in", requests.ids)]
            ).unlink()
            user_inputs = env["survey.user_input"].search(
                [("amarc_request_id", "in", requests.ids)]
            )
            # kept a year by the retention rule: removed "after" it
            with freeze_time("2100-01-01"):
                requests.unlink()
            user_inputs.unlink()
            # a complaint is kept a year after its closing (chapter V):
            # removed as a test's data, in SQL, with its messages
            for model in ("mail.message", "mail.followers"):
                field = "model" if model == "mail.message" else "res_model"
                env[model].search(
                    [(field, "=", "helpdesk.ticket"), ("res_id", "=", self.ticket_id)]
                ).unlink()
            env.cr.execute(
                "DELETE FROM helpdesk_ticket WHERE id = %s", (self.ticket_id,)
            )
            env.invalidate_all()
            env["helpdesk.ticket.team"].browse(self.team_id).unlink()
            env["res.partner"].browse(self.customer_id).unlink()
            remove_company(env, self.company_id)

    # ------------------------------------------------------------------
    # Dispatch
    # ------------------------------------------------------------------
    def _due_requests(self):
        """Two requests due (scheduled on 18 May) and one sent on 20 April
        whose answer window closed on 15 May."""
        with self.committing(CONTEXT) as env:
            survey = env.ref("amarc_survey.survey_amarc_satisfaction")
            common = {
                "ticket_id": self.ticket_id,
                "partner_id": self.customer_id,
                "survey_id": survey.id,
                "trigger": "manual",
            }
            requests = env[REQUEST].create(
                [
                    dict(common, scheduled_date=datetime(2026, 5, 18, 9)),
                    dict(common, scheduled_date=datetime(2026, 5, 18, 10)),
                    dict(
                        common,
                        scheduled_date=datetime(2026, 4, 20, 9),
                        state="sent",
                        sent_date=datetime(2026, 4, 20, 9),
                        expiry_date=datetime(2026, 5, 15, 9),
                    ),
                ]
            )
        return requests.ids

    def _bystander(self, request_ids):
        return self.bystander({"amarc_satisfaction_request": request_ids})

    def _check_dispatch(self, request_ids):
        """The two due requests sent once each (one survey answer with its
        token, one e-mail), the old one expired."""
        with self.connection(CONTEXT) as env:
            requests = env[REQUEST].browse(request_ids)
            self.assertEqual(requests.mapped("state"), ["sent", "sent", "expired"])
            sent = requests[:2]
            self.assertEqual(
                sent.mapped("sent_date"), [datetime(2026, 5, 20, 10, 0)] * 2
            )
            user_inputs = env["survey.user_input"].search(
                [("amarc_request_id", "in", request_ids)]
            )
            self.assertEqual(user_inputs.amarc_request_id, sent)
            self.assertEqual(sent.user_input_id, user_inputs)
            self.assertEqual(len(set(user_inputs.mapped("access_token"))), 2)
            mails = env["mail.mail"].search(
                [("model", "=", REQUEST), ("res_id", "in", request_ids)]
            )
            self.assertEqual(sorted(mails.mapped("res_id")), sent.ids)

    def test_two_workers_send_once(self):
        """Worker 1 expired the old request and holds the due ones."""
        request_ids = self._due_requests()
        with freeze_time("2026-05-20 10:00:00"), self._bystander(request_ids):
            worker1 = self.start_paused(
                lambda env: env[REQUEST]._cron_amarc_send_surveys(),
                "ir.cron",
                "_amarc_lock_batch",
                when=lambda batch: batch and batch[0].state == "scheduled",
                context=CONTEXT,
            )
            self.assertEqual(worker1.paused_result.ids, request_ids[:2])
            with self.connection(CONTEXT) as env2:
                # worker 2 meanwhile: every request is locked by worker 1
                self.assertEqual(
                    env2[REQUEST]._cron_amarc_send_surveys(),
                    {"expired": 0, "processed": 0},
                )
                env2.cr.commit()
            self.assertEqual(worker1.outcome(), {"expired": 1, "processed": 2})
            with self.connection(CONTEXT) as env2:
                self.assertEqual(
                    env2[REQUEST]._cron_amarc_send_surveys(),
                    {"expired": 0, "processed": 0},
                )
                env2.cr.commit()
        self._check_dispatch(request_ids)

    def test_two_workers_share_the_passes(self):
        """Worker 1 is paused in the expiry pass, the old request locked;
        worker 2 sends the due requests meanwhile and commits. Worker 1 then
        cannot lock them (changed after its transaction began): it leaves them
        to worker 2 instead of failing or sending them again."""
        request_ids = self._due_requests()
        with freeze_time("2026-05-20 10:00:00"), self._bystander(request_ids):
            worker1 = self.start_paused(
                lambda env: env[REQUEST]._cron_amarc_send_surveys(),
                "ir.cron",
                "_amarc_lock_batch",
                context=CONTEXT,
            )
            self.assertEqual(worker1.paused_result.ids, request_ids[2:])
            with self.connection(CONTEXT) as env2:
                self.assertEqual(
                    env2[REQUEST]._cron_amarc_send_surveys(),
                    {"expired": 0, "processed": 2},
                )
                env2.cr.commit()
            self.assertEqual(worker1.outcome(), {"expired": 1, "processed": 0})
            with self.connection(CONTEXT) as env2:
                self.assertEqual(
                    env2[REQUEST]._cron_amarc_send_surveys(),
                    {"expired": 0, "processed": 0},
                )
                env2.cr.commit()
        self._check_dispatch(request_ids)

    # ------------------------------------------------------------------
    # One automatic survey per closing (unique index)
    # ------------------------------------------------------------------
    def _close(self, env):
        stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        env["helpdesk.ticket"].browse(self.ticket_id).write({"stage_id": stage_done.id})

    def test_two_connections_close_the_ticket_one_survey(self):
        """Two agents close the same ticket at the same time. Connection A
        closes it and scheduled its automatic survey, not committed yet;
        connection B closes it too, as a request of the web client does
        (through Odoo's ``retrying``), and waits for A's survey row on the
        unique index. A commits: B's survey is refused by the index and B
        gets the index's message; one survey is scheduled."""
        with (
            freeze_time("2026-05-20 10:00:00"),
            # B's refused INSERT, logged by the cursor before Odoo handles it
            mute_logger("odoo.sql_db"),
            self.connection(CONTEXT) as env_a,
        ):
            self._close(env_a)
            env_a.flush_all()
            self.assertEqual(len(self._requests(env_a)), 1)
            worker_b = Worker(
                self.registry,
                lambda env: retrying(partial(self._close, env), env),
                context=CONTEXT,
                name="connection B",
            )
            worker_b.start()
            wait_blocked(env_a, worker_b)
            env_a.cr.commit()
            with self.assertRaises(ValidationError) as refused:
                worker_b.outcome()
        self.assertEqual(
            str(refused.exception),
            "The operation cannot be completed: A ticket has at most one "
            "automatic satisfaction survey.",
        )
        with self.connection(CONTEXT) as env:
            requests = self._requests(env)
            self.assertEqual(
                [(r.trigger, r.state, r.scheduled_date) for r in requests],
                [("auto", "scheduled", datetime(2026, 5, 22, 10, 0))],
            )
            ticket = env["helpdesk.ticket"].browse(self.ticket_id)
            self.assertTrue(ticket.stage_id.closed)
            self.assertEqual(ticket.amarc_survey_last_request_id, requests)
