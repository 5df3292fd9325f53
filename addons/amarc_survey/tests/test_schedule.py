from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AmarcSurveyCommon, paris


@tagged("post_install", "-at_install")
class TestSchedule(AmarcSurveyCommon):
    def test_delay_in_days(self):
        # closed Wednesday 14 January 2026 10:00, two days: Friday 10:00
        ticket = self._closed_ticket(paris(2026, 1, 14, 10))
        request = ticket.amarc_survey_request_ids
        self.assertEqual(len(request), 1)
        self.assertEqual(request.state, "scheduled")
        self.assertEqual(request.trigger, "auto")
        self.assertEqual(request.partner_id, self.customer)
        self.assertEqual(request.survey_id, self.survey)
        self.assertEqual(request.question_id, self.q_score)
        self.assertEqual(request.team_id, self.team)
        self.assertEqual(request.company_id, self.company)
        self.assertEqual(ticket.amarc_response_date, paris(2026, 1, 14, 10))
        self.assertEqual(request.scheduled_date, paris(2026, 1, 16, 10))
        self.assertEqual(ticket.amarc_survey_state, "scheduled")

    def test_delay_in_hours(self):
        self.company.write(
            {"amarc_survey_delay": 24, "amarc_survey_delay_unit": "hours"}
        )
        ticket = self._closed_ticket(paris(2026, 1, 16, 10))
        self.assertEqual(
            ticket.amarc_survey_request_ids.scheduled_date, paris(2026, 1, 17, 10)
        )

    def test_delay_in_working_days(self):
        self.company.amarc_survey_delay_unit = "working_days"
        # Friday 16 January 10:00 + 2 working days: Tuesday 20 January 10:00
        ticket = self._closed_ticket(paris(2026, 1, 16, 10))
        self.assertEqual(
            ticket.amarc_survey_request_ids.scheduled_date, paris(2026, 1, 20, 10)
        )
        # a public holiday on Monday 26 January moves it one more day
        self._holiday(self.calendar, paris(2026, 1, 26, 12).date())
        ticket = self._closed_ticket(paris(2026, 1, 23, 10))
        self.assertEqual(
            ticket.amarc_survey_request_ids.scheduled_date, paris(2026, 1, 28, 10)
        )

    def test_team_settings_override_company(self):
        self.team.write(
            {
                "amarc_survey_custom": True,
                "amarc_survey_delay": 3,
                "amarc_survey_delay_unit": "hours",
            }
        )
        ticket = self._closed_ticket(paris(2026, 1, 14, 10))
        self.assertEqual(
            ticket.amarc_survey_request_ids.scheduled_date, paris(2026, 1, 14, 13)
        )

    def test_negative_delays_refused(self):
        negative = (
            "{}: the survey delay, answer window and cool-down cannot be negative."
        )
        with self.assertRaises(ValidationError) as error:
            self.company.amarc_survey_delay = -1
        self.assertEqual(str(error.exception), negative.format(self.company.name))
        for field in ("amarc_survey_expiry_days", "amarc_survey_cooldown_days"):
            with self.assertRaises(ValidationError) as error:
                self.team[field] = -3
            self.assertEqual(str(error.exception), negative.format(self.team.name))
        # zero is a valid value for each
        self.company.amarc_survey_delay = 0
        self.team.write(
            {"amarc_survey_expiry_days": 0, "amarc_survey_cooldown_days": 0}
        )
        self.assertEqual(
            (
                self.company.amarc_survey_delay,
                self.team.amarc_survey_expiry_days,
                self.team.amarc_survey_cooldown_days,
            ),
            (0, 0, 0),
        )

    def test_question_must_belong_to_survey(self):
        other = self.env["survey.survey"].create({"title": "Other"})
        question = self.env["survey.question"].create(
            {"survey_id": other.id, "title": "Q", "question_type": "simple_choice"}
        )
        with self.assertRaises(ValidationError) as error:
            self.company.amarc_survey_question_id = question
        self.assertEqual(
            str(error.exception),
            f"{self.company.name}: the satisfaction question must belong to the "
            "satisfaction survey.",
        )
        self.company.amarc_survey_question_id = self.q_score
        self.assertEqual(self.company.amarc_survey_question_id, self.q_score)

    def test_agent_closes_with_the_chosen_question(self):
        """The question chosen in the settings is read for whoever closes the
        ticket: an agent without survey rights closes it and its survey is
        scheduled on that question."""
        self.company.amarc_survey_question_id = self.q_score
        self.assertFalse(self.agent.has_group("survey.group_survey_user"))
        ticket = self._ticket(paris(2026, 1, 14, 10))
        with freeze_time(paris(2026, 1, 14, 11)):
            ticket.with_user(self.agent).stage_id = self.stage_done
        request = ticket.amarc_survey_request_ids
        self.assertEqual(
            (request.state, request.question_id, request.scheduled_date),
            ("scheduled", self.q_score, paris(2026, 1, 16, 11)),
        )

    def test_satisfied_answers_setting(self):
        self.assertEqual(
            self.company.amarc_survey_satisfied_answer_ids,
            self.scores[4] | self.scores[5],
        )
        self.company.amarc_survey_satisfied_answer_ids = self.scores[5]
        self.assertFalse(self.scores[4].amarc_satisfied)
        self.assertEqual(self.q_score._amarc_satisfied_answers(), self.scores[5])

    def test_manual_trigger(self):
        self.company.amarc_survey_trigger = "manual"
        ticket = self._closed_ticket(paris(2026, 1, 14, 10))
        self.assertFalse(ticket.amarc_survey_request_ids)
        open_ticket = self._ticket(paris(2026, 1, 14, 10))
        with self.assertRaises(UserError) as error:
            open_ticket.with_user(self.agent).action_amarc_send_survey()
        self.assertEqual(
            str(error.exception),
            f"Ticket {open_ticket.display_name} is not closed: a satisfaction "
            "survey follows the response.",
        )
        with freeze_time(paris(2026, 1, 15, 9)):
            ticket.with_user(self.agent).action_amarc_send_survey()
        request = ticket.amarc_survey_request_ids
        self.assertEqual(request.trigger, "manual")
        self.assertEqual(request.state, "sent")
        self.assertEqual(request.sent_date, paris(2026, 1, 15, 9))
        self.assertEqual(len(self._mails(request)), 1)
        # already sent and awaiting the answer: not twice
        with self.assertRaises(UserError) as error:
            ticket.with_user(self.agent).action_amarc_send_survey()
        self.assertEqual(
            str(error.exception),
            f"The satisfaction survey of ticket {ticket.display_name} was already "
            "sent and awaits the customer's answer.",
        )
        self.assertEqual(len(self._mails(request)), 1)

    def test_agent_sends_scheduled_survey_now(self):
        ticket = self._closed_ticket(paris(2026, 1, 14, 10))
        request = ticket.amarc_survey_request_ids
        with freeze_time(paris(2026, 1, 14, 11)):
            ticket.with_user(self.agent).action_amarc_send_survey()
        self.assertEqual(ticket.amarc_survey_request_ids, request)
        self.assertEqual(request.state, "sent")
        self._cron(paris(2026, 1, 17, 10))
        self.assertEqual(len(self._mails(request)), 1)

    def test_reopen_and_close_again(self):
        ticket = self._closed_ticket(paris(2026, 1, 14, 10))
        first = ticket.amarc_survey_request_ids
        with freeze_time(paris(2026, 1, 15, 10)):
            ticket.stage_id = self.stage_new
        self.assertEqual(first.state, "cancelled")
        self.assertEqual(ticket.amarc_survey_state, "cancelled")
        with freeze_time(paris(2026, 1, 19, 10)):
            ticket.stage_id = self.stage_done
        second = ticket.amarc_survey_request_ids - first
        self.assertEqual(len(second), 1)
        self.assertEqual(second.state, "scheduled")
        # the new closing is the reference: 19 + 2 days
        self.assertEqual(second.scheduled_date, paris(2026, 1, 21, 10))
        self.assertEqual(ticket.amarc_survey_last_request_id, second)
        # closing once more without reopening schedules nothing new
        ticket.stage_id = self.stage_done
        self.assertEqual(len(ticket.amarc_survey_request_ids), 2)
        # the cron sends the live one only
        self._cron(paris(2026, 1, 22, 10))
        self.assertEqual(first.state, "cancelled")
        self.assertEqual(second.state, "sent")
        self.assertFalse(self._mails(first))

    def test_one_automatic_request_per_ticket_in_database(self):
        ticket = self._closed_ticket(paris(2026, 1, 14, 10))
        request = ticket.amarc_survey_request_ids
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            self.Request.create(
                {
                    "ticket_id": ticket.id,
                    "partner_id": self.customer.id,
                    "survey_id": self.survey.id,
                    "trigger": "auto",
                    "scheduled_date": request.scheduled_date,
                }
            )
            self.env.flush_all()
        # the scheduling itself never tries twice
        self.assertFalse(ticket._amarc_survey_schedule("auto"))

    def test_settings(self):
        settings = (
            self.env["res.config.settings"]
            .with_company(self.company)
            .create(
                {
                    "amarc_survey_delay": 3,
                    "amarc_survey_delay_unit": "working_days",
                    "amarc_survey_trigger": "manual",
                    "amarc_survey_cooldown_days": 60,
                }
            )
        )
        settings.execute()
        self.assertEqual(self.company.amarc_survey_delay, 3)
        self.assertEqual(self.company.amarc_survey_delay_unit, "working_days")
        self.assertEqual(self.company.amarc_survey_trigger, "manual")
        self.assertEqual(self.company.amarc_survey_cooldown_days, 60)
        arch = self.env["res.config.settings"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        for field in (
            "amarc_survey_delay",
            "amarc_survey_delay_unit",
            "amarc_survey_trigger",
            "amarc_survey_cooldown_days",
        ):
            self.assertIn(f'name="{field}"', arch)

    def test_withdrawn_complaint_gets_no_survey(self):
        """The customer closed his ticket from the portal: withdrawn, not
        answered, so no survey, automatic or sent by an agent."""
        with freeze_time(paris(2026, 1, 14, 10)):
            ticket = self._ticket(paris(2026, 1, 14, 10))
            ticket._amarc_withdraw(self.stage_done)
            ticket.flush_recordset()
        self.assertEqual(
            (ticket.stage_id, ticket.amarc_withdrawn_date, ticket.amarc_response_date),
            (self.stage_done, paris(2026, 1, 14, 10), False),
        )
        self.assertFalse(ticket.amarc_survey_request_ids)
        with self.assertRaises(UserError) as error:
            ticket.with_user(self.agent).action_amarc_send_survey()
        self.assertEqual(
            str(error.exception),
            f"Ticket {ticket.display_name} was closed without an answer (cancelled, "
            "withdrawn by the customer or a duplicate): a satisfaction survey "
            "follows an answer.",
        )
        # the same ticket closed by an agent gets its survey
        answered = self._closed_ticket(paris(2026, 1, 14, 10))
        self.assertEqual(answered.amarc_survey_request_ids.state, "scheduled")

    def test_only_answered_closings_get_a_survey(self):
        """Cancelled: no survey; answered after a reopening: one; answered,
        reopened and cancelled: the scheduled survey is cancelled; a rejection
        of the claim is an answer (AMARC 4.10)."""
        cancelled = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        rejected = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_rejected")
        with freeze_time(paris(2026, 1, 14, 10)):
            ticket = self._ticket(paris(2026, 1, 14, 10))
            ticket.with_user(self.agent).stage_id = cancelled
        self.assertFalse(ticket.amarc_survey_request_ids)
        with self.assertRaises(UserError):
            ticket.with_user(self.agent).action_amarc_send_survey()
        with freeze_time(paris(2026, 1, 15, 10)):
            ticket.with_user(self.agent).stage_id = self.stage_new
            ticket.with_user(self.agent).stage_id = self.stage_done
        self.assertEqual(ticket.amarc_survey_request_ids.mapped("state"), ["scheduled"])
        with freeze_time(paris(2026, 1, 15, 11)):
            ticket.with_user(self.agent).stage_id = self.stage_new
            ticket.with_user(self.agent).stage_id = cancelled
        self.assertEqual(ticket.amarc_survey_request_ids.mapped("state"), ["cancelled"])
        with freeze_time(paris(2026, 1, 14, 10)):
            other = self._ticket(paris(2026, 1, 14, 10))
            other.with_user(self.agent).stage_id = rejected
        self.assertEqual(other.amarc_survey_request_ids.mapped("state"), ["scheduled"])
