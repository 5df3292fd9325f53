from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AmarcSurveyCommon, paris


@tagged("post_install", "-at_install")
class TestCron(AmarcSurveyCommon):
    def test_two_day_delay_once(self):
        """What will be checked: closed with a two-day delay, no survey after
        one day, exactly one after two, even when the cron runs twice."""
        ticket = self._closed_ticket(paris(2026, 1, 14, 10))
        request = ticket.amarc_survey_request_ids
        self._cron(paris(2026, 1, 15, 10))
        self.assertEqual(request.state, "scheduled")
        self.assertFalse(self._mails(request))
        self.assertFalse(request.user_input_id)
        self._cron(paris(2026, 1, 16, 10))
        self._cron(paris(2026, 1, 16, 10, 5))
        self.assertEqual(request.state, "sent")
        mail = self._mails(request)
        self.assertEqual(len(mail), 1)
        self.assertEqual(
            self.env["survey.user_input"].search_count(
                [("amarc_ticket_id", "=", ticket.id)]
            ),
            1,
        )
        user_input = request.user_input_id
        self.assertEqual(user_input.partner_id, self.customer)
        self.assertEqual(user_input.amarc_ticket_id, ticket)
        self.assertEqual(user_input.amarc_request_id, request)
        self.assertEqual(user_input.deadline, paris(2026, 2, 15, 10))
        self.assertEqual(request.expiry_date, user_input.deadline)
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn(user_input.get_start_url(), mail.body_html)
        self.assertEqual(
            mail.subject,
            "AMARC Helpdesk Test A: how satisfied are you with our answer? "
            f"(ref. {ticket.number})",
        )
        self.assertEqual(request.sent_date, paris(2026, 1, 16, 10))

    def test_mail_is_the_templates(self):
        """The invitation is rendered from the mail template: a body written
        in the template in place of the shipped view is the one sent, with
        the customer's personal link, to the customer alone."""
        self.template.body_html = (
            '<p>Dear <t t-out="object.partner_id.name"/>, '
            '<a t-att-href="object.survey_url">rate our answer</a></p>'
        )
        # recipients added to the template never receive the customer's link
        spy = self.env["res.partner"].create(
            {"name": "Spy", "email": "spy@example.com"}
        )
        self.template.write(
            {
                "partner_to": "{{ object.partner_id.id }}," + str(spy.id),
                "email_cc": "cc.spy@example.com",
                "email_to": "to.spy@example.com",
            }
        )
        ticket = self._closed_ticket(paris(2026, 1, 5, 10))
        self._cron(paris(2026, 1, 8, 10))
        request = ticket.amarc_survey_request_ids
        mail = self._mails(request)
        user_input = request.user_input_id
        self.assertIn(
            f'<p>Dear {self.customer.name}, <a href="{user_input.get_base_url()}'
            f'{user_input.get_start_url()}">rate our answer</a></p>',
            mail.body_html,
        )
        self.assertNotIn("Answer the survey", mail.body_html)
        self.assertEqual(
            (
                mail.recipient_ids,
                mail.email_to,
                mail.email_cc,
                mail.state,
                mail.message_type,
            ),
            (self.customer, False, False, "outgoing", "email"),
        )

    def test_batches(self):
        tickets = self.Ticket
        for i in range(5):
            partner = self.env["res.partner"].create(
                {"name": f"Customer {i}", "email": f"c{i}@example.com"}
            )
            tickets |= self._closed_ticket(
                paris(2026, 1, 14, 10), partner_id=partner.id
            )
        requests = tickets.amarc_survey_request_ids
        self.assertEqual(len(requests), 5)
        when = paris(2026, 1, 17, 10)
        # whatever else the database holds that is due then is sent too
        others = self.Request.search_count(
            [
                ("state", "=", "scheduled"),
                ("scheduled_date", "<=", when),
                ("id", "not in", requests.ids),
            ]
        )
        with freeze_time(when):
            result = self.Request._cron_amarc_send_surveys(batch_size=2)
        self.assertEqual(result["processed"], 5 + others)
        self.assertEqual(requests.mapped("state"), ["sent"] * 5)
        self.assertEqual(set(requests.mapped("sent_date")), {when})
        self.assertEqual(len(self._mails(requests)), 5)
        self.assertEqual(
            self._mails(requests).recipient_ids, tickets.partner_id, "one each"
        )
        self.assertEqual(len(requests.user_input_id), 5)
        # each request's chatter traces its sending, as Odoo's tracking does
        # (one note holding the change of state), though logged for the batch
        for request in requests:
            logs = request.message_ids.filtered(
                lambda m: m.message_type == "notification"
            )
            self.assertEqual(len(logs), 1, request.display_name)
            self.assertEqual(logs.subtype_id, self.env.ref("mail.mt_note"))
            self.assertEqual(logs.author_id, self.env.user.partner_id)
            self.assertEqual(
                [
                    (t.field_id.name, t.old_value_char, t.new_value_char)
                    for t in logs.tracking_value_ids
                ],
                [("state", "Scheduled", "Sent")],
            )
        with freeze_time(paris(2026, 1, 17, 11)):
            self.assertEqual(
                self.Request._cron_amarc_send_surveys(batch_size=2)["processed"], 0
            )

    def test_cooldown(self):
        self.company.amarc_survey_cooldown_days = 30
        first = self._closed_ticket(paris(2026, 1, 5, 10))
        self._cron(paris(2026, 1, 8, 10))
        self.assertEqual(first.amarc_survey_request_ids.state, "sent")
        second = self._closed_ticket(paris(2026, 1, 20, 10))
        self._cron(paris(2026, 1, 23, 10))
        request = second.amarc_survey_request_ids
        self.assertEqual((request.state, request.skip_reason), ("skipped", "cooldown"))
        self.assertFalse(self._mails(request))
        # after the cool-down, the customer is surveyed again
        third = self._closed_ticket(paris(2026, 2, 10, 10))
        self._cron(paris(2026, 2, 13, 10))
        self.assertEqual(third.amarc_survey_request_ids.state, "sent")

    def test_cooldown_within_one_batch(self):
        self.company.amarc_survey_cooldown_days = 30
        one = self._closed_ticket(paris(2026, 1, 5, 10))
        two = self._closed_ticket(paris(2026, 1, 5, 10))
        self._cron(paris(2026, 1, 8, 10))
        self.assertEqual(
            (one | two).amarc_survey_request_ids.mapped(
                lambda r: (r.ticket_id, r.state, r.skip_reason)
            ),
            [(one, "sent", False), (two, "skipped", "cooldown")],
        )
        self.assertEqual(len(self._mails((one | two).amarc_survey_request_ids)), 1)

    def test_opt_out(self):
        self.customer.amarc_survey_opt_out = True
        ticket = self._closed_ticket(paris(2026, 1, 5, 10))
        self._cron(paris(2026, 1, 8, 10))
        request = ticket.amarc_survey_request_ids
        self.assertEqual((request.state, request.skip_reason), ("skipped", "opt_out"))
        self.assertFalse(self._mails(request))
        self.assertFalse(request.user_input_id)
        # the control: another customer of the same day is surveyed
        other = self.env["res.partner"].create(
            {"name": "Willing customer", "email": "willing@example.com"}
        )
        willing = self._closed_ticket(paris(2026, 1, 5, 10), partner_id=other.id)
        self._cron(paris(2026, 1, 8, 11))
        self.assertEqual(willing.amarc_survey_request_ids.state, "sent")

    def test_no_email(self):
        nomail = self.env["res.partner"].create({"name": "No mail"})
        ticket = self._closed_ticket(paris(2026, 1, 5, 10), partner_id=nomail.id)
        nobody = self._closed_ticket(paris(2026, 1, 5, 10), partner_id=False)
        self._cron(paris(2026, 1, 8, 10))
        requests = (ticket | nobody).amarc_survey_request_ids
        self.assertEqual(len(requests), 2)
        self.assertEqual(
            requests.mapped(lambda r: (r.state, r.skip_reason)),
            [("skipped", "no_email")] * 2,
        )
        self.assertFalse(self._mails(requests))

    def test_expiry(self):
        self.company.amarc_survey_expiry_days = 7
        ticket = self._closed_ticket(paris(2026, 1, 5, 10))
        self._cron(paris(2026, 1, 8, 10))
        request = ticket.amarc_survey_request_ids
        self.assertEqual(request.expiry_date, paris(2026, 1, 15, 10))
        self._cron(paris(2026, 1, 15, 9))
        self.assertEqual(request.state, "sent")
        self._cron(paris(2026, 1, 15, 11))
        self.assertEqual(request.state, "expired")
        self.assertEqual(len(self._mails(request)), 1)

    def test_cancelled_and_skipped_not_sent(self):
        ticket = self._closed_ticket(paris(2026, 1, 5, 10))
        request = ticket.amarc_survey_request_ids
        sent = self._closed_ticket(paris(2026, 1, 5, 10)).amarc_survey_request_ids
        request.action_cancel()
        self._cron(paris(2026, 1, 8, 10))
        self.assertEqual(request.state, "cancelled")
        self.assertFalse(self._mails(request))
        self.assertEqual(sent.state, "sent", "the control: the other one is sent")
        with self.assertRaises(UserError) as error:
            sent.action_cancel()
        self.assertEqual(
            str(error.exception), "Only a survey not sent yet can be cancelled."
        )
