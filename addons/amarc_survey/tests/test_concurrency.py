from contextlib import closing

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api, fields
from odoo.sql_db import db_connect
from odoo.tests import tagged
from odoo.tools import SQL

from .common import AmarcSurveyCommon


@tagged("post_install", "-at_install")
class TestTwoWorkers(AmarcSurveyCommon):
    """Two cron workers at once. The test transaction cannot commit, and
    ``self.registry.cursor()`` is not isolated in test mode (it shares the test
    transaction), so the two workers are two real database connections on data
    committed for the test and removed after it."""

    def _worker(self):
        cr = db_connect(self.env.cr.dbname).cursor()
        cr.execute("SET lock_timeout = '10s'")
        return cr

    def test_skip_locked_two_workers_one_mail(self):
        with closing(self._worker()) as setup_cr:
            env = api.Environment(setup_cr, SUPERUSER_ID, {"tracking_disable": True})
            partner = env["res.partner"].create(
                {"name": "Two workers customer", "email": "workers@example.com"}
            )
            ticket = env["helpdesk.ticket"].create(
                {
                    "name": "Two workers",
                    "description": "<p>x</p>",
                    "partner_id": partner.id,
                    "company_id": env.ref("base.main_company").id,
                }
            )
            request = env["amarc.satisfaction.request"].create(
                {
                    "ticket_id": ticket.id,
                    "partner_id": partner.id,
                    "survey_id": env.ref("amarc_survey.survey_amarc_satisfaction").id,
                    "trigger": "manual",
                    "scheduled_date": fields.Datetime.now(),
                }
            )
            setup_cr.commit()
            ids = {"request": request.id, "ticket": ticket.id, "partner": partner.id}
        try:
            with closing(self._worker()) as cr_a, closing(self._worker()) as cr_b:
                env_a = api.Environment(cr_a, SUPERUSER_ID, {})
                env_b = api.Environment(cr_b, SUPERUSER_ID, {})
                where = SQL("state = 'scheduled' AND id = %s", ids["request"])
                # worker A takes the request (FOR UPDATE SKIP LOCKED) ...
                batch_a = env_a["ir.cron"]._amarc_lock_batch(
                    "amarc.satisfaction.request", where, 10
                )
                self.assertEqual(batch_a.ids, [ids["request"]])
                # ... worker B, at the same time, does not get it
                batch_b = env_b["ir.cron"]._amarc_lock_batch(
                    "amarc.satisfaction.request", where, 10
                )
                self.assertFalse(batch_b)
                # and B's whole cron run sends nothing of it
                env_b["amarc.satisfaction.request"]._cron_amarc_send_surveys()
                cr_b.commit()
                batch_a._amarc_send()
                cr_a.commit()
                # A is done: a late second run of B finds nothing left
                env_b.invalidate_all()
                env_b["amarc.satisfaction.request"]._cron_amarc_send_surveys()
                cr_b.commit()
                request_b = env_b["amarc.satisfaction.request"].browse(ids["request"])
                self.assertEqual(request_b.state, "sent")
                self.assertEqual(
                    env_b["mail.mail"].search_count(
                        [
                            ("model", "=", "amarc.satisfaction.request"),
                            ("res_id", "=", ids["request"]),
                        ]
                    ),
                    1,
                )
                self.assertEqual(
                    env_b["survey.user_input"].search_count(
                        [("amarc_request_id", "=", ids["request"])]
                    ),
                    1,
                )
        finally:
            with closing(self._worker()) as clean_cr:
                env = api.Environment(clean_cr, SUPERUSER_ID, {})
                request = env["amarc.satisfaction.request"].browse(ids["request"])
                env["mail.mail"].search(
                    [
                        ("model", "=", "amarc.satisfaction.request"),
                        ("res_id", "=", ids["request"]),
                    ]
                ).unlink()
                user_inputs = env["survey.user_input"].search(
                    [("amarc_request_id", "=", ids["request"])]
                )
                # kept a year by the retention rule: clean up "after" it
                with freeze_time("2100-01-01"):
                    request.unlink()
                user_inputs.unlink()
                env["helpdesk.ticket"].browse(ids["ticket"]).unlink()
                env["res.partner"].browse(ids["partner"]).unlink()
                clean_cr.commit()
