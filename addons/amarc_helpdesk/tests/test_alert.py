from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import TODAY, AmarcHelpdeskReportingCommon, paris


@tagged("post_install", "-at_install")
class TestAlert(AmarcHelpdeskReportingCommon):
    def _late(self, received, **values):
        return self._ticket(received, category_id=self.reason_late.id, **values)

    def _run(self, when):
        with freeze_time(when):
            return self.Alert._cron_amarc_raise_alerts()

    def _alerts(self, **domain):
        return self.Alert.search(
            [("company_id", "=", self.company.id)]
            + [(key, "=", value) for key, value in domain.items()]
        )

    def test_threshold_window_and_once(self):
        # outside the 10-day window of a run on 10 March at noon
        self._late(paris(2026, 2, 20, 9))
        self._late(paris(2026, 3, 2, 9))
        self._late(paris(2026, 3, 5, 9))
        self._run(paris(2026, 3, 9, 12))
        self.assertFalse(self._alerts(alert_type="frequency"), "2 tickets < 3")
        self._late(paris(2026, 3, 9, 9))
        self._run(paris(2026, 3, 10, 12))
        self._run(paris(2026, 3, 10, 13))
        alert = self._alerts(alert_type="frequency")
        self.assertEqual(len(alert), 1, "the cron run twice raises one alert")
        self.assertEqual(
            (
                alert.name,
                alert.ticket_count,
                alert.threshold,
                alert.window_start,
                alert.window_end,
                alert.date,
                alert.category_id,
                alert.state,
                alert.user_id,
            ),
            (
                "Frequent reason: AMARC test late delivery (3 tickets in 10 days)",
                3,  # the ticket of 20 February is out
                3,
                paris(2026, 2, 28, 12),
                paris(2026, 3, 10, 12),
                paris(2026, 3, 10, 12),
                self.reason_late,
                "open",
                self.quality_manager,
            ),
        )
        activity = alert.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(
            (activity.user_id, activity.activity_type_id, activity.summary),
            (
                self.quality_manager,
                self.env.ref("amarc_helpdesk.mail_activity_type_amarc_alert"),
                alert.name,
            ),
        )
        # more tickets while the alert is in progress: no second alert
        self._late(paris(2026, 3, 10, 15))
        self._late(paris(2026, 3, 11, 9))
        self._late(paris(2026, 3, 11, 10))
        self._run(paris(2026, 3, 11, 12))
        self.assertEqual(self._alerts(alert_type="frequency"), alert)
        with freeze_time(paris(2026, 3, 11, 12, 30)):
            alert.action_close()
        self.assertEqual(
            (alert.state, alert.closed_date), ("closed", paris(2026, 3, 11, 12, 30))
        )
        self.assertFalse(alert.activity_ids, "the activity is marked done")
        # after closing: the three tickets received since the alert count
        self._run(paris(2026, 3, 11, 13))
        alerts = self._alerts(alert_type="frequency")
        self.assertEqual(len(alerts), 2)
        new = alerts - alert
        self.assertEqual(
            (new.ticket_count, new.window_start, new.state),
            (3, paris(2026, 3, 1, 13), "open"),
        )

    def test_threshold_zero_means_no_alert(self):
        self.reason_late.amarc_alert_threshold = 0
        for day in (2, 3, 4, 5):
            self._late(paris(2026, 3, day, 9))
        self._run(paris(2026, 3, 5, 12))
        self.assertFalse(self._alerts(alert_type="frequency"))
        # the same four tickets with a threshold of 4: one alert
        self.reason_late.amarc_alert_threshold = 4
        self._run(paris(2026, 3, 5, 13))
        self.assertEqual(self._alerts(alert_type="frequency").ticket_count, 4)

    def test_unique_index_in_database(self):
        values = {
            "name": "Frequent",
            "company_id": self.company.id,
            "alert_type": "frequency",
            "category_id": self.reason_late.id,
        }
        first = self.Alert.create(values)
        self.env.flush_all()
        self.assertEqual(self._alerts(alert_type="frequency"), first)
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            self.Alert.create(values)
            self.env.flush_all()
        # once the first is closed, the reason can be alerted again
        first.action_close()
        self.env.flush_all()
        second = self.Alert.create(values)
        self.env.flush_all()
        self.assertEqual(self._alerts(alert_type="frequency"), first | second)

    def test_serious_ticket_once(self):
        rude = self._ticket(
            paris(2026, 3, 2, 9), category_id=self.reason_rude.id, amarc_severity="low"
        )
        critical = self._ticket(paris(2026, 3, 2, 10), amarc_severity="critical")
        self._ticket(paris(2026, 3, 2, 11), category_id=self.reason_other.id)
        self._run(paris(2026, 3, 2, 12))
        self._run(paris(2026, 3, 3, 12))
        alerts = self._alerts(alert_type="serious")
        self.assertEqual(len(alerts), 2)
        self.assertEqual(
            {alert.ticket_id: alert.name for alert in alerts},
            {
                rude: f"Serious complaint: {rude.display_name}",
                critical: f"Serious complaint: {critical.display_name}",
            },
        )
        self.assertEqual(set(alerts.mapped("date")), {paris(2026, 3, 2, 12)})
        self.assertEqual(len(alerts.activity_ids), 2, "one activity each")
        self.assertEqual(alerts.activity_ids.user_id, self.quality_manager)
        self.assertEqual(
            rude.amarc_alert_ids, alerts.filtered(lambda a: a.ticket_id == rude)
        )

    def test_create_action(self):
        ticket = self._ticket(paris(2026, 3, 2, 9), category_id=self.reason_rude.id)
        self._run(paris(2026, 3, 2, 12))
        alert = ticket.amarc_alert_ids
        with freeze_time(paris(2026, 3, 3, 9)):
            result = alert.with_user(self.auditor).action_create_action()
        self.assertEqual(alert.state, "action_planned")
        action = alert.action_id
        self.assertEqual(
            result,
            {
                "type": "ir.actions.act_window",
                "res_model": "amarc.action",
                "res_id": action.id,
                "view_mode": "form",
            },
        )
        self.assertEqual(
            (
                action.name,
                action.action_type,
                action.user_id,
                action.company_id,
                action.source,
                action.criterion_ids,
            ),
            (
                f"Answer the alert: Serious complaint: {ticket.display_name}",
                "corrective",
                self.quality_manager,
                self.company,
                alert,
                self.env.ref("amarc_referential.criterion_6_6"),
            ),
        )
        plan = action.plan_id
        self.assertEqual(
            (plan.name, plan.origin, plan.year, plan.company_id, plan.user_id),
            ("Alerts 2026", "alert", 2026, self.company, self.quality_manager),
        )
        with self.assertRaises(UserError) as error:
            alert.action_create_action()
        self.assertEqual(
            str(error.exception),
            f"Alert {alert.name} is not open: an action was already planned or "
            "the alert is closed.",
        )
        # a second alert goes into the same plan of the year
        other = self._ticket(paris(2026, 3, 4, 9), amarc_severity="critical")
        self._run(paris(2026, 3, 4, 12))
        with freeze_time(paris(2026, 3, 5, 9)):
            other.amarc_alert_ids.action_create_action()
        self.assertEqual(other.amarc_alert_ids.action_id.plan_id, plan)
        self.assertEqual(plan.action_ids, action | other.amarc_alert_ids.action_id)
        alert.action_close()
        self.assertEqual(alert.state, "closed")
        with self.assertRaises(UserError) as error:
            alert.action_close()
        self.assertEqual(str(error.exception), f"Alert {alert.name} is already closed.")

    def test_agent_cannot_act_on_alerts(self):
        ticket = self._ticket(paris(2026, 3, 2, 9), category_id=self.reason_rude.id)
        self._run(paris(2026, 3, 2, 12))
        alert = self._alerts(alert_type="serious")
        self.assertEqual(
            alert.with_user(self.agent).read(["name"])[0]["name"],
            f"Serious complaint: {ticket.display_name}",
        )
        with self.assertRaises(AccessError):
            alert.with_user(self.stranger).read(["name"])
        with self.assertRaises(AccessError):
            alert.with_user(self.agent).action_create_action()
        self.assertEqual((alert.state, alert.action_id.id), ("open", False))
        alert.with_user(self.auditor).action_create_action()
        self.assertEqual(alert.state, "action_planned")
        self.assertEqual(alert.action_id.source, alert)
        with self.assertRaises(AccessError):
            alert.with_user(self.agent).action_close()
        self.assertEqual(alert.state, "action_planned")
        alert.with_user(self.auditor).action_close()
        self.assertEqual((alert.state, alert.closed_date), ("closed", TODAY))


