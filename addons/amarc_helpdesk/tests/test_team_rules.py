from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.amarc_referential.tests.common import USER

from .common import AGENT_OWN, AGENT_TEAM, AmarcHelpdeskReportingCommon, paris


@tagged("post_install", "-at_install")
class TestTeamRules(AmarcHelpdeskReportingCommon):
    """The figures derived from tickets (indicators and their XLSX, extensions,
    serious alerts) follow the helpdesk's own rules on the tickets: own
    tickets, team tickets, all tickets, and the tickets an internal user is the
    customer or a follower of. Company A has two teams:

    - ``mine``: team A, assigned to the "own tickets" agent;
    - ``unassigned``: team A, nobody assigned;
    - ``colleague``: team A, assigned to the "all tickets" agent;
    - ``other_team``: team A2, nobody assigned (critical: a serious alert);
    - ``no_team``: no team, nobody assigned;

    and company B one ticket no user of A sees."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_agent = cls._paris_user("amarc_rule_own", AGENT_OWN)
        cls.team_agent = cls._paris_user("amarc_rule_team", AGENT_TEAM)
        cls.follower = cls._paris_user("amarc_rule_follower", USER)
        cls.team.user_ids = [(4, cls.own_agent.id)]
        cls.team_2 = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "AMARC complaints A2",
                "company_id": cls.company.id,
                "user_ids": [(6, 0, cls.team_agent.ids)],
            }
        )
        # users.helpdesk_team_ids is another field on the same relation table
        cls.env.invalidate_all()
        received = paris(2026, 3, 2, 9)
        with freeze_time(paris(2026, 3, 5, 12)):
            cls.mine = cls._ticket(received, user_id=cls.own_agent.id)
            cls.unassigned = cls._ticket(received, user_id=False)
            cls.colleague = cls._ticket(received, user_id=cls.agent.id)
            cls.other_team = cls._ticket(
                received,
                team_id=cls.team_2.id,
                user_id=False,
                amarc_severity="critical",
            )
            cls.no_team = cls._ticket(received, team_id=False, user_id=False)
            cls.ticket_b = cls._ticket(received, company=cls.company_b)
            cls.Alert._cron_amarc_raise_alerts()
        cls.colleague.message_subscribe(partner_ids=cls.follower.partner_id.ids)
        cls.all_a = (
            cls.mine | cls.unassigned | cls.colleague | cls.other_team | cls.no_team
        )
        cls.extensions = cls.env["amarc.ticket.extension"].create(
            [
                {
                    "ticket_id": ticket.id,
                    "previous_deadline": ticket.amarc_response_deadline,
                    "new_deadline": paris(2026, 4, 30, 12),
                    "reason": "Expertise of the parcel",
                }
                for ticket in cls.mine | cls.other_team
            ]
        )
        cls.frequency_alert = cls.Alert.create(
            {
                "name": "Too many late deliveries",
                "company_id": cls.company.id,
                "alert_type": "frequency",
                "category_id": cls.reason_rude.id,
            }
        )

    def _visible(self, user):
        Indicator = self.Indicator.with_user(user)
        return Indicator.search([("company_id", "!=", False)]).ticket_id

    def test_indicators_follow_ticket_rules(self):
        expected = {
            self.own_agent: self.mine | self.unassigned,
            self.team_agent: self.other_team | self.no_team,
            self.follower: self.colleague,
            self.agent: self.all_a,
            self.auditor: self.all_a,
            self.quality_manager: self.all_a,
        }
        for user, tickets in expected.items():
            with self.subTest(user=user.login):
                self.assertEqual(self._visible(user), tickets)
                # exactly the tickets the helpdesk itself lets the agents open
                if user.has_group("helpdesk_mgmt.group_helpdesk_user_own"):
                    self.assertEqual(
                        self.Ticket.with_user(user).search(
                            [("id", "in", (self.all_a | self.ticket_b).ids)]
                        ),
                        tickets,
                    )
        totals = self.Indicator.with_user(self.own_agent)._amarc_aggregate([])[0]
        self.assertEqual(totals["received"], 2)
        totals = self.Indicator.with_user(self.quality_manager)._amarc_aggregate([])[0]
        self.assertEqual(totals["received"], 5)

    def test_indicator_workbook_follows_ticket_rules(self):
        def ticket_rows(user):
            workbook, _name = self._indicator_workbook(
                user, date(2026, 3, 1), date(2026, 3, 31)
            )
            rows = workbook["Tickets"].iter_rows(values_only=True)
            return sorted(row[0] for row in list(rows)[1:])

        def labels(tickets):
            return sorted(f"{t.number} {t.name}" for t in tickets)

        self.assertEqual(
            ticket_rows(self.own_agent), labels(self.mine | self.unassigned)
        )
        self.assertEqual(ticket_rows(self.quality_manager), labels(self.all_a))

    def test_extensions_follow_ticket_rules(self):
        Extension = self.env["amarc.ticket.extension"]
        self.assertEqual(
            Extension.with_user(self.own_agent).search([]).ticket_id, self.mine
        )
        self.assertEqual(
            Extension.with_user(self.agent).search([]).ticket_id,
            self.mine | self.other_team,
        )
        other = self.extensions.filtered(lambda e: e.ticket_id == self.other_team)
        with self.assertRaises(AccessError):
            other.with_user(self.own_agent).read(["reason"])
        self.assertEqual(
            other.with_user(self.agent).read(["reason"])[0]["reason"],
            "Expertise of the parcel",
        )

    def test_alerts_follow_ticket_rules(self):
        serious = self.Alert.search([("ticket_id", "=", self.other_team.id)])
        self.assertEqual(len(serious), 1)
        self.assertEqual(
            self.Alert.with_user(self.own_agent).search(
                [("company_id", "=", self.company.id)]
            ),
            self.frequency_alert,
            "the alerts of a reason, not the serious alert of another team's ticket",
        )
        self.assertEqual(
            self.Alert.with_user(self.team_agent).search(
                [("company_id", "=", self.company.id)]
            ),
            self.frequency_alert | serious,
        )
        self.assertEqual(
            self.Alert.with_user(self.quality_manager).search(
                [("company_id", "=", self.company.id)]
            ),
            self.frequency_alert | serious,
        )

    def test_company_figures_whoever_reads_them(self):
        """An objective is the company's figure, even for an agent who may open
        only his own tickets."""
        objective = self.Objective.create(
            {
                "name": "Backlog",
                "company_id": self.company.id,
                "indicator": "backlog",
                "comparison": "<=",
                "target": 10,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
            }
        )
        self.assertEqual(objective.with_user(self.own_agent).value, 5)
        self.assertEqual(objective.with_user(self.quality_manager).value, 5)
