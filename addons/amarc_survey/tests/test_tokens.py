"""Tokens stay with their owner: a survey answer counts for the request it was
sent for, and for no other; a survey officer cannot re-link it; the customer
answers once (no "retry"); an agent never reads the customer's personal
token."""

from urllib.parse import urlsplit

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import AmarcSurveyCommon, paris

#: what the mixin says to a plain write of a link of the answer
REFUSED = (
    "{} of Survey User Input cannot be written directly: they are recorded by "
    "their action, with the actual time and the role check of that action. A "
    "quality manager can correct a recorded value with the logged correction."
)


@tagged("post_install", "-at_install")
class TestTokens(AmarcSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.UserInput = cls.env["survey.user_input"]
        # manages the surveys and works in the helpdesk team
        cls.officer = cls._user(
            "amarc_sv_officer",
            "survey.group_survey_user,helpdesk_mgmt.group_helpdesk_user",
        )
        cls.survey_manager = cls._user(
            "amarc_sv_survey_manager", "survey.group_survey_manager"
        )
        cls.team.user_ids |= cls.officer
        cls.ticket = cls._closed_ticket(paris(2026, 1, 14, 10))
        cls.request = cls.ticket.amarc_survey_request_ids
        other = cls.env["res.partner"].create(
            {"name": "Dominique Autre", "email": "dominique@example.com"}
        )
        cls.other_ticket = cls._closed_ticket(
            paris(2026, 1, 14, 10), partner_id=other.id
        )
        cls.other_request = cls.other_ticket.amarc_survey_request_ids
        # the helpdesk manager sends both now: the product's dispatch
        with freeze_time(paris(2026, 1, 14, 11)):
            (cls.request | cls.other_request).with_user(
                cls.helpdesk_manager
            ).action_send_now()

    def _inputs(self, request):
        return self.UserInput.search([("amarc_request_id", "=", request.id)])

    def test_dispatch_links_the_answer(self):
        # the agent the rule is about is no survey user
        self.assertFalse(self.agent.has_group("survey.group_survey_user"))
        for request, ticket, partner in (
            (self.request, self.ticket, self.customer),
            (self.other_request, self.other_ticket, self.other_ticket.partner_id),
        ):
            user_input = self._inputs(request)
            self.assertEqual(len(user_input), 1)
            self.assertEqual(
                (
                    request.state,
                    request.sent_date,
                    request.user_input_id,
                    user_input.amarc_ticket_id,
                    user_input.partner_id,
                    user_input.deadline,
                ),
                (
                    "sent",
                    paris(2026, 1, 14, 11),
                    user_input,
                    ticket,
                    partner,
                    paris(2026, 2, 13, 11),
                ),
            )

    def test_officer_cannot_relink_an_answer(self):
        user_input = self.request.user_input_id
        mine = user_input.with_user(self.officer)
        # the officer reads the answers of the surveys (the control)
        self.assertEqual(
            (mine.amarc_request_id, mine.amarc_ticket_id),
            (self.request, self.ticket),
        )
        request_label = '"AMARC satisfaction request"'
        for vals, label in (
            ({"amarc_request_id": self.other_request.id}, request_label),
            ({"amarc_ticket_id": self.other_ticket.id}, '"Ticket"'),
            ({"amarc_request_id": False}, request_label),
        ):
            with self.subTest(vals=vals):
                with self.assertRaises(AccessError) as error:
                    mine.write(vals)
                self.assertEqual(str(error.exception), REFUSED.format(label))
        # nor a new answer that would count for the request
        with self.assertRaises(AccessError) as error:
            self.UserInput.with_user(self.officer).create(
                {
                    "survey_id": self.survey.id,
                    "partner_id": self.customer.id,
                    "amarc_request_id": self.request.id,
                    "amarc_ticket_id": self.ticket.id,
                }
            )
        self.assertEqual(
            str(error.exception),
            REFUSED.format('"AMARC satisfaction request", "Ticket"'),
        )
        # a copy is an answer of nobody's request
        copy = mine.copy()
        self.assertEqual(
            (copy.amarc_request_id, copy.amarc_ticket_id, copy.state),
            (self.Request, self.Ticket, "new"),
        )
        # what is the officer's stays writable (the control)
        mine.write({"nickname": "Camille"})
        user_input.invalidate_recordset()
        self.assertEqual(
            (user_input.nickname, user_input.amarc_request_id),
            ("Camille", self.request),
        )
        self.assertEqual(self._inputs(self.request), user_input)
        self.assertEqual(
            self._inputs(self.other_request), self.other_request.user_input_id
        )

    def test_answer_counts_for_its_own_request_only(self):
        own = self.request.user_input_id
        # an answer pointing at a request whose answer is another one (only
        # the superuser can make it) is no answer of that request
        stray = self.UserInput.create(
            {
                "survey_id": self.survey.id,
                "partner_id": self.customer.id,
                "amarc_request_id": self.request.id,
                "amarc_ticket_id": self.ticket.id,
            }
        )
        self._answer(self.request, 1, user_input=stray, when=paris(2026, 1, 15, 9))
        self.assertEqual(stray.state, "done")
        self.assertEqual(
            (
                self.request.state,
                self.request.score,
                self.request.answer_date,
                self.request.user_input_id,
                self.request.resatisfaction_state,
            ),
            ("sent", 0, False, own, False),
        )
        self.assertFalse(self.ticket.amarc_dissatisfied)
        # the request's own answer counts, for it alone
        self._answer(self.request, 5, when=paris(2026, 1, 15, 10))
        self.assertEqual(
            (self.request.state, self.request.score, self.request.answer_date),
            ("answered", 5, paris(2026, 1, 15, 10)),
        )
        self.assertEqual(
            (
                self.other_request.state,
                self.other_request.score,
                self.other_request.answer_date,
            ),
            ("sent", 0, False),
        )

    def test_agent_cannot_read_the_token(self):
        self._answer(self.request, 4, when=paris(2026, 1, 15, 9))
        mine = self.request.with_user(self.agent)
        # the agent reads the result on the request (the control)...
        self.assertEqual(
            mine.read(["state", "score", "satisfied"])[0],
            {"id": self.request.id, "state": "answered", "score": 4, "satisfied": True},
        )
        # ... never the answer, which holds the customer's personal token
        with self.assertRaises(AccessError):
            mine.user_input_id.read(["access_token"])
        with self.assertRaises(AccessError):
            mine.action_open_answer()
        arch = mine.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="score_display"', arch)
        self.assertEqual(mine.score_display, "4/5")
        self.assertNotIn("action_open_answer", arch)
        # the survey officer opens the answer from the request; the survey
        # manager reads its token (the controls)
        officer = self.request.with_user(self.officer)
        arch = officer.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="action_open_answer"', arch)
        self.assertEqual(
            officer.action_open_answer(),
            {
                "type": "ir.actions.act_window",
                "res_model": "survey.user_input",
                "res_id": self.request.user_input_id.id,
                "view_mode": "form",
            },
        )
        token = self.request.user_input_id.access_token
        self.assertEqual(len(token), 36)
        self.assertEqual(
            self.request.user_input_id.with_user(self.survey_manager).read(
                ["access_token"]
            )[0]["access_token"],
            token,
        )
        # the invitation carries the token; the request's chatter logs it
        # without its body, so the agent does not read the token there either
        mail = self._mails(self.request)
        self.assertIn(token, mail.body_html)
        self.assertIn(mail.mail_message_id, mine.message_ids)
        self.assertEqual(
            [body for body in mine.message_ids.mapped("body") if token in (body or "")],
            [],
        )


#: the whole class runs on Wednesday 14 January 2026, 10:00 in Paris
NOW = paris(2026, 1, 14, 10)


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestOneAnswer(HttpCase):
    """The customer answers the satisfaction survey through the survey pages
    with the personal token, once: "retry" shows that answer and creates no
    other. The clock (server included) is frozen on 14 January 2026."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("amarc_survey.survey_amarc_satisfaction")
        cls.q_score = cls.env.ref("amarc_survey.survey_amarc_satisfaction_q_score")
        cls.scores = {
            answer.amarc_score: answer for answer in cls.q_score.suggested_answer_ids
        }
        cls.env.company.write(
            {
                "amarc_survey_delay": 0,
                "amarc_survey_delay_unit": "hours",
                "amarc_survey_trigger": "auto",
                "amarc_survey_cooldown_days": 0,
                "amarc_survey_expiry_days": 30,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Once Customer", "email": "once@example.com"}
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Late parcel",
                "description": "<p>Late parcel</p>",
                "partner_id": cls.customer.id,
                "company_id": cls.env.company.id,
            }
        )
        cls.ticket.stage_id = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.env["amarc.satisfaction.request"]._cron_amarc_send_surveys()
        cls.request = cls.ticket.amarc_survey_request_ids
        cls.user_input = cls.request.user_input_id
        assert cls.request.state == "sent"
        assert cls.user_input.state == "new"

    def _count(self, survey):
        return self.env["survey.user_input"].search_count(
            [("survey_id", "=", survey.id), ("partner_id", "=", self.customer.id)]
        )

    def _json(self, route, user_input, params):
        response = self.url_open(
            f"/survey/{route}/{user_input.survey_id.access_token}/"
            f"{user_input.access_token}",
            json={"params": params},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()["result"]

    def _submit(self, score):
        """The customer's browser: the one page submitted with ``score``."""
        return self._json(
            "submit",
            self.user_input,
            {str(self.q_score.id): str(self.scores[score].id)},
        )

    def _retry(self, user_input):
        """GET /survey/retry with the token of ``user_input``: where it sends
        the customer, and the page found there."""
        response = self.url_open(
            f"/survey/retry/{user_input.survey_id.access_token}/"
            f"{user_input.access_token}",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        location = urlsplit(response.headers["Location"])
        location = f"{location.path}?{location.query}"
        page = self.url_open(location)
        self.assertEqual(page.status_code, 200)
        return location, page

    def test_customer_answers_once(self):
        self.assertEqual(self._count(self.survey), 1)
        self.assertEqual(self._json("begin", self.user_input, {})[0], {})
        result = self._submit(5)
        self.assertNotIn("error", result[1])
        self.env.invalidate_all()
        self.assertEqual(self.user_input.state, "done")
        self.assertEqual(
            (
                self.request.state,
                self.request.score,
                self.request.satisfied,
                self.request.answer_date,
            ),
            ("answered", 5, True, NOW),
        )
        # "retry": back to the answer given, no new answer
        location, page = self._retry(self.user_input)
        self.assertEqual(
            location,
            f"/survey/start/{self.survey.access_token}"
            f"?answer_token={self.user_input.access_token}",
        )
        self.assertTrue(
            page.url.endswith(
                f"/survey/{self.survey.access_token}/{self.user_input.access_token}"
            ),
            page.url,
        )
        self.assertIn("Thank you for your answer.", page.text)
        self.assertNotIn("/survey/retry/", page.text)
        # nor a second submission through the same token
        self.assertEqual(self._submit(1), [{}, {"error": "unauthorized"}])
        self.env.invalidate_all()
        self.assertEqual(self._count(self.survey), 1)
        self.assertEqual(
            (
                self.request.state,
                self.request.score,
                self.request.satisfied,
                self.request.answer_date,
                self.request.user_input_id,
            ),
            ("answered", 5, True, NOW, self.user_input),
        )

    def test_other_surveys_retry(self):
        """The control: a plain survey with attempts left retries as in Odoo."""
        plain = self.env["survey.survey"].create(
            {
                "title": "Plain survey",
                "access_mode": "token",
                "is_attempts_limited": True,
                "attempts_limit": 2,
                "question_and_page_ids": [
                    Command.create(
                        {"title": "Plain question", "question_type": "text_box"}
                    )
                ],
            }
        )
        first = plain._create_answer(partner=self.customer)
        first._mark_done()
        self.assertEqual(self._count(plain), 1)
        done_page = self.url_open(
            f"/survey/{plain.access_token}/{first.access_token}"
        ).text
        self.assertIn(
            f"/survey/retry/{plain.access_token}/{first.access_token}", done_page
        )
        location, page = self._retry(first)
        self.env.invalidate_all()
        self.assertEqual(self._count(plain), 2)
        second = self.env["survey.user_input"].search(
            [("survey_id", "=", plain.id), ("id", "!=", first.id)]
        )
        self.assertEqual(
            (second.partner_id, second.state, second.invite_token),
            (self.customer, "new", first.invite_token),
        )
        self.assertEqual(
            location,
            f"/survey/start/{plain.access_token}?answer_token={second.access_token}",
        )
        self.assertTrue(
            page.url.endswith(f"/survey/{plain.access_token}/{second.access_token}"),
            page.url,
        )
        # the satisfaction survey is untouched by it
        self.assertEqual(self._count(self.survey), 1)
