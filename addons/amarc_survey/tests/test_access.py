from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AmarcSurveyCommon, paris


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
        cls.outsider = new_test_user(
            cls.env,
            login="amarc_sv_outsider",
            groups="helpdesk_mgmt.group_helpdesk_user_own,"
            "amarc_referential.group_amarc_user",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.other_team.user_ids = cls.outsider
        cls.manager = new_test_user(
            cls.env,
            login="amarc_sv_quality",
            groups="base.group_user,amarc_referential.group_amarc_manager",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def test_agents_see_their_teams_requests(self):
        Request = self.Request.with_user(self.agent)
        self.assertEqual(Request.search([]), self.request)
        self.assertFalse(self.Request.with_user(self.outsider).search([]))
        with self.assertRaises(AccessError):
            self.request.with_user(self.outsider).read(["state"])
        with self.assertRaises(AccessError):
            self.request.with_user(self.stranger).read(["state"])

    def test_ticket_form_of_another_team(self):
        """A helpdesk user who sees every ticket (OCA "User" level) opens the
        ticket of another team: its survey state shows, the survey itself
        stays out of reach."""
        supervisor = new_test_user(
            self.env,
            login="amarc_sv_all_tickets",
            groups="helpdesk_mgmt.group_helpdesk_user",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        self.other_team.user_ids |= supervisor
        [values] = self.ticket.with_user(supervisor).web_read(
            {
                "amarc_survey_state": {},
                "amarc_survey_request_count": {},
                "amarc_dissatisfied": {},
                "amarc_survey_last_request_id": {"fields": {"display_name": {}}},
            }
        )
        self.assertEqual(values["amarc_survey_state"], "scheduled")
        with self.assertRaises(AccessError):
            self.request.with_user(supervisor).read(["state"])

    def test_quality_manager_sees_all_of_company(self):
        self.assertEqual(
            self.Request.with_user(self.manager).search([]),
            self.request,
        )
        self.assertEqual(self.request.with_user(self.auditor).state, "scheduled")

    def test_agent_cannot_create_or_delete(self):
        with self.assertRaises(AccessError):
            self.Request.with_user(self.agent).create(
                {
                    "ticket_id": self.ticket.id,
                    "survey_id": self.survey.id,
                    "scheduled_date": "2026-01-20 10:00:00",
                }
            )
        with self.assertRaises(AccessError):
            self.request.with_user(self.agent).unlink()

    def test_requests_are_kept_one_year(self):
        with self.assertRaisesRegex(UserError, "must be kept until"):
            self.request.unlink()
        self.request.action_archive()
        self.assertFalse(self.request.active)

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


@tagged("post_install", "-at_install")
class TestTokenAccess(HttpCase):
    """The customer reaches only their own survey, by its token; nothing of the
    ticket is shown on the survey pages (the mail is the only place)."""

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
        assert set(cls.requests.mapped("state")) == {"sent"}

    def _get(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_own_token_opens_own_survey(self):
        request = self.requests[0]
        page = self._get(request.user_input_id.get_start_url())
        self.assertIn(self.survey.title, page)
        for ticket in self.tickets:
            self.assertNotIn(ticket.name, page)
            self.assertNotIn(ticket.number, page)
            self.assertNotIn("XYZZY", page)

    def test_wrong_or_missing_token_refused(self):
        start = self.survey.get_start_url()
        question = "How satisfied are you"
        for url in (
            start,
            f"{start}?answer_token=not-a-token",
            f"{start}?answer_token=00000000-0000-0000-0000-000000000000",
        ):
            page = self._get(url)
            self.assertNotIn(question, page, url)
            for ticket in self.tickets:
                self.assertNotIn(ticket.name, page)
        # a token of another survey does not open this one
        other = self.env["survey.survey"].create(
            {"title": "Other survey", "access_mode": "token"}
        )
        self.env["survey.question"].create(
            {"survey_id": other.id, "title": "Other Q", "question_type": "text_box"}
        )
        token = self.requests[0].user_input_id.access_token
        page = self._get(f"{other.get_start_url()}?answer_token={token}")
        self.assertNotIn("Other Q", page)
        # one customer's token never gives the other customer's answer
        first, second = self.requests
        page = self._get(
            f"/survey/{self.survey.access_token}/{first.user_input_id.access_token}"
        )
        self.assertNotIn(second.partner_id.name, page)

    def test_no_public_read_of_requests(self):
        response = self.url_open(
            "/web/dataset/call_kw/amarc.satisfaction.request/search_read",
            data='{"jsonrpc": "2.0", "method": "call", "params": {"model": '
            '"amarc.satisfaction.request", "method": "search_read", "args": [], '
            '"kwargs": {}}}',
            headers={"Content-Type": "application/json"},
        )
        self.assertNotIn("Confidential", response.text)
