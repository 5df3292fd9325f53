from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import html2plaintext

from .common import TODAY, AmarcHelpdeskCommon, paris


@tagged("post_install", "-at_install")
class TestExtension(AmarcHelpdeskCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # received Wednesday 14 January, answer announced for Wednesday 28
        cls.ticket = cls._ticket(paris(2026, 1, 14, 9))

    def _extend(self, new_deadline, reason="Waiting for the carrier report", **kw):
        wizard_form = Form(
            self.env["amarc.ticket.extension.wizard"].with_context(
                default_ticket_id=self.ticket.id
            )
        )
        wizard_form.new_deadline = new_deadline
        wizard_form.reason = reason
        for key, value in kw.items():
            setattr(wizard_form, key, value)
        return wizard_form.save().action_confirm()

    def test_extension_before_deadline(self):
        self.assertEqual(self.ticket.amarc_response_deadline, paris(2026, 1, 28, 9))
        with freeze_time(paris(2026, 1, 27, 15)):
            extension = self._extend(paris(2026, 2, 4, 17))
        self.assertEqual(extension.previous_deadline, paris(2026, 1, 28, 9))
        self.assertEqual(extension.new_deadline, paris(2026, 2, 4, 17))
        self.assertEqual(extension.customer_informed_date, paris(2026, 1, 27, 15))
        self.assertEqual(extension.company_id, self.company)
        self.assertFalse(extension.late)
        self.assertEqual(self.ticket.amarc_response_deadline, paris(2026, 2, 4, 17))
        self.assertEqual(self.ticket.amarc_extension_count, 1)
        self.assertEqual(self.ticket.amarc_last_extension_id, extension)
        message = self.ticket.message_ids.filtered(
            lambda m: m.message_type == "comment"
        )
        self.assertEqual(len(message), 1)
        self.assertEqual(message.partner_ids, self.customer)
        number = self.ticket.number
        self.assertEqual(
            message.subject,
            "AMARC Helpdesk Test A: new response date for your request "
            f"(ref. {number})",
        )
        # AMARC 4.4: the previous date, the reason and the new date
        self.assertEqual(
            " ".join(html2plaintext(message.body).split()),
            f"Hello Camille Client, We cannot answer your request *{number}* by the "
            "date we announced (01/28/2026). The reason: Waiting for the carrier "
            "report We will answer you by *02/04/2026* at the latest. Kind regards, "
            "OdooBot AMARC Helpdesk Test A",
        )

    def test_extension_after_deadline_is_late(self):
        with freeze_time(paris(2026, 1, 28, 9, 1)):
            extension = self._extend(paris(2026, 2, 4, 17), send_mail=False)
        self.assertTrue(extension.late)
        self.assertEqual(
            self.Extension.search([("id", "=", extension.id), ("late", "=", True)]),
            extension,
        )
        note = self.ticket.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_note")
        )
        self.assertEqual(
            str(note.body),
            "<span>Response date extended, customer informed: Waiting for the "
            "carrier report</span>",
        )
        self.assertFalse(
            self.ticket.message_ids.filtered(lambda m: m.message_type == "comment"),
            "no e-mail to the customer",
        )

    def test_second_extension_chains_dates(self):
        with freeze_time(paris(2026, 1, 20, 10)):
            self._extend(paris(2026, 2, 4, 17))
        with freeze_time(paris(2026, 2, 3, 10)):
            second = self._extend(paris(2026, 2, 11, 17), reason="Expert visit")
        self.assertEqual(second.previous_deadline, paris(2026, 2, 4, 17))
        self.assertEqual(self.ticket.amarc_last_extension_id, second)
        self.assertEqual(self.ticket.amarc_extension_count, 2)

    def test_extension_date_order_refused(self):
        with freeze_time(paris(2026, 1, 20, 10)), self.assertRaises(ValidationError):
            self._extend(paris(2026, 1, 27, 17))
        self.ticket.invalidate_recordset()
        self.assertFalse(self.ticket.amarc_extension_ids)
        self.assertEqual(self.ticket.amarc_response_deadline, paris(2026, 1, 28, 9))
        with self.assertRaises(ValidationError):
            self.Extension.create(
                {
                    "ticket_id": self.ticket.id,
                    "previous_deadline": paris(2026, 1, 28, 9),
                    "new_deadline": paris(2026, 1, 28, 9),
                    "reason": "Same date",
                }
            )

    def test_oversized_reason_refused(self):
        with freeze_time(paris(2026, 1, 20, 10)):
            with self.assertRaises(ValidationError) as error:
                self._extend(paris(2026, 2, 4, 17), reason="x" * 2001)
            self.assertEqual(
                str(error.exception),
                f"Ticket {self.ticket.display_name}: the reason told to the "
                "customer is 2001 characters long; keep it under 2000.",
            )
            self.ticket.invalidate_recordset()
            self.assertFalse(self.ticket.amarc_extension_ids)
            self.assertEqual(self.ticket.amarc_response_deadline, paris(2026, 1, 28, 9))
            extension = self._extend(paris(2026, 2, 4, 17), reason="x" * 2000)
        self.assertEqual(len(extension.reason), 2000)
        self.assertEqual(self.ticket.amarc_response_deadline, paris(2026, 2, 4, 17))

    def test_answered_ticket_cannot_be_extended(self):
        action = self.ticket.action_amarc_extend_response()
        self.assertEqual(
            (action["res_model"], action["context"]),
            ("amarc.ticket.extension.wizard", {"default_ticket_id": self.ticket.id}),
        )
        self.ticket.stage_id = self.stage_done
        self.assertEqual(self.ticket.amarc_response_date, TODAY)
        with self.assertRaises(UserError) as error:
            self.ticket.action_amarc_extend_response()
        self.assertEqual(
            str(error.exception),
            f"Ticket {self.ticket.display_name} is already answered: its response "
            "date cannot be extended.",
        )

    def test_extension_mail_needs_an_address(self):
        self.ticket.partner_id = False
        with freeze_time(paris(2026, 1, 20, 10)), self.assertRaises(UserError):
            self._extend(paris(2026, 2, 4, 17))
        self.ticket.invalidate_recordset()
        self.assertFalse(self.ticket.amarc_extension_ids)
        # told by phone: the extension is recorded all the same
        with freeze_time(paris(2026, 1, 20, 10)):
            extension = self._extend(paris(2026, 2, 4, 17), send_mail=False)
        self.assertEqual(self.ticket.amarc_extension_ids, extension)
        self.assertEqual(self.ticket.amarc_response_deadline, paris(2026, 2, 4, 17))