@tagged("post_install", "-at_install")
class TestAlertConcurrency(AmarcHelpdeskReportingCommon):
    def test_second_worker_skips_the_frequency_pass(self):
        """While another session holds the frequency pass's advisory lock
        (another worker at work), this one raises no frequency alert."""
        from odoo.sql_db import db_connect

        from ..models.amarc_alert import FREQUENCY_LOCK_KEY

        for day in (2, 3, 4):
            self._ticket(paris(2026, 3, day, 9), category_id=self.reason_late.id)
        other = db_connect(self.env.cr.dbname).cursor()
        try:
            other.execute("SELECT pg_advisory_lock(%s)", [FREQUENCY_LOCK_KEY])
            with freeze_time(paris(2026, 3, 4, 12)):
                self.Alert._amarc_raise_frequency_alerts()
            self.assertFalse(
                self.Alert.search([("category_id", "=", self.reason_late.id)])
            )
            other.execute("SELECT pg_advisory_unlock(%s)", [FREQUENCY_LOCK_KEY])
        finally:
            other.close()
        with freeze_time(paris(2026, 3, 4, 12)):
            self.Alert._amarc_raise_frequency_alerts()
        self.assertEqual(
            len(self.Alert.search([("category_id", "=", self.reason_late.id)])), 1
        )


