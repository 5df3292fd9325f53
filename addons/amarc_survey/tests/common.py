from datetime import timedelta

from freezegun import freeze_time

from odoo.addons.amarc_helpdesk.tests.common import (
    TODAY,
    AmarcHelpdeskCase,
    AmarcHelpdeskCommon,
    paris,
)

#: the survey settings of the tests' companies: automatic, two days after the
#: response, open 30 days, no cool-down
SURVEY_SETTINGS = {
    "amarc_survey_trigger": "auto",
    "amarc_survey_delay": 2,
    "amarc_survey_delay_unit": "days",
    "amarc_survey_expiry_days": 30,
    "amarc_survey_cooldown_days": 0,
}


class AmarcSurveyCase(AmarcHelpdeskCase):
    """The satisfaction survey, its dispatch and a customer's answer, for the
    tests that build a helpdesk world (this addon's, and the end-to-end
    loop's)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Request = cls.env["amarc.satisfaction.request"]
        cls.survey = cls.env.ref("amarc_survey.survey_amarc_satisfaction")
        cls.q_score = cls.env.ref("amarc_survey.survey_amarc_satisfaction_q_score")
        cls.q_reason = cls.env.ref("amarc_survey.survey_amarc_satisfaction_q_reason")
        cls.q_comment = cls.env.ref("amarc_survey.survey_amarc_satisfaction_q_comment")
        cls.scores = {
            answer.amarc_score: answer for answer in cls.q_score.suggested_answer_ids
        }

    def _cron(self, when):
        with freeze_time(when):
            return self.Request._cron_amarc_send_surveys()

    def _mails(self, requests):
        return self.env["mail.mail"].search(
            [("model", "=", requests._name), ("res_id", "in", requests.ids)]
        )

    def _answer(
        self, request, score, reason=None, comment=None, when=None, user_input=None
    ):
        """The customer answers the survey of ``request`` (as the survey
        controller does, with the answer's sudo record) at ``when``, by
        default the day after it was sent, through ``user_input``, by default
        the request's own answer."""
        user_input = (user_input or request.user_input_id).sudo()
        with freeze_time(when or request.sent_date + timedelta(days=1)):
            user_input._mark_in_progress()
            user_input._save_lines(self.q_score, self.scores[score].id)
            if reason is not None:
                user_input._save_lines(self.q_reason, reason.id)
            if comment:
                user_input._save_lines(self.q_comment, comment)
            user_input._mark_done()
        return user_input


class AmarcSurveyCommon(AmarcSurveyCase, AmarcHelpdeskCommon):
    """The helpdesk world of amarc_helpdesk (two companies, their calendars,
    agents, teams, a customer) plus the survey settings. No demo data. The
    Python clock is frozen at ``TODAY`` (16 March 2026) as in amarc_helpdesk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(SURVEY_SETTINGS)
        cls.company_b.write(SURVEY_SETTINGS)
        cls.team.user_id = cls.helpdesk_manager
        cls.team.user_ids |= cls.helpdesk_manager
        cls.template = cls.env.ref(
            "amarc_survey.mail_template_amarc_satisfaction_request"
        )

    @classmethod
    def _closed_ticket(cls, when, company=None, **values):
        """A ticket received and answered (closed) at ``when``."""
        with freeze_time(when):
            ticket = cls._ticket(when, company=company, **values)
            ticket.stage_id = cls.stage_done
            ticket.flush_recordset()
        return ticket


__all__ = ["SURVEY_SETTINGS", "TODAY", "AmarcSurveyCase", "AmarcSurveyCommon", "paris"]
