from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import AmarcHelpdeskCommon, paris


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
        self.assertIn("Waiting for the carrier report", str(message.body))
        self.assertIn(self.customer, message.partner_ids)

    def test_extension_after_deadline_is_late(self):
        with freeze_time(paris(2026, 1, 28, 9, 1)):
            extension = self._extend(paris(2026, 2, 4, 17), send_mail=False)
        self.assertTrue(extension.late)
        self.assertTrue(
            self.Extension.search([("id", "=", extension.id), ("late", "=", True)])
        )
        note = self.ticket.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_note")
        )
        self.assertTrue(note)

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

    def test_answered_ticket_cannot_be_extended(self):
        self.ticket.stage_id = self.stage_done
        with self.assertRaises(UserError):
            self.ticket.action_amarc_extend_response()

    def test_extension_mail_needs_an_address(self):
        self.ticket.partner_id = False
        with freeze_time(paris(2026, 1, 20, 10)), self.assertRaises(UserError):
            self._extend(paris(2026, 2, 4, 17))
        self.ticket.invalidate_recordset()
        self.assertFalse(self.ticket.amarc_extension_ids)
