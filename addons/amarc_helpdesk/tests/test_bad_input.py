from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AmarcHelpdeskCommon


@tagged("post_install", "-at_install")
class TestTicketImport(AmarcHelpdeskCommon):
    """Ticket imports with wrong values are refused with a clear message and
    write nothing of the file."""

    FIELDS = (
        "name",
        "description",
        "company_id/.id",
        "team_id/.id",
        "channel_id/.id",
        "amarc_received_date",
    )

    def _row(self, name, received="2026-03-02 09:00:00", channel=None):
        return [
            name,
            "Imported complaint",
            self.company.id,
            self.team.id,
            (channel or self.channel_email).id,
            received,
        ]

    def _load(self, fields, rows):
        Ticket = self.Ticket.with_company(self.company)
        before = Ticket.search_count([])
        with mute_logger("odoo.sql_db"):
            result = Ticket.load(fields, rows)
        messages = " | ".join(m["message"] for m in result["messages"])
        return result, Ticket.search_count([]) - before, messages

    def test_acknowledged_before_received(self):
        result, created, messages = self._load(
            [*self.FIELDS, "amarc_ack_date"],
            [
                [*self._row("Good"), "2026-03-02 10:00:00"],
                [*self._row("Bad"), "2026-03-01 10:00:00"],
            ],
        )
        self.assertFalse(result["ids"])
        self.assertEqual(created, 0, "the good row is not written either")
        self.assertIn("cannot be acknowledged before it was received", messages)

    def test_negative_compensation(self):
        result, created, messages = self._load(
            [*self.FIELDS, "amarc_resolution", "amarc_compensation_amount"],
            [[*self._row("Refund"), "compensation", "-30"]],
        )
        self.assertFalse(result["ids"])
        self.assertEqual(created, 0)
        self.assertIn("cannot be negative", messages)

    def test_unknown_channel_and_severity(self):
        result, created, messages = self._load(
            [*self.FIELDS[:4], "channel_id", "amarc_severity"],
            [
                [
                    "Pigeon",
                    "Imported",
                    self.company.id,
                    self.team.id,
                    "Carrier pigeon",
                    "low",
                ],
                [
                    "Odd",
                    "Imported",
                    self.company.id,
                    self.team.id,
                    "Email",
                    "apocalyptic",
                ],
            ],
        )
        self.assertFalse(result["ids"])
        self.assertEqual(created, 0)
        self.assertIn("Carrier pigeon", messages)
        self.assertIn("apocalyptic", messages)

    def test_negative_channel_delay(self):
        Channel = self.env["helpdesk.ticket.channel"]
        with mute_logger("odoo.sql_db"):
            result = Channel.load(
                ["name", "amarc_ack_delay", "amarc_ack_unit"],
                [["Fax", "-2", "working_days"]],
            )
        self.assertFalse(result["ids"])
        self.assertFalse(Channel.search([("name", "=", "Fax")]))
        self.assertTrue(result["messages"])
