from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AmarcHelpdeskCommon, paris


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
        # the dates of the file are Paris time, as for an agent of company A
        Ticket = self.Ticket.with_company(self.company).with_context(tz="Europe/Paris")
        before = Ticket.search_count([])
        with mute_logger("odoo.sql_db"):
            result = Ticket.load(fields, rows)
        messages = [(m["rows"]["from"], m["message"]) for m in result["messages"]]
        return result, Ticket.search_count([]) - before, messages

    def assertMessages(self, messages, expected):
        """``expected``: (row, regular expression of the whole message)."""
        self.assertEqual(len(messages), len(expected), messages)
        for (row, message), (expected_row, pattern) in zip(
            messages, expected, strict=True
        ):
            self.assertEqual(row, expected_row, message)
            self.assertRegex(message, f"^{pattern}$")

    def test_good_rows_are_imported(self):
        """The control: the same file without the wrong values loads."""
        result, created, messages = self._load(
            [*self.FIELDS, "amarc_ack_date", "amarc_severity"],
            [
                [*self._row("Good"), "2026-03-02 10:00:00", "high"],
                [*self._row("Also good"), "", "low"],
            ],
        )
        self.assertEqual(messages, [])
        self.assertEqual(created, 2)
        tickets = self.Ticket.browse(result["ids"])
        self.assertEqual(
            [
                (t.name, t.amarc_received_date, t.amarc_ack_date, t.amarc_severity)
                for t in tickets
            ],
            [
                ("Good", paris(2026, 3, 2, 9), paris(2026, 3, 2, 10), "high"),
                ("Also good", paris(2026, 3, 2, 9), False, "low"),
            ],
        )

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
        # the constraint checks the batch: its message comes for each row
        bad = r"Ticket HT\d+ - Bad cannot be acknowledged before it was received\."
        self.assertMessages(messages, [(0, bad), (1, bad)])

    def test_negative_compensation(self):
        result, created, messages = self._load(
            [*self.FIELDS, "amarc_resolution", "amarc_compensation_amount"],
            [[*self._row("Refund"), "compensation", "-30"]],
        )
        self.assertFalse(result["ids"])
        self.assertEqual(created, 0)
        self.assertMessages(
            messages,
            [(0, r"Ticket HT\d+ - Refund: a compensation amount cannot be negative\.")],
        )

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
        self.assertEqual(
            messages,
            [
                (
                    0,
                    (
                        "No matching record found for name 'Carrier pigeon' in "
                        "field 'Channel'"
                    ),
                ),
                (1, "Value 'apocalyptic' not found in selection field 'Severity'"),
            ],
        )

    def test_negative_channel_delay(self):
        Channel = self.env["helpdesk.ticket.channel"]
        fields = ["name", "amarc_ack_delay", "amarc_ack_unit"]
        with mute_logger("odoo.sql_db"):
            result = Channel.load(fields, [["Fax", "-2", "working_days"]])
        self.assertFalse(result["ids"])
        self.assertFalse(Channel.search([("name", "=", "Fax")]))
        self.assertEqual(
            [m["message"] for m in result["messages"]],
            ["The acknowledgement delay of channel Fax cannot be negative."],
        )
        # the control: a delay of 2 working days loads
        result = Channel.load(fields, [["Fax", "2", "working_days"]])
        self.assertEqual(result["messages"], [])
        fax = Channel.browse(result["ids"])
        self.assertEqual(
            (fax.name, fax.amarc_ack_delay, fax.amarc_ack_unit),
            ("Fax", 2, "working_days"),
        )
