from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AmarcHelpdeskReportingCommon, paris


@tagged("post_install", "-at_install")
class TestReportingAccess(AmarcHelpdeskReportingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(paris(2026, 3, 5, 12)):
            cls._ticket(paris(2026, 3, 2, 9), category_id=cls.reason_rude.id)
            cls._ticket(paris(2026, 3, 2, 9), amarc_severity="critical")
            cls._ticket(
                paris(2026, 3, 2, 9), company=cls.company_b, amarc_severity="critical"
            )
            cls.Alert._cron_amarc_raise_alerts()
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
        alerts_a = self.Alert.with_user(self.agent).search([])
        self.assertEqual(alerts_a.company_id, self.company)
        self.assertEqual(len(alerts_a), 2)
        alerts_b = self.Alert.with_user(self.agent_b).search([])
        self.assertEqual(alerts_b.company_id, self.company_b)
        with self.assertRaises(AccessError):
            alerts_b.with_user(self.agent).read(["name"])

    def test_objectives_rights_and_isolation(self):
        Objective = self.Objective.with_user(self.agent)
        self.assertEqual(Objective.search([]), self.objective_a)
        self.assertEqual(self.objective_a.with_user(self.agent).value, 2)
        with self.assertRaises(AccessError):
            Objective.create(
                {
                    "name": "Not mine",
                    "company_id": self.company.id,
                    "indicator": "backlog",
                    "target": 1,
                }
            )
        with self.assertRaises(AccessError):
            self.objective_a.with_user(self.agent).target = 1
        self.objective_a.with_user(self.quality_manager).target = 3
        self.assertEqual(
            self.Objective.with_user(self.agent_b).search([]), self.objective_b
        )
        with self.assertRaises(AccessError):
            self.Objective.with_user(self.stranger).search([])

    def test_indicators_isolated_per_company(self):
        Indicator = self.Indicator.with_user(self.agent)
        self.assertEqual(
            Indicator.search([]).company_id, self.company, "only company A"
        )
        self.assertEqual(
            Indicator._amarc_aggregate([])[0]["received"],
            self.Indicator.search_count([("company_id", "=", self.company.id)]),
        )
        self.assertEqual(
            self.Indicator.with_user(self.agent_b)._amarc_aggregate([])[0]["received"],
            1,
        )
        with self.assertRaises(AccessError):
            self.Indicator.with_user(self.stranger).search([])
        with self.assertRaises(AccessError):
            self.Indicator.with_user(self.stranger)._amarc_xlsx(
                date(2026, 3, 1), date(2026, 3, 31), self.company
            )
