"""helpdesk_mgmt's /ticket/close closes any ticket by id for any logged-in
user. Ours: only the ticket's own customer (or an internal user allowed to
write it) closes it, and a customer's closing is a withdrawal, not an answer."""

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestPortalClose(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        # the company of helpdesk_mgmt's stages
        cls.company = cls.stage_done.company_id or cls.env.company

        def user(login, groups):
            return new_test_user(
                cls.env,
                login=login,
                email=f"{login}@example.com",
                groups=groups,
                company_id=cls.company.id,
                company_ids=[(6, 0, cls.company.ids)],
            )

        cls.customer = user("amarc_close_customer", "base.group_portal")
        cls.other_customer = user("amarc_close_other", "base.group_portal")
        cls.agent = user(
            "amarc_close_agent",
            "helpdesk_mgmt.group_helpdesk_user,amarc_referential.group_amarc_user",
        )
        cls.outsider = user("amarc_close_outsider", "base.group_user")
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Colis abîmé",
                "description": "<p>Le colis est arrivé abîmé.</p>",
                "company_id": cls.company.id,
                "partner_id": cls.customer.partner_id.id,
                "stage_id": cls.stage_new.id,
                "user_id": False,
            }
        )

    def _close(self, login, ticket=None, stage=None):
        self.authenticate(login, login)
        with mute_logger("odoo.http", "werkzeug"):
            return self.url_open(
                f"/ticket/close?ticket_id={(ticket or self.ticket).id}"
                f"&stage_id={(stage or self.stage_done).id}",
                allow_redirects=False,
            )

    def _state(self):
        self.ticket.invalidate_recordset()
        return (
            self.ticket.stage_id,
            self.ticket.amarc_response_date,
            bool(self.ticket.amarc_withdrawn_date),
        )

    def test_another_customer_cannot_close(self):
        response = self._close("amarc_close_other")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self._state(), (self.stage_new, False, False))
        # an internal user who may not write the ticket: refused the same way
        self.assertEqual(self._close("amarc_close_outsider").status_code, 404)
        self.assertEqual(self._state(), (self.stage_new, False, False))
        # a ticket that does not exist: the same answer
        missing = self.env["helpdesk.ticket"].search([], order="id desc", limit=1)
        response = self._close(
            "amarc_close_other", ticket=missing.browse(missing.id + 1000)
        )
        self.assertEqual(response.status_code, 404)

    def test_customer_closing_is_a_withdrawal(self):
        before = fields.Datetime.now().replace(microsecond=0)
        response = self._close("amarc_close_customer")
        after = fields.Datetime.now()
        self.assertEqual(response.status_code, 302)
        self.assertTrue(
            response.headers["Location"].endswith(f"/my/ticket/{self.ticket.id}")
        )
        self.assertEqual(self._state(), (self.stage_done, False, True))
        self.assertTrue(before <= self.ticket.amarc_withdrawn_date <= after)
        self.assertFalse(self.ticket.amarc_response_late)
        # not answered, and not in the backlog either
        indicator = self.env["amarc.helpdesk.indicator"].search(
            [("ticket_id", "=", self.ticket.id)]
        )
        self.assertEqual(
            (
                indicator.answered_count,
                indicator.backlog_count,
                indicator.withdrawn_count,
            ),
            (0, 0, 1),
        )
        # reopened by an agent: the complaint is active again
        self.ticket.with_user(self.agent).write({"stage_id": self.stage_new.id})
        self.assertEqual(self._state(), (self.stage_new, False, False))

    def test_agent_closing_is_an_answer(self):
        response = self._close("amarc_close_agent")
        self.assertEqual(response.status_code, 302)
        stage, answered, withdrawn = self._state()
        self.assertEqual((stage, withdrawn), (self.stage_done, False))
        self.assertEqual(answered, self.ticket.closed_date)

    def test_stage_not_offered_on_the_portal(self):
        rejected = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_rejected")
        response = self._close("amarc_close_customer", stage=rejected)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self._state(), (self.stage_new, False, False))
        # the customer's own page still shows: he is sent back to it
        self.assertEqual(self.url_open(f"/my/ticket/{self.ticket.id}").status_code, 200)
