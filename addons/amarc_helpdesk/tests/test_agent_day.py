"""The agent's day: what is late or due today on the kanban and the list, and
the search filters "To acknowledge today" and "Response late", in the user's
time zone.

The clock is the class's: Monday 16 March 2026, noon in Paris (11:00 UTC),
which is already Tuesday 17 March, 00:00 in Auckland (UTC+13). E-mail
acknowledgement: one working day after receipt; response: ten working days
(company A, Monday to Friday, Paris).

=============  ==================  ==================  ==========================
ticket         received (Paris)    ack deadline        response deadline
=============  ==================  ==================  ==========================
ack_late       Thu 12 Mar 10:00    Fri 13 Mar 10:00    Thu 26 Mar 10:00
ack_today      Fri 13 Mar 15:00    Mon 16 Mar 15:00    Fri 27 Mar 15:00
ack_tomorrow   Mon 16 Mar 10:00    Tue 17 Mar 10:00    Mon 30 Mar 10:00
acknowledged   Fri 13 Mar 15:00    (acknowledged)      Fri 27 Mar 15:00
closed         Fri 13 Mar 15:00    (closed)            (closed)
phone          Mon 16 Mar 09:00    (on request)        Mon 30 Mar 09:00
resp_late      Mon 02 Mar 11:00    (acknowledged)      Mon 16 Mar 11:00
resp_today     Mon 02 Mar 15:00    (acknowledged)      Mon 16 Mar 15:00
=============  ==================  ==================  ==========================
"""

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import AmarcHelpdeskCommon, paris