@tagged("post_install", "-at_install")
class TestAlertComplaintsOnly(AmarcHelpdeskReportingCommon):
    """A recourse is not a new complaint, a cancelled ticket (a duplicate) is
    not one either: neither counts towards a frequent reason."""

    def test_recourse_and_cancelled_do_not_count(self):
        cancelled = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        reason = {"category_id": self.reason_late.id}
        first = self._ticket(paris(2026, 3, 2, 9), **reason)
        self._ticket(paris(2026, 3, 3, 9), amarc_recourse_of_id=first.id, **reason)
        duplicate = self._ticket(paris(2026, 3, 4, 9), **reason)
        duplicate.stage_id = cancelled
        self._ticket(paris(2026, 3, 5, 9), **reason)
        with freeze_time(paris(2026, 3, 9, 12)):
            self.Alert._cron_amarc_raise_alerts()
        self.assertFalse(
            self.Alert.search([("company_id", "=", self.company.id)]),
            "2 complaints < 3 (a recourse and a duplicate apart)",
        )
        third = self._ticket(paris(2026, 3, 9, 9), **reason)
        with freeze_time(paris(2026, 3, 10, 12)):
            self.Alert._cron_amarc_raise_alerts()
        alert = self.Alert.search([("company_id", "=", self.company.id)])
        self.assertEqual(alert.ticket_count, 3)
        tickets = self.env["helpdesk.ticket"].search(
            alert.action_open_tickets()["domain"]
        )
        self.assertEqual(len(tickets), 3)
        self.assertIn(third, tickets)
        self.assertNotIn(duplicate, tickets)
