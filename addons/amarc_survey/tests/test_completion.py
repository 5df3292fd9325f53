from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import AmarcSurveyCommon, paris

#: the note the answer leaves on the ticket
NOTE = "<span>Satisfaction survey answered: {}.</span>"


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

    def _notes(self, ticket):
        return [
            str(m.body)
            for m in ticket.message_ids.sorted("id")
            if "Satisfaction survey answered" in str(m.body)
        ]

    def test_satisfied_answer(self):
        self.assertEqual(self.request.state, "sent")
        self._answer(self.request, 5, when=paris(2026, 1, 17, 9))
        self.assertEqual(
            (
                self.request.state,
                self.request.score,
                self.request.satisfied,
                self.request.answer_date,
                self.request.resatisfaction_state,
            ),
            ("answered", 5, True, paris(2026, 1, 17, 9), False),
        )
        self.assertEqual(
            (
                self.ticket.amarc_dissatisfied,
                self.ticket.amarc_survey_state,
                self.ticket.amarc_survey_score,
            ),
            (False, "answered", 5),
        )
        self.assertFalse(self.request.activity_ids)
        # the answer lands on the ticket
        self.assertEqual(
            self._notes(self.ticket),
            [NOTE.format("5 - Very satisfied (satisfied)")],
        )

    def test_score_4_is_satisfied_3_is_not(self):
        self._answer(self.request, 4)
        self.assertEqual((self.request.score, self.request.satisfied), (4, True))
        other = self._closed_ticket(paris(2026, 1, 14, 10))
        self._cron(paris(2026, 1, 16, 10))
        self._answer(other.amarc_survey_request_ids, 3)
        self.assertEqual(
            (
                other.amarc_survey_request_ids.score,
                other.amarc_survey_request_ids.satisfied,
                other.amarc_survey_request_ids.resatisfaction_state,
            ),
            (3, False, "pending"),
        )

    def test_dissatisfied_follow_up(self):
        reason = self.q_reason.suggested_answer_ids[:1]
        self._answer(
            self.request,
            2,
            reason=reason,
            comment="Too slow",
            when=paris(2026, 1, 17, 9),
        )
        request = self.request
        self.assertEqual(
            (request.state, request.score, request.satisfied),
            ("answered", 2, False),
        )
        self.assertEqual(request.resatisfaction_state, "pending")
        self.assertTrue(self.ticket.amarc_dissatisfied)
        self.assertEqual(self.ticket.amarc_resatisfaction_state, "pending")
        self.assertEqual(
            self._notes(self.ticket),
            [NOTE.format("2 - Dissatisfied (dissatisfied)")],
        )
        activity = request.activity_ids.filtered(
            lambda a: a.activity_type_id == self.activity_type
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(
            (activity.user_id, activity.summary),
            (
                self.helpdesk_manager,  # the team leader
                (
                    "Dissatisfied customer Camille Client (score 2/5): bring them "
                    "back to satisfaction"
                ),
            ),
        )
        # what the customer said, on the follow-up's form (read by the team
        # leader, who may not open the answer itself)
        as_leader = request.with_user(self.helpdesk_manager)
        self.assertEqual(
            (
                as_leader.score_display,
                as_leader.customer_reason,
                as_leader.customer_comment,
            ),
            ("2/5", "The time it took to answer", "Too slow"),
        )
        # no note yet: the outcome asks for it in a dialog, records nothing
        action = as_leader.action_resatisfied()
        self.assertEqual(
            (
                action["res_model"],
                action["target"],
                action["name"],
                action["context"],
            ),
            (
                "amarc.resatisfaction.close",
                "new",
                "Customer re-satisfied",
                {"default_request_id": request.id, "default_outcome": "resatisfied"},
            ),
        )
        self.assertEqual(request.resatisfaction_state, "pending")
        dialog = Form(
            self.env[action["res_model"]]
            .with_user(self.helpdesk_manager)
            .with_context(**action["context"])
        )
        self.assertEqual(
            (dialog.score_display, dialog.customer_reason),
            ("2/5", "The time it took to answer"),
        )
        with self.assertRaisesRegex(AssertionError, "note"):
            dialog.save()
        dialog.note = "Called the customer, gave a voucher; the customer is happy."
        with freeze_time(paris(2026, 1, 19, 15)):
            dialog.save().action_confirm()
        self.assertEqual(
            request.resatisfaction_note,
            "Called the customer, gave a voucher; the customer is happy.",
        )
        self.assertEqual(
            (
                request.resatisfaction_state,
                request.resatisfaction_user_id,
                request.resatisfaction_date,
            ),
            ("resatisfied", self.helpdesk_manager, paris(2026, 1, 19, 15)),
        )
        self.assertFalse(request.activity_ids, "the follow-up activity is done")
        self.assertEqual(self.ticket.amarc_resatisfaction_state, "resatisfied")
        with self.assertRaises(UserError) as error:
            request.action_not_resatisfied()
        self.assertEqual(
            str(error.exception),
            f"{request.display_name} has no re-satisfaction follow-up to close.",
        )

    def test_outcome_without_note_refused_by_rpc(self):
        """The dialog is the way in; a call that skips it (several follow-ups
        at once) still cannot record an outcome without its note."""
        self._answer(self.request, 1)
        other = self._closed_ticket(paris(2026, 1, 14, 10))
        self._cron(paris(2026, 1, 16, 10))
        self._answer(other.amarc_survey_request_ids, 2)
        requests = self.request | other.amarc_survey_request_ids
        with self.assertRaisesRegex(UserError, "in the follow-up note before"):
            requests.with_user(self.helpdesk_manager).action_not_resatisfied()
        self.assertEqual(requests.mapped("resatisfaction_state"), ["pending"] * 2)
        self.assertEqual(
            (self.request.score_display, self.request.customer_reason),
            ("1/5", False),
        )

    def test_follow_up_by_quality_manager_without_team_leader(self):
        self.team.user_id = False
        self.company.amarc_quality_manager_id = self.auditor
        self._answer(self.request, 1)
        self.assertEqual(self.request.activity_ids.user_id, self.auditor)

    def test_answer_registered_once(self):
        user_input = self._answer(self.request, 2, when=paris(2026, 1, 17, 9))
        with freeze_time(paris(2026, 1, 18, 9)):
            user_input._mark_done()
        self.assertEqual(len(self.request.activity_ids), 1)
        self.assertEqual(self.request.answer_date, paris(2026, 1, 17, 9))
        self.assertEqual(len(self._notes(self.ticket)), 1)

    def test_other_surveys_untouched(self):
        other = self.env["survey.survey"].create({"title": "Unrelated"})
        answer = other._create_answer(partner=self.customer)
        answer._mark_done()
        self.assertEqual(answer.state, "done")
        self.assertEqual(self.request.state, "sent")
        self.assertFalse(self._notes(self.ticket))
