from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AmarcSurveyCommon, paris


@tagged("post_install", "-at_install")
class TestCompletion(AmarcSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activity_type = cls.env.ref(
            "amarc_survey.mail_activity_type_amarc_resatisfaction"
        )
        cls.ticket = cls._closed_ticket(paris(2026, 1, 14, 10))
        cls.request = cls.ticket.amarc_survey_request_ids
        with freeze_time(paris(2026, 1, 16, 10)):
            cls.Request._cron_amarc_send_surveys()

    def test_satisfied_answer(self):
        with freeze_time(paris(2026, 1, 17, 9)):
            self._answer(self.request, 5)
        self.assertEqual(self.request.state, "answered")
        self.assertEqual(self.request.score, 5)
        self.assertTrue(self.request.satisfied)
        self.assertEqual(self.request.answer_date, paris(2026, 1, 17, 9))
        self.assertFalse(self.request.resatisfaction_state)
        self.assertFalse(self.ticket.amarc_dissatisfied)
        self.assertEqual(self.ticket.amarc_survey_state, "answered")
        self.assertEqual(self.ticket.amarc_survey_score, 5)
        self.assertFalse(self.request.activity_ids)
        # the answer lands on the ticket
        self.assertTrue(
            self.ticket.message_ids.filtered(
                lambda m: "Satisfaction survey answered" in (m.body or "")
            )
        )

    def test_score_4_is_satisfied_3_is_not(self):
        self._answer(self.request, 4)
        self.assertTrue(self.request.satisfied)
        other = self._closed_ticket(paris(2026, 1, 14, 10))
        self._cron(paris(2026, 1, 16, 10))
        self._answer(other.amarc_survey_request_ids, 3)
        self.assertFalse(other.amarc_survey_request_ids.satisfied)

    def test_dissatisfied_follow_up(self):
        reason = self.q_reason.suggested_answer_ids[:1]
        self._answer(self.request, 2, reason=reason, comment="Too slow")
        request = self.request
        self.assertEqual(request.state, "answered")
        self.assertEqual(request.score, 2)
        self.assertFalse(request.satisfied)
        self.assertEqual(request.resatisfaction_state, "pending")
        self.assertTrue(self.ticket.amarc_dissatisfied)
        self.assertEqual(self.ticket.amarc_resatisfaction_state, "pending")
        activity = request.activity_ids.filtered(
            lambda a: a.activity_type_id == self.activity_type
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.helpdesk_manager)  # team leader
        # the outcome needs a note
        with self.assertRaises(UserError):
            request.with_user(self.helpdesk_manager).action_resatisfied()
        request.with_user(
            self.helpdesk_manager
        ).resatisfaction_note = (
            "Called the customer, gave a voucher; the customer is happy."
        )
        request.with_user(self.helpdesk_manager).action_resatisfied()
        self.assertEqual(request.resatisfaction_state, "resatisfied")
        self.assertEqual(request.resatisfaction_user_id, self.helpdesk_manager)
        self.assertTrue(request.resatisfaction_date)
        self.assertFalse(request.activity_ids)
        with self.assertRaises(UserError):
            request.action_not_resatisfied()

    def test_follow_up_by_quality_manager_without_team_leader(self):
        self.team.user_id = False
        self.company.amarc_survey_quality_manager_id = self.auditor
        self._answer(self.request, 1)
        self.assertEqual(self.request.activity_ids.user_id, self.auditor)

    def test_answer_registered_once(self):
        user_input = self._answer(self.request, 2)
        user_input._mark_done()
        self.assertEqual(len(self.request.activity_ids), 1)

    def test_other_surveys_untouched(self):
        other = self.env["survey.survey"].create({"title": "Unrelated"})
        answer = other._create_answer(partner=self.customer)
        answer._mark_done()
        self.assertEqual(self.request.state, "sent")
