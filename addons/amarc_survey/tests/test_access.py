import json

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.amarc_helpdesk.tests.common import AGENT_OWN
from odoo.addons.amarc_referential.tests.common import MANAGER

from .common import TODAY, AmarcSurveyCommon, paris


@tagged("post_install", "-at_install")
class TestAccessRights(AmarcSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._closed_ticket(paris(2026, 1, 14, 10))
        cls.request = cls.ticket.amarc_survey_request_ids
        cls.ticket_b = cls._closed_ticket(paris(2026, 1, 14, 10), company=cls.company_b)
        cls.request_b = cls.ticket_b.amarc_survey_request_ids
        cls.other_team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Other team", "company_id": cls.company.id}
        )
        cls.outsider = cls._user("amarc_sv_outsider", AGENT_OWN)
        cls.other_team.user_ids = cls.outsider
        cls.manager = cls._user("amarc_sv_quality", MANAGER)

    def test_agents_see_their_teams_requests(self):
        Request = self.Request.with_user(self.agent)
        self.assertEqual(Request.search([]), self.request)
        self.assertEqual(self.request.with_user(self.agent).state, "scheduled")
        self.assertFalse(self.Request.with_user(self.outsider).search([]))
        with self.assertRaises(AccessError):
            self.request.with_user(self.outsider).read(["state"])
        with self.assertRaises(AccessError):
            self.request.with_user(self.stranger).read(["state"])

    def test_ticket_form_of_another_team(self):
        """The surveys follow the helpdesk's rules on their tickets: a helpdesk
        user who sees every ticket (OCA "User" level) reads the survey of
        another team's ticket as he reads the ticket; an agent of "own
        tickets" of another team reads neither."""
        supervisor = self._user(
            "amarc_sv_all_tickets", "helpdesk_mgmt.group_helpdesk_user"
        )
        self.other_team.user_ids |= supervisor
        spec = {
            "amarc_survey_state": {},
            "amarc_survey_request_count": {},
            "amarc_dissatisfied": {},
            "amarc_survey_last_request_id": {"fields": {"display_name": {}}},
        }
        for user in (supervisor, self.agent):
            with self.subTest(user=user.login):
                [values] = self.ticket.with_user(user).web_read(spec)
                self.assertEqual(
                    (
                        values["amarc_survey_state"],
                        values["amarc_survey_request_count"],
                        values["amarc_dissatisfied"],
                        values["amarc_survey_last_request_id"]["id"],
                    ),
                    ("scheduled", 1, False, self.request.id),
                )
                self.assertEqual(
                    self.request.with_user(user).read(["state"])[0]["state"],
                    "scheduled",
                )
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.outsider).web_read(spec)
        with self.assertRaises(AccessError):
            self.request.with_user(self.outsider).read(["state"])

    def test_quality_manager_sees_all_of_company(self):
        self.assertEqual(self.Request.with_user(self.manager).search([]), self.request)
        self.assertEqual(self.request.with_user(self.auditor).state, "scheduled")

    def test_agent_cannot_create_or_delete(self):
        values = {
            "ticket_id": self.ticket.id,
            "survey_id": self.survey.id,
            "scheduled_date": paris(2026, 1, 20, 10),
        }
        with self.assertRaises(AccessError):
            self.Request.with_user(self.agent).create(values)
        # the helpdesk manager creates a (manual) request
        created = self.Request.with_user(self.helpdesk_manager).create(values)
        self.assertEqual(
            (created.ticket_id, created.trigger, created.state, created.company_id),
            (self.ticket, "manual", "scheduled", self.company),
        )
        self.assertEqual(
            self.Request.with_user(self.agent).search([]), self.request | created
        )
        # deleting: refused to the agent, allowed to the quality manager (once
        # the request's retention is over)
        self._cron(paris(2026, 1, 16, 10))
        self.assertEqual(self.request.state, "sent")
        with freeze_time(paris(2027, 1, 17, 9)):
            with self.assertRaises(AccessError):
                self.request.with_user(self.agent).unlink()
            self.assertTrue(self.request.exists())
            self.request.with_user(self.manager).unlink()
        self.assertFalse(self.request.exists())

    def test_requests_are_kept_one_year(self):
        self._cron(paris(2026, 1, 16, 10))
        self.assertEqual(self.request.sent_date, paris(2026, 1, 16, 10))
        message = (
            f"{self.request.display_name} must be kept until 2027-01-16 (retention "
            "period of chapter V of the referential): archive it instead of "
            "deleting it."
        )
        for when in (TODAY, paris(2027, 1, 16, 23)):
            with freeze_time(when), self.assertRaises(UserError) as error:
                self.request.unlink()
            self.assertEqual(str(error.exception), message)
        self.request.action_archive()
        self.assertFalse(self.request.active)
        with freeze_time(paris(2027, 1, 17, 9)):
            self.request.unlink()
        self.assertFalse(self.request.exists())

    def test_multi_company_isolation(self):
        self.assertEqual(
            self.Request.with_user(self.agent_b).search([]), self.request_b
        )
        with self.assertRaises(AccessError):
            self.request.with_user(self.agent_b).read(["state"])
        with self.assertRaises(AccessError):
            self.request_b.with_user(self.manager).read(["state"])
        self._cron(paris(2026, 1, 17, 10))
        self.assertEqual((self.request | self.request_b).mapped("state"), ["sent"] * 2)
        Report = self.env["amarc.satisfaction.report"]
        self.assertEqual(
            Report.with_user(self.agent_b).search([]).ticket_id, self.ticket_b
        )
        self.assertEqual(
            Report.with_user(self.manager).search([]).ticket_id, self.ticket
        )
        with self.assertRaises(AccessError):
            Report.with_user(self.stranger).search([])


