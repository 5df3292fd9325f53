from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from .common import paris

#: the whole tour runs on Wednesday 14 January 2026, 10:00 in Paris
NOW = paris(2026, 1, 14, 10)


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestSurveyTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.ref("base.main_company")
        company.write(
            {
                "amarc_survey_delay": 0,
                "amarc_survey_delay_unit": "hours",
                "amarc_survey_trigger": "auto",
                "amarc_survey_cooldown_days": 0,
            }
        )
        partner = cls.env["res.partner"].create(
            {"name": "Tour Customer", "email": "tour.customer@example.com"}
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Tour complaint",
                "description": "<p>Late parcel</p>",
                "partner_id": partner.id,
                "company_id": company.id,
            }
        )
        cls.ticket.stage_id = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.env["amarc.satisfaction.request"]._cron_amarc_send_surveys()
        cls.request = cls.ticket.amarc_survey_request_ids
        assert cls.request.state == "sent"
        assert cls.request.sent_date == NOW

    def test_customer_answers_and_ticket_shows_follow_up(self):
        self.start_tour(
            self.request.user_input_id.get_start_url(), "amarc_survey_answer_tour"
        )
        self.assertEqual(
            (
                self.request.state,
                self.request.score,
                self.request.satisfied,
                self.request.answer_date,
                self.request.resatisfaction_state,
            ),
            ("answered", 2, False, NOW, "pending"),
        )
        self.assertTrue(self.ticket.amarc_dissatisfied)
        self.assertEqual(self.request.user_input_id.state, "done")
        self.start_tour(
            f"/odoo/helpdesk.ticket/{self.ticket.id}",
            "amarc_survey_ticket_tour",
            login="admin",
        )
