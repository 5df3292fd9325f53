from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TODAY, AmarcHelpdeskCommon, paris


@tagged("post_install", "-at_install")
class TestAccess(AmarcHelpdeskCommon):
    """Each refusal is proved next to the user who is allowed the same thing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._ticket(paris(2026, 1, 14, 9), user_id=cls.agent.id)
        cls.extension = cls.Extension.create(
            {
                "ticket_id": cls.ticket.id,
                "previous_deadline": paris(2026, 1, 28, 9),
                "new_deadline": paris(2026, 2, 4, 9),
                "reason": "Company A reason",
                "customer_informed_date": paris(2026, 1, 27, 9),
            }
        )
        cls.ticket_b = cls._ticket(paris(2026, 1, 14, 9), company=cls.company_b)
        cls.extension_b = cls.Extension.create(
            {
                "ticket_id": cls.ticket_b.id,
                "previous_deadline": paris(2026, 1, 28, 9),
                "new_deadline": paris(2026, 2, 4, 9),
                "reason": "Company B reason",
                "customer_informed_date": paris(2026, 1, 27, 9),
            }
        )
        cls.both = cls.extension | cls.extension_b

    def test_agent_extends_through_the_wizard(self):
        ticket = self._ticket(paris(2026, 1, 14, 9), user_id=self.agent_own.id)
        with freeze_time(paris(2026, 1, 20, 9)):
            extension = (
                self.env["amarc.ticket.extension.wizard"]
                .with_user(self.agent_own)
                .create(
                    {
                        "ticket_id": ticket.id,
                        "new_deadline": paris(2026, 2, 4, 9),
                        "reason": "Supplier delay",
                    }
                )
                .action_confirm()
            )
        self.assertEqual(
            (
                extension.user_id,
                extension.previous_deadline,
                extension.customer_informed_date,
            ),
            (self.agent_own, paris(2026, 1, 28, 9), paris(2026, 1, 20, 9)),
        )
        self.assertEqual(ticket.amarc_response_deadline, paris(2026, 2, 4, 9))
        # an extension is evidence: agents cannot rewrite or delete it ...
        with self.assertRaises(AccessError):
            extension.with_user(self.agent_own).write({"reason": "Changed"})
        with self.assertRaises(AccessError):
            extension.with_user(self.agent).unlink()
        self.assertEqual(extension.reason, "Supplier delay")
        # ... nor can a helpdesk manager: it is the trail of 4.4, kept
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            extension.with_user(self.helpdesk_manager).write({"reason": "Changed"})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            extension.with_user(self.helpdesk_manager).unlink()
        self.assertEqual(extension.reason, "Supplier delay")

    def test_agent_acknowledges(self):
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.stranger).action_amarc_acknowledge()
        self.assertFalse(self.ticket.amarc_ack_date)
        self.ticket.with_user(self.agent).action_amarc_acknowledge()
        self.assertEqual(self.ticket.amarc_ack_date, TODAY)

    def test_auditor_reads_but_cannot_create(self):
        self.assertEqual(
            self.extension.with_user(self.auditor).read(["reason"])[0]["reason"],
            "Company A reason",
        )
        values = {
            "ticket_id": self.ticket.id,
            "previous_deadline": paris(2026, 2, 4, 9),
            "new_deadline": paris(2026, 2, 11, 9),
            "reason": "Second extension",
        }
        with self.assertRaises(AccessError):
            self.Extension.with_user(self.auditor).create(values)
        created = self.Extension.with_user(self.agent).create(values)
        self.assertEqual(
            self.Extension.search([("ticket_id", "=", self.ticket.id)]),
            self.extension | created,
        )
        self.assertEqual(created.customer_informed_date, TODAY)

    def test_employee_without_group_sees_nothing(self):
        with self.assertRaises(AccessError):
            self.extension.with_user(self.stranger).read(["reason"])
        with self.assertRaises(AccessError):
            self.Extension.with_user(self.stranger).search([])
        self.assertEqual(
            self.extension.with_user(self.agent).read(["reason"])[0]["reason"],
            "Company A reason",
        )

    def test_helpdesk_manager_corrects_an_extension(self):
        with self.assertRaises(AccessError):
            self.extension.with_user(self.agent).write({"reason": "Fixed"})
        self.assertEqual(self.extension.reason, "Company A reason")
        # the trail of 4.4 is kept: not even a helpdesk manager rewrites it
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            self.extension.with_user(self.helpdesk_manager).write({"reason": "Fixed"})
        self.assertEqual(self.extension.reason, "Company A reason")

    def test_multi_company_isolation(self):
        domain = [("id", "in", self.both.ids)]
        self.assertEqual(
            self.Extension.with_user(self.agent_b).search(domain), self.extension_b
        )
        self.assertEqual(
            self.extension_b.with_user(self.agent_b).read(["reason"])[0]["reason"],
            "Company B reason",
        )
        with self.assertRaises(AccessError):
            self.extension.with_user(self.agent_b).read(["reason"])
        self.assertEqual(
            self.Extension.with_user(self.auditor).search(domain), self.extension
        )
        with self.assertRaises(AccessError):
            self.extension_b.with_user(self.auditor).read(["reason"])

    def test_only_helpdesk_managers_configure_channels(self):
        channel = self.env["helpdesk.ticket.channel"].create(
            {"name": "Chat", "company_id": self.company.id}
        )
        with self.assertRaises(AccessError):
            channel.with_user(self.agent).amarc_ack_delay = 48
        self.assertEqual(channel.amarc_ack_delay, 24)
        channel.with_user(self.helpdesk_manager).amarc_ack_delay = 48
        self.assertEqual(channel.amarc_ack_delay, 48)
