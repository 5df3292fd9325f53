from datetime import date, datetime

from freezegun import freeze_time

from odoo.tools import SQL

from odoo.addons.amarc_helpdesk.hooks import (
    PRECREATED_COLUMNS,
    amarc_backfill_tickets,
)

from .common import AmarcHelpdeskCommon, paris

#: what the hook fills, in the order of the assertions
COLUMNS = tuple(PRECREATED_COLUMNS)
COMPUTED = [
    "amarc_answered",
    "amarc_ack_deadline",
    "amarc_ack_late",
    "amarc_response_deadline",
    "amarc_response_date",
    "amarc_response_working_days",
    "amarc_response_late",
    "amarc_response_warning_date",
]
#: the moment of the installation: Thursday 16 April 2026, noon in Paris
NOW = paris(2026, 4, 16, 12)


class TestInstallBackfill(AmarcHelpdeskCommon):
    """Installing amarc_helpdesk on a helpdesk that already holds tickets:
    the columns are created before the models load (so that Odoo does not
    compute them ticket by ticket, with a chatter message each), then filled
    in SQL by the post-init hook with the values the compute methods give."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Easter Monday in company A (its calendar), a company-wide holiday in B
        cls._holiday(cls.calendar, date(2026, 4, 6))
        cls._holiday(cls.calendar_b, date(2026, 3, 26), company=cls.company_b)
        cls.channel_hours = cls.env["helpdesk.ticket.channel"].create(
            {"name": "Chat", "amarc_ack_delay": 5, "amarc_ack_unit": "working_hours"}
        )
        cls.team_fast = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "AMARC fast answers",
                "company_id": cls.company.id,
                "amarc_response_delay": 3,
            }
        )
        cls.company_b.write(
            {"amarc_response_delay": 2, "amarc_response_warning_days": 0}
        )
        cls.stage_cancelled = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_cancelled"
        )

    def _existing(self, specs):
        """Tickets as an installation finds them: created on ``created`` (with
        microseconds, as Odoo's creation dates), in a stage, closed on
        ``closed`` or not, and no AMARC value at all."""
        tickets = self.Ticket
        for spec in specs:
            spec = dict(spec)
            created, closed = spec.pop("created"), spec.pop("closed", None)
            stage = spec.pop("stage", self.stage_new)
            ticket = self._ticket(created, **spec)
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    "UPDATE helpdesk_ticket SET create_date = %s, stage_id = %s, "
                    "closed_date = %s, %s WHERE id = %s",
                    created.replace(microsecond=654321),
                    stage.id,
                    closed,
                    SQL(", ").join(
                        SQL("%s = NULL", SQL.identifier(name)) for name in COLUMNS
                    ),
                    ticket.id,
                )
            )
            tickets |= ticket
        self.env.invalidate_all()
        return tickets

    def _columns(self, tickets, names=COLUMNS):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id, %s FROM helpdesk_ticket WHERE id IN %s ORDER BY id",
                SQL(", ").join(SQL.identifier(name) for name in names),
                tuple(tickets.ids),
            )
        )
        return {
            row[0]: dict(zip(names, row[1:], strict=True))
            for row in self.env.cr.fetchall()
        }

    def _recompute_orm(self, tickets):
        """The same tickets computed again by the ORM from the received date
        the hook gave them, every computed column emptied first."""
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET %s WHERE id IN %s",
                SQL(", ").join(
                    SQL("%s = NULL", SQL.identifier(name)) for name in COMPUTED
                ),
                tuple(tickets.ids),
            )
        )
        self.env.invalidate_all()
        for name in COMPUTED:
            self.env.add_to_compute(self.Ticket._fields[name], tickets)
        tickets._recompute_recordset(COMPUTED)
        return self._columns(tickets)

    def test_columns_are_the_fields_columns(self):
        """The hook creates exactly the columns Odoo would create, and every
        stored computed ticket field of amarc_helpdesk is among them."""
        for name, (column_type, _label) in PRECREATED_COLUMNS.items():
            field = self.Ticket._fields[name]
            self.assertEqual(field.column_type[0], column_type, name)
        computed = sorted(
            name
            for name, field in self.Ticket._fields.items()
            if field.store and field.compute and "amarc_helpdesk" in field._modules
        )
        self.assertEqual(computed, sorted(COMPUTED))
        self.assertEqual(
            sorted(set(PRECREATED_COLUMNS) - set(COMPUTED)),
            ["amarc_received_date", "amarc_severity"],
        )

    def test_backfill_gives_the_computed_values(self):
        with freeze_time(NOW):
            self._check_backfill()

    def _check_backfill(self):
        email, letter, phone = (
            self.channel_email,
            self.channel_letter,
            self.channel_phone,
        )
        tickets = self._existing(
            [
                # 0: Friday 10:00 -> 24 working hours end Monday 10:00, after
                # the change to summer time (08:00 UTC instead of 09:00)
                {"created": paris(2026, 3, 27, 10), "channel": email},
                # 1: a letter on Wednesday 1 April 15:00: 10 working days,
                # Easter Monday off -> Thursday 16 April 15:00
                {"created": paris(2026, 4, 1, 15), "channel": letter},
                # 2: Saturday: counted from Monday 00:00 -> Tuesday 00:00
                {"created": paris(2026, 3, 28, 11), "channel": email},
                # 3: 5 working hours from Sunday 29 March (the night of the
                # change): Monday 05:00 summer time
                {"created": paris(2026, 3, 29, 1, 30), "channel": self.channel_hours},
                # 4: phone: acknowledged on request, no deadline; answered
                # Monday 9:00 -> Wednesday 21:00: 15 h + 24 h + 21 h = 2.5 days
                {
                    "created": paris(2026, 3, 23, 9),
                    "channel": phone,
                    "stage": self.stage_done,
                    "closed": paris(2026, 3, 25, 21),
                },
                # 5: answered 432 seconds later: 0.005 working day -> 0.01
                {
                    "created": paris(2026, 3, 24, 10),
                    "stage": self.stage_done,
                    "closed": paris(2026, 3, 24, 10, 7, 12),
                },
                # 6: cancelled (closed without an answer): no response date
                {
                    "created": paris(2026, 4, 14, 9),
                    "stage": self.stage_cancelled,
                    "team_id": self.team_fast.id,
                },
                # 7: a team with its own delay (3 working days); unanswered and
                # its warning one working day before, over Easter Monday
                {"created": paris(2026, 4, 2, 16), "team_id": self.team_fast.id},
                # 8: 02:30 summer time in the night of the change back to
                # winter time, a Sunday: Monday 00:00 + 24 h
                {"created": datetime(2025, 10, 26, 0, 30), "channel": email},
                # 9: company B (UTC, Sunday to Thursday, holiday 26 March,
                # 2 working days, warned the same day): received Wednesday
                {
                    "created": datetime(2026, 3, 25, 18),
                    "company": self.company_b,
                    "channel": email,
                },
                # 10: company B, received on its day off (Friday), answered on
                # Sunday noon: 12 hours = 0.5 working day
                {
                    "created": datetime(2026, 3, 27, 10),
                    "company": self.company_b,
                    "stage": self.stage_done,
                    "closed": datetime(2026, 3, 29, 12),
                },
                # 11: no channel, no team: the company's 10 working days
                {
                    "created": paris(2026, 4, 10, 23, 59, 59),
                    "channel_id": False,
                    "team_id": False,
                },
                # 12: done without closing date: answered at the installation,
                # the answer being its first written contact
                {
                    "created": paris(2026, 4, 14, 9),
                    "stage": self.stage_done,
                    "team_id": self.team_fast.id,
                },
            ]
        )
        messages = self.env["mail.message"].search_count(
            [("model", "=", "helpdesk.ticket"), ("res_id", "in", tickets.ids)]
        )
        self.assertEqual(amarc_backfill_tickets(self.env), len(tickets))
        hook = self._columns(tickets)
        # no chatter message, no tracking value
        self.assertEqual(
            self.env["mail.message"].search_count(
                [("model", "=", "helpdesk.ticket"), ("res_id", "in", tickets.ids)]
            ),
            messages,
        )
        t = {i: hook[ticket.id] for i, ticket in enumerate(tickets)}
        self.assertEqual(t[0]["amarc_received_date"], datetime(2026, 3, 27, 9))
        self.assertEqual(t[0]["amarc_severity"], "normal")
        self.assertEqual(t[0]["amarc_ack_deadline"], paris(2026, 3, 30, 10))
        self.assertEqual(t[0]["amarc_ack_deadline"], datetime(2026, 3, 30, 8))
        self.assertIs(t[0]["amarc_ack_late"], True)
        # 10 working days, Easter Monday off
        self.assertEqual(t[0]["amarc_response_deadline"], paris(2026, 4, 13, 10))
        self.assertIs(t[0]["amarc_response_late"], True)
        self.assertEqual(t[0]["amarc_response_warning_date"], paris(2026, 4, 10, 10))
        self.assertIsNone(t[0]["amarc_response_date"])
        self.assertEqual(float(t[0]["amarc_response_working_days"]), 0.0)
        self.assertEqual(t[1]["amarc_ack_deadline"], paris(2026, 4, 16, 15))
        self.assertIs(t[1]["amarc_ack_late"], False)
        self.assertEqual(t[2]["amarc_ack_deadline"], paris(2026, 3, 31, 0))
        self.assertEqual(t[3]["amarc_ack_deadline"], paris(2026, 3, 30, 5))
        self.assertIsNone(t[4]["amarc_ack_deadline"])
        self.assertIs(t[4]["amarc_ack_late"], False)
        self.assertEqual(t[4]["amarc_response_date"], paris(2026, 3, 25, 21))
        self.assertEqual(float(t[4]["amarc_response_working_days"]), 2.5)
        self.assertIs(t[4]["amarc_response_late"], False)
        self.assertIsNone(t[4]["amarc_response_warning_date"])
        self.assertEqual(float(t[5]["amarc_response_working_days"]), 0.01)
        self.assertIsNone(t[6]["amarc_response_date"])
        self.assertIs(t[6]["amarc_answered"], False)
        self.assertEqual(t[6]["amarc_response_deadline"], paris(2026, 4, 17, 9))
        self.assertIs(t[6]["amarc_response_late"], False)
        self.assertIs(t[4]["amarc_answered"], True)
        self.assertIs(t[0]["amarc_answered"], False)
        self.assertEqual(t[12]["amarc_response_date"], NOW)
        self.assertIs(t[12]["amarc_answered"], True)
        self.assertEqual(t[12]["amarc_response_deadline"], paris(2026, 4, 17, 9))
        self.assertIs(t[12]["amarc_response_late"], False)
        self.assertEqual(
            (tickets[12].amarc_ack_date, tickets[12].amarc_ack_kind), (NOW, "answer")
        )
        self.assertEqual(
            (tickets[4].amarc_ack_date, tickets[4].amarc_ack_kind),
            (paris(2026, 3, 25, 21), "answer"),
        )
        self.assertEqual(
            (tickets[6].amarc_ack_date, tickets[6].amarc_ack_kind), (False, False)
        )
        self.assertEqual(t[7]["amarc_response_deadline"], paris(2026, 4, 8, 16))
        self.assertEqual(t[7]["amarc_response_warning_date"], paris(2026, 4, 7, 16))
        self.assertEqual(t[8]["amarc_ack_deadline"], paris(2025, 10, 28, 0))
        self.assertEqual(t[9]["amarc_ack_deadline"], datetime(2026, 3, 29, 18))
        self.assertEqual(t[9]["amarc_response_deadline"], datetime(2026, 3, 30, 18))
        self.assertEqual(t[9]["amarc_response_warning_date"], datetime(2026, 3, 30, 18))
        self.assertEqual(float(t[10]["amarc_response_working_days"]), 0.5)
        self.assertIsNone(t[11]["amarc_ack_deadline"])
        self.assertEqual(
            t[11]["amarc_response_deadline"], paris(2026, 4, 24, 23, 59, 59)
        )
        # and every column of every ticket is what the compute methods give
        self.assertEqual(hook, self._recompute_orm(tickets))

    def test_backfill_leaves_other_tickets_alone(self):
        """Only the tickets without received date are filled; a second run
        finds nothing to do."""
        with freeze_time(NOW):
            self._check_others_alone()

    def _check_others_alone(self):
        kept = self._ticket(paris(2026, 4, 1, 9))
        before = self._columns(kept)
        tickets = self._existing([{"created": paris(2026, 4, 2, 9)}])
        self.assertEqual(amarc_backfill_tickets(self.env), 1)
        self.assertEqual(self._columns(kept), before)
        self.assertEqual(
            self._columns(tickets)[tickets.id]["amarc_received_date"],
            paris(2026, 4, 2, 9),
        )
        self.assertEqual(amarc_backfill_tickets(self.env), 0)
