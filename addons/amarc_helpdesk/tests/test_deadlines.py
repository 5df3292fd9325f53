from datetime import date, datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import html2plaintext

from .common import AmarcHelpdeskCommon, paris


@tagged("post_install", "-at_install")
class TestDeadlines(AmarcHelpdeskCommon):
    def test_email_friday_acknowledged_by_monday(self):
        ticket = self._ticket(paris(2026, 1, 9, 10))
        self.assertEqual(ticket.amarc_ack_deadline, paris(2026, 1, 12, 10))

    def test_email_holiday_monday_moves_to_tuesday(self):
        self._holiday(self.calendar, date(2026, 1, 12))
        ticket = self._ticket(paris(2026, 1, 9, 10))
        self.assertEqual(ticket.amarc_ack_deadline, paris(2026, 1, 13, 10))

    def test_company_wide_holiday_counts(self):
        # a leave without calendar, for the whole company
        self._holiday(self.calendar, date(2026, 1, 12), company=self.company)
        ticket = self._ticket(paris(2026, 1, 9, 10))
        self.assertEqual(ticket.amarc_ack_deadline, paris(2026, 1, 13, 10))

    def test_holiday_of_another_company_or_employee_ignored(self):
        self._holiday(self.calendar_b, date(2026, 1, 12))
        resource = self.env["resource.resource"].create(
            {"name": "Agent", "calendar_id": self.calendar.id}
        )
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Personal leave",
                "resource_id": resource.id,
                "date_from": paris(2026, 1, 12, 0),
                "date_to": paris(2026, 1, 12, 23, 59),
            }
        )
        ticket = self._ticket(paris(2026, 1, 9, 10))
        self.assertEqual(ticket.amarc_ack_deadline, paris(2026, 1, 12, 10))

    def test_saturday_reception(self):
        ticket = self._ticket(paris(2026, 1, 10, 15))
        self.assertEqual(ticket.amarc_ack_deadline, paris(2026, 1, 13, 0))

    def test_letter_10_working_days(self):
        ticket = self._ticket(paris(2026, 1, 14, 9), channel=self.channel_letter)
        self.assertEqual(ticket.amarc_ack_deadline, paris(2026, 1, 28, 9))
        self._holiday(self.calendar, date(2026, 1, 23))
        letter = self._ticket(paris(2026, 1, 14, 9), channel=self.channel_letter)
        self.assertEqual(letter.amarc_ack_deadline, paris(2026, 1, 29, 9))

    def test_letter_received_date_edited(self):
        ticket = self._ticket(paris(2026, 1, 14, 9), channel=self.channel_letter)
        ticket.amarc_received_date = paris(2026, 1, 12, 9)
        self.assertEqual(ticket.amarc_ack_deadline, paris(2026, 1, 26, 9))

    def test_phone_acknowledges_on_request_only(self):
        with freeze_time("2026-03-01"):
            ticket = self._ticket(paris(2026, 1, 9, 10), channel=self.channel_phone)
            self.assertFalse(ticket.amarc_ack_deadline)
            self.assertFalse(ticket.amarc_ack_late)

    def test_received_date_defaults_to_creation(self):
        with freeze_time(paris(2026, 1, 9, 10, 0, 0, 250000)):
            ticket = self.Ticket.create(
                {
                    "name": "No date",
                    "description": "x",
                    "company_id": self.company.id,
                    "channel_id": self.channel_email.id,
                }
            )
        self.assertEqual(ticket.amarc_received_date, paris(2026, 1, 9, 10))
        self.assertEqual(ticket.amarc_ack_deadline, paris(2026, 1, 12, 10))

    def test_negative_channel_delay_refused(self):
        with self.assertRaises(ValidationError):
            self.channel_email.amarc_ack_delay = -1
        self.channel_email.invalidate_recordset()
        self.assertEqual(self.channel_email.amarc_ack_delay, 24)

    def test_channel_defaults(self):
        self.assertEqual(
            (self.channel_email.amarc_ack_unit, self.channel_email.amarc_ack_delay),
            ("working_hours", 24),
        )
        self.assertEqual(
            (self.channel_letter.amarc_ack_unit, self.channel_letter.amarc_ack_delay),
            ("working_days", 10),
        )
        face = self.env.ref("amarc_helpdesk.helpdesk_ticket_channel_face_to_face")
        self.assertEqual(
            {self.channel_phone.amarc_ack_unit, face.amarc_ack_unit}, {"on_request"}
        )
        self.assertTrue(self.channel_email.amarc_written)
        self.assertTrue(self.channel_letter.amarc_written)
        self.assertFalse(self.channel_phone.amarc_written)

    def test_batch_over_companies_one_calendar_lookup(self):
        """Deadlines of many tickets of several companies are computed with one
        calendar lookup and a constant number of queries."""
        Company = type(self.env["res.company"])
        original = Company._amarc_working_calendars
        calls = []

        def spy(companies, date_from, date_to):
            calls.append(set(companies.ids))
            return original(companies, date_from, date_to)

        def make(count):
            vals = []
            for i in range(count):
                company = self.company if i % 2 else self.company_b
                vals.append(
                    {
                        "name": f"Batch {i}",
                        "description": "x",
                        "company_id": company.id,
                        "channel_id": (
                            self.channel_email if i % 3 else self.channel_letter
                        ).id,
                        "amarc_received_date": paris(2026, 1, 9, 10)
                        + timedelta(hours=i),
                    }
                )
            return self.Ticket.create(vals)

        def recompute(tickets):
            field = self.Ticket._fields["amarc_ack_deadline"]
            tickets.invalidate_recordset()
            self.env.add_to_compute(field, tickets)
            before = self.env.cr.sql_log_count
            tickets._recompute_recordset(["amarc_ack_deadline"])
            return self.env.cr.sql_log_count - before

        small, large = make(4), make(40)
        self.env.flush_all()
        with patch.object(Company, "_amarc_working_calendars", spy):
            queries_small = recompute(small)
            calls_small = len(calls)
            queries_large = recompute(large)
        self.assertEqual(calls_small, 1)
        self.assertEqual(len(calls), 2, "one lookup per recomputed recordset")
        self.assertEqual(calls[1], {self.company.id, self.company_b.id})
        self.assertEqual(queries_small, queries_large)
        # and each company got its own calendar: A works Monday-Friday in
        # Paris, B Sunday-Thursday in UTC
        first_a = large.filtered(lambda t: t.name == "Batch 1")
        first_b = large.filtered(lambda t: t.name == "Batch 2")
        self.assertEqual(first_a.amarc_ack_deadline, paris(2026, 1, 12, 11))
        # Friday 11:00 Paris = 10:00 UTC, a day off for B: Sunday 00:00 + 24h
        self.assertEqual(first_b.amarc_ack_deadline, datetime(2026, 1, 12, 0))

    def test_ack_late_flags(self):
        with freeze_time(paris(2026, 1, 9, 10)):
            on_time = self._ticket(paris(2026, 1, 9, 10))
            late = self._ticket(paris(2026, 1, 9, 10))
            waiting = self._ticket(paris(2026, 1, 9, 10))
            self.env.flush_all()
            self.assertFalse((on_time | late | waiting).filtered("amarc_ack_late"))
        with freeze_time(paris(2026, 1, 12, 9, 59)):
            on_time.action_amarc_acknowledge()
            self.Ticket._cron_amarc_refresh_late_flags()
            self.assertFalse(waiting.amarc_ack_late)
        with freeze_time(paris(2026, 1, 12, 10, 1)):
            late.action_amarc_acknowledge()
            self.assertFalse(waiting.amarc_ack_late, "stored: refreshed by the cron")
            self.Ticket._cron_amarc_refresh_late_flags()
        self.assertFalse(on_time.amarc_ack_late)
        self.assertTrue(late.amarc_ack_late)
        self.assertTrue(waiting.amarc_ack_late)
        self.assertEqual(
            self.Ticket.search(
                [
                    ("id", "in", (on_time | late | waiting).ids),
                    ("amarc_ack_late", "=", True),
                ]
            ),
            late | waiting,
        )
        # a second run changes nothing
        with freeze_time(paris(2026, 1, 12, 11)):
            self.assertEqual(self.Ticket._cron_amarc_refresh_late_flags(), 0)

    def test_ack_twice_refused(self):
        ticket = self._ticket(paris(2026, 1, 9, 10))
        with freeze_time(paris(2026, 1, 9, 11)):
            ticket.action_amarc_acknowledge()
        with self.assertRaises(UserError):
            ticket.action_amarc_acknowledge()
        self.assertEqual(ticket.amarc_ack_date, paris(2026, 1, 9, 11))

    def test_send_acknowledgement_mail(self):
        ticket = self._ticket(paris(2026, 1, 9, 10))
        with freeze_time(paris(2026, 1, 9, 11)):
            ticket.action_amarc_send_acknowledgement()
        self.assertEqual(ticket.amarc_ack_date, paris(2026, 1, 9, 11))
        self.assertFalse(ticket.amarc_ack_late)
        message = ticket.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(message), 1)
        self.assertEqual(message.partner_ids, self.customer)
        self.assertEqual(
            message.subject,
            f"AMARC Helpdesk Test A: we have received your request "
            f"(ref. {ticket.number})",
        )
        # AMARC 4.3: date of receipt, reference, announced response date
        self.assertEqual(
            " ".join(html2plaintext(message.body).split()),
            "Hello Camille Client, We received your request on *January 9, 2026 "
            f"at 10:00:00 AM +0100*. Its reference is *{ticket.number}*: please "
            "quote it in any message about this request. We will answer you within "
            "*10* working days, by *01/23/2026* at the latest. Kind regards, OdooBot "
            "AMARC Helpdesk Test A",
        )

    def test_send_acknowledgement_needs_an_address(self):
        ticket = self._ticket(paris(2026, 1, 9, 10), partner_id=False)
        with self.assertRaises(UserError):
            ticket.action_amarc_send_acknowledgement()
        ticket.invalidate_recordset()
        self.assertFalse(ticket.amarc_ack_date)

    def test_response_deadline_from_team_or_company(self):
        ticket = self._ticket(paris(2026, 1, 14, 9))
        self.assertEqual(ticket.amarc_response_deadline, paris(2026, 1, 28, 9))
        self.team.amarc_response_delay = 3
        fast = self._ticket(paris(2026, 1, 14, 9))
        self.assertEqual(fast.amarc_response_deadline, paris(2026, 1, 19, 9))
        # once announced, a team change does not move the date
        fast.action_amarc_acknowledge()
        fast.team_id = False
        self.assertEqual(fast.amarc_response_deadline, paris(2026, 1, 19, 9))

    def test_response_date_and_late_on_close(self):
        on_time = self._ticket(paris(2026, 1, 14, 9))
        late = self._ticket(paris(2026, 1, 14, 9))
        with freeze_time(paris(2026, 1, 20, 12)):
            on_time.stage_id = self.stage_done
        with freeze_time(paris(2026, 2, 2, 12)):
            late.stage_id = self.stage_done
        self.assertEqual(on_time.amarc_response_date, paris(2026, 1, 20, 12))
        self.assertFalse(on_time.amarc_response_late)
        self.assertEqual(late.amarc_response_date, paris(2026, 2, 2, 12))
        self.assertTrue(late.amarc_response_late)

    def test_compensation_amount(self):
        ticket = self._ticket(paris(2026, 1, 14, 9))
        with self.assertRaises(ValidationError):
            ticket.write({"amarc_resolution": "compensation"})
        with self.assertRaises(ValidationError):
            ticket.write(
                {"amarc_resolution": "repair", "amarc_compensation_amount": -10}
            )
        with self.assertRaises(ValidationError):
            ticket.write(
                {"amarc_resolution": "rejection", "amarc_compensation_amount": 10}
            )
        ticket.invalidate_recordset()
        self.assertFalse(ticket.amarc_resolution)
        ticket.write(
            {"amarc_resolution": "commercial_gesture", "amarc_compensation_amount": 15}
        )
        self.assertEqual(ticket.amarc_compensation_amount, 15)
        self.assertEqual(ticket.amarc_currency_id, self.company.currency_id)
        ticket.write({"amarc_resolution": "repair", "amarc_compensation_amount": 0})
        self.assertEqual(ticket.amarc_resolution, "repair")

    def test_ticket_form(self):
        ticket = self._ticket(paris(2026, 1, 14, 9))
        with Form(ticket) as form:
            self.assertEqual(str(form.amarc_ack_deadline), "2026-01-15 08:00:00")
            form.amarc_severity = "critical"
            form.amarc_resolution = "compensation"
            form.amarc_compensation_amount = 20
        self.assertEqual(ticket.amarc_severity, "critical")
        self.assertEqual(ticket.amarc_compensation_amount, 20)
        self.assertEqual(
            self.Ticket.search(
                [("id", "=", ticket.id), ("amarc_severity", "in", ("high", "critical"))]
            ),
            ticket,
        )
