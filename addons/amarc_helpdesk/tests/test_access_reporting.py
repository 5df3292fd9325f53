from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.amarc_referential.tests.common import render_xlsx

from .common import AmarcHelpdeskReportingCommon, paris


@tagged("post_install", "-at_install")
class TestReportingAccess(AmarcHelpdeskReportingCommon):
    """Company A: a rude-staff ticket and a critical one (two serious alerts),
    company B: one critical ticket (one alert). Each refusal is proved next to
    the user who is allowed the same thing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(paris(2026, 3, 5, 12)):
            cls.rude = cls._ticket(paris(2026, 3, 2, 9), category_id=cls.reason_rude.id)
            cls.critical = cls._ticket(paris(2026, 3, 2, 9), amarc_severity="critical")
            cls.critical_b = cls._ticket(
                paris(2026, 3, 2, 9), company=cls.company_b, amarc_severity="critical"
            )
            cls.Alert._cron_amarc_raise_alerts()
        cls.alerts_a = cls.Alert.search(
            [("ticket_id", "in", (cls.rude | cls.critical).ids)]
        )
        cls.alert_b = cls.Alert.search([("ticket_id", "=", cls.critical_b.id)])
        cls.objective_a, cls.objective_b = cls.Objective.create(
            [
                {
                    "name": "Objective A",
                    "company_id": cls.company.id,
                    "indicator": "backlog",
                    "comparison": "<=",
                    "target": 5,
                    "date_from": date(2026, 1, 1),
                },
                {
                    "name": "Objective B",
                    "company_id": cls.company_b.id,
                    "indicator": "backlog",
                    "comparison": "<=",
                    "target": 5,
                    "date_from": date(2026, 1, 1),
                },
            ]
        )

    def test_alerts_isolated_per_company(self):
        self.assertEqual(len(self.alerts_a), 2)
        self.assertEqual(len(self.alert_b), 1)
        self.assertEqual(self.Alert.with_user(self.agent).search([]), self.alerts_a)
        self.assertEqual(
            sorted(self.alerts_a.with_user(self.agent).mapped("name")),
            sorted(
                f"Serious complaint: {ticket.display_name}"
                for ticket in self.rude | self.critical
            ),
        )
        self.assertEqual(self.Alert.with_user(self.agent_b).search([]), self.alert_b)
        self.assertEqual(
            self.alert_b.with_user(self.agent_b).read(["name"])[0]["name"],
            f"Serious complaint: {self.critical_b.display_name}",
        )
        with self.assertRaises(AccessError):
            self.alert_b.with_user(self.agent).read(["name"])

    def test_objectives_rights_and_isolation(self):
        Objective = self.Objective.with_user(self.agent)
        self.assertEqual(Objective.search([]), self.objective_a)
        # the two complaints of company A are not answered yet
        self.assertEqual(self.objective_a.with_user(self.agent).value, 2)
        self.assertEqual(self.objective_b.with_user(self.agent_b).value, 1)
        values = {
            "name": "Not mine",
            "company_id": self.company.id,
            "indicator": "backlog",
            "target": 1,
        }
        with self.assertRaises(AccessError):
            Objective.create(values)
        created = self.Objective.with_user(self.quality_manager).create(values)
        self.assertEqual(
            (created.name, created.date_from, created.date_to),
            ("Not mine", date(2026, 1, 1), date(2026, 12, 31)),
        )
        with self.assertRaises(AccessError):
            self.objective_a.with_user(self.agent).target = 1
        self.assertEqual(self.objective_a.target, 5)
        self.objective_a.with_user(self.quality_manager).target = 3
        self.assertEqual(self.objective_a.target, 3)
        self.assertEqual(
            self.Objective.with_user(self.agent_b).search([]), self.objective_b
        )
        with self.assertRaises(AccessError):
            self.Objective.with_user(self.stranger).search([])

    def test_indicators_isolated_per_company(self):
        Indicator = self.Indicator.with_user(self.agent)
        self.assertEqual(
            Indicator.search([]).ticket_id, self.rude | self.critical, "company A"
        )
        self.assertEqual(Indicator._amarc_aggregate([])[0]["received"], 2)
        self.assertEqual(
            self.Indicator.with_user(self.agent_b)._amarc_aggregate([])[0]["received"],
            1,
        )
        with self.assertRaises(AccessError):
            self.Indicator.with_user(self.stranger).search([])
        args = (date(2026, 3, 1), date(2026, 3, 31))
        with self.assertRaises(AccessError):
            self._indicator_workbook(self.stranger, *args)
        # nor may they render the report of an agent's export
        wizard = (
            self.env["amarc.indicator.export"]
            .with_user(self.agent)
            .create({"date_from": args[0], "date_to": args[1]})
        )
        with self.assertRaises(AccessError):
            render_xlsx(self, wizard.action_export(), self.stranger)
        workbook, _name = self._indicator_workbook(self.agent, *args)
        month = list(workbook["By month"].iter_rows(values_only=True))
        self.assertEqual(len(month), 2)
        self.assertEqual(month[1][1:4], (2, 0, 2), "received, answered, backlog")