@tagged("post_install", "-at_install")
@freeze_time(paris(2026, 1, 14, 10))
class TestTokenAccess(HttpCase):
    """The customer reaches only their own survey, by its token; nothing of the
    ticket is shown on the survey pages (the mail is the only place). The
    clock (server included) is frozen on 14 January 2026."""

    DESCRIPTION = "Please tell us how satisfied you are with the answer"
    ACCESS_ERROR = "Survey Access Error"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("amarc_survey.survey_amarc_satisfaction")
        company = cls.env.company
        company.write(
            {
                "amarc_survey_delay": 0,
                "amarc_survey_delay_unit": "hours",
                "amarc_survey_trigger": "auto",
                "amarc_survey_cooldown_days": 0,
                "amarc_survey_expiry_days": 30,
            }
        )
        stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.tickets = cls.env["helpdesk.ticket"]
        for name in ("Alice Secret-Complaint", "Bob Other-Complaint"):
            partner = cls.env["res.partner"].create(
                {"name": name, "email": f"{name.split()[0].lower()}@example.com"}
            )
            cls.tickets |= cls.env["helpdesk.ticket"].create(
                {
                    "name": f"Confidential matter of {name}",
                    "description": "<p>Private details XYZZY</p>",
                    "partner_id": partner.id,
                    "company_id": company.id,
                }
            )
        cls.tickets.stage_id = stage_done
        cls.env["amarc.satisfaction.request"]._cron_amarc_send_surveys()
        cls.requests = cls.tickets.amarc_survey_request_ids
        assert cls.requests.mapped("state") == ["sent", "sent"]
        assert set(cls.requests.user_input_id.mapped("deadline")) == {
            paris(2026, 2, 13, 10)
        }

    def _get(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return response

    def _assert_nothing_of_the_tickets(self, page):
        for ticket in self.tickets:
            self.assertNotIn(ticket.name, page)
            self.assertNotIn(ticket.number, page)
        self.assertNotIn("XYZZY", page)

    def test_own_token_opens_own_survey(self):
        for request in self.requests:
            page = self._get(request.user_input_id.get_start_url()).text
            self.assertIn(self.survey.title, page)
            self.assertIn(self.DESCRIPTION, page)
            self.assertNotIn(self.ACCESS_ERROR, page)
            self._assert_nothing_of_the_tickets(page)

    def test_wrong_or_missing_token_refused(self):
        start = self.survey.get_start_url()
        own = self._get(self.requests[0].user_input_id.get_start_url()).text
        self.assertIn(self.DESCRIPTION, own, "the control: the right token opens")
        for url in (
            f"{start}?answer_token=not-a-token",
            f"{start}?answer_token=00000000-0000-0000-0000-000000000000",
        ):
            page = self._get(url).text
            self.assertIn(self.ACCESS_ERROR, page, url)
            self.assertNotIn(self.DESCRIPTION, page, url)
            self._assert_nothing_of_the_tickets(page)
        # without a token: sent away (home page, here the login page)
        response = self._get(start)
        self.assertEqual(
            response.url, f"{self.base_url()}/web/login?redirect=%2Fodoo%3F"
        )
        self.assertNotIn(self.DESCRIPTION, response.text)
        # a token of another survey does not open this one
        other = self.env["survey.survey"].create(
            {"title": "Other survey", "access_mode": "token"}
        )
        self.env["survey.question"].create(
            {"survey_id": other.id, "title": "Other Q", "question_type": "text_box"}
        )
        token = self.requests[0].user_input_id.access_token
        page = self._get(f"{other.get_start_url()}?answer_token={token}").text
        self.assertIn(self.ACCESS_ERROR, page)
        self.assertNotIn(self.DESCRIPTION, page)
        # one customer's token never gives the other customer's answer
        first, second = self.requests
        page = self._get(
            f"/survey/{self.survey.access_token}/{first.user_input_id.access_token}"
        ).text
        self.assertIn(self.DESCRIPTION, page)
        self.assertNotIn(second.user_input_id.access_token, page)
        self.assertNotIn(second.partner_id.name, page)
        self._assert_nothing_of_the_tickets(page)

    def test_expired_token_refused(self):
        url = self.requests[0].user_input_id.get_start_url()
        with freeze_time(paris(2026, 2, 13, 9)):
            self.assertIn(self.DESCRIPTION, self._get(url).text)
        with freeze_time(paris(2026, 2, 13, 11)):
            page = self._get(url).text
        self.assertNotIn(self.DESCRIPTION, page)
        self.assertIn("This survey is now closed.", page)

    def _search_read(self):
        response = self.url_open(
            "/web/dataset/call_kw/amarc.satisfaction.request/search_read",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": "amarc.satisfaction.request",
                        "method": "search_read",
                        "args": [[("id", "in", self.requests.ids)], ["ticket_id"]],
                        "kwargs": {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_no_public_read_of_requests(self):
        refused = self._search_read()
        self.assertEqual(
            refused["error"]["data"]["name"], "odoo.http.SessionExpiredException"
        )
        self.assertNotIn("result", refused)
        # the control: the administrator reads both requests
        self.authenticate("admin", "admin")
        result = self._search_read()["result"]
        self.assertEqual(
            sorted(row["ticket_id"][1] for row in result),
            sorted(ticket.display_name for ticket in self.tickets),
        )