@tagged("post_install", "-at_install")
class TestAgentDay(AmarcHelpdeskCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ack_late = cls._ticket(paris(2026, 3, 12, 10), name="ack late")
        cls.ack_today = cls._ticket(paris(2026, 3, 13, 15), name="ack today")
        cls.ack_tomorrow = cls._ticket(paris(2026, 3, 16, 10), name="ack tomorrow")
        cls.acknowledged = cls._ticket(paris(2026, 3, 13, 15), name="acknowledged")
        cls.closed = cls._ticket(paris(2026, 3, 13, 15), name="closed")
        cls.phone = cls._ticket(
            paris(2026, 3, 16, 9), channel=cls.channel_phone, name="phone"
        )
        cls.resp_late = cls._ticket(paris(2026, 3, 2, 11), name="response late")
        cls.resp_today = cls._ticket(paris(2026, 3, 2, 15), name="response today")
        with freeze_time(paris(2026, 3, 13, 16)):
            cls.acknowledged.action_amarc_acknowledge()
        with freeze_time(paris(2026, 3, 3, 9)):
            (cls.resp_late | cls.resp_today).action_amarc_acknowledge()
        cls.closed.stage_id = cls.stage_done
        cls.all = (
            cls.ack_late
            | cls.ack_today
            | cls.ack_tomorrow
            | cls.acknowledged
            | cls.closed
            | cls.phone
            | cls.resp_late
            | cls.resp_today
        )
        cls.auckland = cls._user(
            "amarc_hd_agent_nz",
            "helpdesk_mgmt.group_helpdesk_user",
            tz="Pacific/Auckland",
        )

    def _filter(self, user, name):
        """The tickets of the data set that the search filter ``name`` of the
        ticket search view finds for ``user``."""
        Ticket = self.Ticket.with_user(user)
        arch = Ticket.get_views([(False, "search")])["views"]["search"]["arch"]
        node = etree.fromstring(arch).find(f".//filter[@name='{name}']")
        domain = safe_eval(node.get("domain"), {})
        return Ticket.search(domain + [("id", "in", self.all.ids)])

    def test_data_set(self):
        self.assertEqual(
            [
                (t.name, t.amarc_ack_deadline, t.amarc_response_deadline)
                for t in self.all
            ],
            [
                ("ack late", paris(2026, 3, 13, 10), paris(2026, 3, 26, 10)),
                ("ack today", paris(2026, 3, 16, 15), paris(2026, 3, 27, 15)),
                ("ack tomorrow", paris(2026, 3, 17, 10), paris(2026, 3, 30, 10)),
                ("acknowledged", paris(2026, 3, 16, 15), paris(2026, 3, 27, 15)),
                ("closed", paris(2026, 3, 16, 15), paris(2026, 3, 27, 15)),
                ("phone", False, paris(2026, 3, 30, 9)),
                ("response late", paris(2026, 3, 3, 11), paris(2026, 3, 16, 11)),
                ("response today", paris(2026, 3, 3, 15), paris(2026, 3, 16, 15)),
            ],
        )

    def test_badges_in_paris(self):
        tickets = self.all.with_user(self.agent)
        self.assertEqual(
            [(t.name, t.amarc_ack_due, t.amarc_response_due) for t in tickets],
            [
                ("ack late", "late", False),
                ("ack today", "today", False),
                ("ack tomorrow", False, False),
                ("acknowledged", False, False),
                ("closed", False, False),
                ("phone", False, False),
                ("response late", False, "late"),
                ("response today", False, "today"),
            ],
        )

    def test_badges_in_auckland(self):
        # already Tuesday there: the Tuesday deadline is due today
        tickets = self.all.with_user(self.auckland)
        self.assertEqual(
            [(t.name, t.amarc_ack_due) for t in tickets if t.amarc_ack_due],
            [("ack late", "late"), ("ack today", "today"), ("ack tomorrow", "today")],
        )

    def test_filter_to_acknowledge_today(self):
        self.assertEqual(
            self._filter(self.agent, "amarc_ack_today"),
            self.ack_late | self.ack_today,
        )
        self.assertEqual(
            self._filter(self.auckland, "amarc_ack_today"),
            self.ack_late | self.ack_today | self.ack_tomorrow,
        )
        # an hour later, the acknowledgement of today's ticket is still due
        with freeze_time(paris(2026, 3, 16, 23, 59)):
            self.assertEqual(
                self._filter(self.agent, "amarc_ack_today"),
                self.ack_late | self.ack_today,
            )
        # acknowledged: off the list
        self.ack_today.with_user(self.agent).action_amarc_acknowledge()
        self.assertEqual(self._filter(self.agent, "amarc_ack_today"), self.ack_late)

    def test_filter_response_late(self):
        self.assertEqual(
            self._filter(self.agent, "amarc_response_overdue"), self.resp_late
        )
        self.assertEqual(
            self._filter(self.agent, "amarc_response_today"), self.resp_today
        )
        with freeze_time(paris(2026, 3, 16, 15, 1)):
            self.assertEqual(
                self._filter(self.agent, "amarc_response_overdue"),
                self.resp_late | self.resp_today,
            )
        # answered: no longer late
        self.resp_late.stage_id = self.stage_done
        self.assertEqual(
            self._filter(self.agent, "amarc_response_overdue"),
            self.env["helpdesk.ticket"],
        )

    def test_not_due_state(self):
        """The badge's third value: neither late nor due today."""
        self.assertEqual(
            self.Ticket.with_user(self.agent).search(
                [("amarc_ack_due", "=", False), ("id", "in", self.all.ids)]
            ),
            self.ack_tomorrow
            | self.acknowledged
            | self.closed
            | self.phone
            | self.resp_late
            | self.resp_today,
        )

    def test_kanban_shows_deadlines(self):
        arch = self.Ticket.with_user(self.agent).get_views([(False, "kanban")])[
            "views"
        ]["kanban"]["arch"]
        card = etree.fromstring(arch).find(".//div[@name='amarc_deadlines']")
        self.assertEqual(
            [f.get("name") for f in card.iter("field") if f.get("invisible") != "1"],
            ["amarc_ack_deadline", "amarc_response_deadline"],
        )

    def test_acknowledgement_without_response_date_refused(self):
        """Company B without a response delay: the acknowledgement e-mail would
        tell the customer "as soon as possible" (against 4.3), and once
        recorded it cannot be taken back; so it is refused, saying what to
        set. Once the team has a delay, the date is computed and sent."""
        self.company_b.amarc_response_delay = 0
        ticket = self._ticket(paris(2026, 3, 16, 9), company=self.company_b)
        self.assertFalse(ticket.amarc_response_deadline)
        with self.assertRaisesRegex(UserError, "has no announced response date"):
            ticket.with_user(self.agent_b).action_amarc_send_acknowledgement()
        ticket.invalidate_recordset()
        self.assertFalse(ticket.amarc_ack_date)
        self.team_b.amarc_response_delay = 5
        ticket.with_user(self.agent_b).action_amarc_send_acknowledgement()
        # Sunday to Thursday in UTC: 17, 18, 19, 22, 23 March
        self.assertEqual(
            (ticket.amarc_ack_date, ticket.amarc_response_deadline),
            (paris(2026, 3, 16, 12), paris(2026, 3, 23, 9)),
        )
