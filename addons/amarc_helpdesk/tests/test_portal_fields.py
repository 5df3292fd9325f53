"""Internal fields stay internal: a portal customer reads his ticket through
the portal, but none of the AMARC figures of it over RPC; an agent does."""

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestPortalFields(HttpCase):
    def test_portal_customer_reads_no_amarc_field(self):
        customer = new_test_user(
            self.env,
            login="amarc_portal_reader",
            email="portal.reader@example.com",
            groups="base.group_portal",
        )
        new_test_user(
            self.env,
            login="amarc_rpc_agent",
            groups="helpdesk_mgmt.group_helpdesk_manager,"
            "amarc_referential.group_amarc_user",
        )
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Colis abîmé",
                "description": "<p>Le colis est arrivé abîmé.</p>",
                "partner_id": customer.partner_id.id,
                "amarc_severity": "critical",
                "amarc_resolution": "compensation",
                "amarc_compensation_amount": 40,
            }
        )

        def read(fields):
            return self.make_jsonrpc_request(
                "/web/dataset/call_kw/helpdesk.ticket/read",
                {
                    "model": "helpdesk.ticket",
                    "method": "read",
                    "args": [ticket.ids, fields],
                    "kwargs": {},
                },
            )

        self.authenticate("amarc_portal_reader", "amarc_portal_reader")
        # his own ticket: the portal page and its plain fields
        self.assertEqual(self.url_open(f"/my/ticket/{ticket.id}").status_code, 200)
        self.assertEqual(read(["name"]), [{"id": ticket.id, "name": "Colis abîmé"}])
        for field in (
            "amarc_severity",
            "amarc_compensation_amount",
            "amarc_ack_late",
            "amarc_response_deadline",
        ):
            with (
                self.subTest(field=field),
                mute_logger("odoo.http"),
                self.assertRaises(JsonRpcException) as caught,
            ):
                read([field])
            self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")
        # an agent reads them
        self.authenticate("amarc_rpc_agent", "amarc_rpc_agent")
        self.assertEqual(
            read(["amarc_severity", "amarc_compensation_amount"]),
            [
                {
                    "id": ticket.id,
                    "amarc_severity": "critical",
                    "amarc_compensation_amount": 40.0,
                }
            ],
        )
