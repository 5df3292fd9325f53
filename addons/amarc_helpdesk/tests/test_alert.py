from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AmarcHelpdeskReportingCommon, paris


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
        self.assertEqual(alert.ticket_count, 3, "the ticket of 20 February is out")
        self.assertEqual(alert.category_id, self.reason_late)
        self.assertEqual(alert.state, "open")
        self.assertEqual(alert.user_id, self.quality_manager)
        activity = alert.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.quality_manager)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("amarc_helpdesk.mail_activity_type_amarc_alert"),
        )
        # more tickets while the alert is in progress: no second alert
        self._late(paris(2026, 3, 10, 15))
        self._late(paris(2026, 3, 11, 9))
        self._late(paris(2026, 3, 11, 10))
        self._run(paris(2026, 3, 11, 12))
        self.assertEqual(len(self._alerts(alert_type="frequency")), 1)
        alert.action_close()
        self.assertEqual(alert.state, "closed")
        self.assertFalse(alert.activity_ids)
        # after closing: the three tickets received since the alert count
        self._run(paris(2026, 3, 11, 13))
        alerts = self._alerts(alert_type="frequency")
        self.assertEqual(len(alerts), 2)
        new = alerts - alert
        self.assertEqual(new.ticket_count, 3)
        self.assertEqual(new.state, "open")

    def test_threshold_zero_means_no_alert(self):
        self.reason_late.amarc_alert_threshold = 0
        for day in (2, 3, 4, 5):
            self._late(paris(2026, 3, day, 9))
        self._run(paris(2026, 3, 5, 12))
        self.assertFalse(self._alerts(alert_type="frequency"))

    def test_unique_index_in_database(self):
        values = {
            "name": "Frequent",
            "company_id": self.company.id,
            "alert_type": "frequency",
            "category_id": self.reason_late.id,
        }
        self.Alert.create(values)
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            self.Alert.create(values)
            self.env.flush_all()

    def test_serious_ticket_once(self):
        rude = self._ticket(
            paris(2026, 3, 2, 9), category_id=self.reason_rude.id, amarc_severity="low"
        )
        critical = self._ticket(paris(2026, 3, 2, 10), amarc_severity="critical")
        self._ticket(paris(2026, 3, 2, 11), category_id=self.reason_other.id)
        self._run(paris(2026, 3, 2, 12))
        self._run(paris(2026, 3, 3, 12))
        alerts = self._alerts(alert_type="serious")
        self.assertEqual(alerts.ticket_id, rude | critical)
        self.assertEqual(len(alerts), 2)
        self.assertEqual(
            alerts.activity_ids.user_id, self.quality_manager, "one activity each"
        )
        self.assertEqual(len(alerts.activity_ids), 2)
        self.assertEqual(rude.amarc_alert_ids.alert_type, "serious")

    def test_create_action(self):
        ticket = self._ticket(paris(2026, 3, 2, 9), category_id=self.reason_rude.id)
        self._run(paris(2026, 3, 2, 12))
        alert = ticket.amarc_alert_ids
        with freeze_time(paris(2026, 3, 3, 9)):
            result = alert.with_user(self.auditor).action_create_action()
        self.assertEqual(alert.state, "action_planned")
        action = alert.action_id
        self.assertEqual(result["res_id"], action.id)
        self.assertEqual(action.plan_id.origin, "alert")
        self.assertEqual(action.plan_id.year, 2026)
        self.assertEqual(action.plan_id.company_id, self.company)
        self.assertEqual(action.source, alert)
        self.assertIn(
            self.env.ref("amarc_referential.criterion_6_6"), action.criterion_ids
        )
        with self.assertRaises(UserError):
            alert.action_create_action()
        # a second alert goes into the same plan of the year
        other = self._ticket(paris(2026, 3, 4, 9), amarc_severity="critical")
        self._run(paris(2026, 3, 4, 12))
        with freeze_time(paris(2026, 3, 5, 9)):
            other.amarc_alert_ids.action_create_action()
        self.assertEqual(other.amarc_alert_ids.action_id.plan_id, action.plan_id)
        alert.action_close()
        self.assertEqual(alert.state, "closed")
        with self.assertRaises(UserError):
            alert.action_close()

    def test_agent_cannot_act_on_alerts(self):
        self._ticket(paris(2026, 3, 2, 9), category_id=self.reason_rude.id)
        self._run(paris(2026, 3, 2, 12))
        alert = self._alerts(alert_type="serious")
        self.assertEqual(alert.with_user(self.agent).read(["name"])[0]["id"], alert.id)
        with self.assertRaises(AccessError):
            alert.with_user(self.agent).action_create_action()
        with self.assertRaises(AccessError):
            alert.with_user(self.agent).action_close()
        with self.assertRaises(AccessError):
            alert.with_user(self.stranger).read(["name"])


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
