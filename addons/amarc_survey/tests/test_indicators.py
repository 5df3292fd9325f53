import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import AmarcSurveyCommon, paris


@tagged("post_install", "-at_install")
class TestIndicators(AmarcSurveyCommon):
    """A known data set: in January 2026, four surveys sent for team A (two of
    reason "Delivery", two of reason "Invoice"), three answered: 5, 4 and 2;
    in February one sent, answered 1. Company B has its own survey."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["helpdesk.ticket.category"]
        cls.delivery = Category.create(
            {"name": "Delivery", "company_id": cls.company.id}
        )
        cls.invoice = Category.create({"name": "Invoice", "company_id": cls.company.id})
        plan = [
            (cls.delivery, 5, paris(2026, 1, 5, 10)),
            (cls.delivery, 2, paris(2026, 1, 6, 10)),
            (cls.invoice, 4, paris(2026, 1, 7, 10)),
            (cls.invoice, None, paris(2026, 1, 8, 10)),
            (cls.delivery, 1, paris(2026, 2, 2, 10)),
        ]
        cls.requests = cls.Request
        for i, (category, score, closed) in enumerate(plan):
            partner = cls.env["res.partner"].create(
                {"name": f"Customer {i}", "email": f"k{i}@example.com"}
            )
            ticket = cls._closed_ticket(
                closed,
                partner_id=partner.id,
                category_id=category.id,
                user_id=cls.agent.id,
            )
            with freeze_time(paris(closed.year, closed.month, closed.day + 2, 10)):
                cls.Request._cron_amarc_send_surveys()
            request = ticket.amarc_survey_request_ids
            cls.requests |= request
            if score:
                cls._answer(cls, request, score)
        ticket_b = cls._closed_ticket(paris(2026, 1, 5, 10), company=cls.company_b)
        with freeze_time(paris(2026, 1, 8, 10)):
            cls.Request._cron_amarc_send_surveys()
        cls._answer(cls, ticket_b.amarc_survey_request_ids, 5)
        cls.Report = cls.env["amarc.satisfaction.report"]
        cls.domain = [("company_id", "=", cls.company.id)]

    def test_rates(self):
        rates = self.Report._amarc_rates(self.domain)
        self.assertEqual(rates["sent"], 5)
        self.assertEqual(rates["answered"], 4)
        self.assertEqual(rates["satisfied"], 2)
        self.assertAlmostEqual(rates["response_rate"], 80.0)
        self.assertAlmostEqual(rates["satisfaction_rate"], 50.0)

    def test_rates_by_month_team_reason_agent(self):
        by_month = self.Report._amarc_rates_by(self.domain, "date:month")
        self.assertEqual(len(by_month), 2)
        january = next(v for k, v in by_month.items() if k.month == 1)
        self.assertAlmostEqual(january["response_rate"], 75.0)
        self.assertAlmostEqual(january["satisfaction_rate"], 200.0 / 3)
        by_reason = self.Report._amarc_rates_by(self.domain, "category_id")
        self.assertAlmostEqual(by_reason[self.delivery]["satisfaction_rate"], 100.0 / 3)
        self.assertAlmostEqual(by_reason[self.invoice]["satisfaction_rate"], 100.0)
        self.assertAlmostEqual(by_reason[self.invoice]["response_rate"], 50.0)
        by_team = self.Report._amarc_rates_by(self.domain, "team_id")
        self.assertEqual(list(by_team), [self.team])
        by_agent = self.Report._amarc_rates_by(self.domain, "user_id")
        self.assertEqual(by_agent[self.agent]["answered"], 4)
        # the pivot's averages are the same rates
        [(response, satisfaction)] = self.Report._read_group(
            self.domain, [], ["response_rate:avg", "satisfaction_rate:avg"]
        )
        self.assertAlmostEqual(response, 80.0)
        self.assertAlmostEqual(satisfaction, 50.0)

    def test_review_inputs(self):
        review = self.env["amarc.review"].create(
            {"company_id": self.company.id, "year": 2026, "review_type": "management"}
        )
        lines = [
            line
            for line in review._amarc_review_inputs()
            if line["category"] == "satisfaction"
        ]
        self.assertTrue(lines)
        self.assertIn("80 %", lines[0]["value"])
        self.assertIn("50 %", lines[0]["value"])
        review.action_collect_inputs()
        self.assertTrue(
            review.input_ids.filtered(lambda i: i.category == "satisfaction")
        )

    def test_yearly_analysis_report_xlsx_and_plan(self):
        wizard = self.env["amarc.satisfaction.analysis"].create(
            {"company_id": self.company.id, "year": 2026, "target_rate": 80}
        )
        data = wizard._amarc_analysis_data()
        self.assertEqual(data["total"]["sent"], 5)
        self.assertEqual(
            [row["record"] for row in data["below_target"]], [self.delivery]
        )
        xlsx = wizard._amarc_xlsx()
        self.assertEqual(xlsx[:2], b"PK")
        self.assertEqual(wizard.action_export_xlsx()["type"], "ir.actions.act_url")
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "amarc_survey.report_amarc_satisfaction_analysis", wizard.ids
        )
        self.assertIn(b"Delivery", html)
        self.assertIn(b"50.0 %", html)
        pdf, _kind = self.env["ir.actions.report"]._render_qweb_pdf(
            "amarc_survey.action_report_amarc_satisfaction_analysis", wizard.ids
        )
        self.assertTrue(pdf)
        # the report, or first the company's document layout when not set yet
        self.assertIn(
            wizard.action_print()["type"],
            ("ir.actions.report", "ir.actions.act_window"),
        )
        action = wizard.action_create_plan()
        plan = self.env["amarc.action.plan"].browse(action["res_id"])
        self.assertEqual(plan.origin, "survey_analysis")
        self.assertEqual(plan.year, 2026)
        self.assertEqual(plan.company_id, self.company)
        self.assertEqual(len(plan.action_ids), 1)
        self.assertEqual(plan.action_ids.source, self.delivery)
        self.assertTrue(
            self.env["ir.attachment"].search(
                [("res_model", "=", plan._name), ("res_id", "=", plan.id)]
            )
        )
        # 5.6: the satisfaction rate before and after the action
        action = plan.action_ids
        action.date_done = "2026-01-31"
        action.invalidate_recordset()
        self.assertAlmostEqual(action.amarc_satisfaction_before, 50.0)
        self.assertEqual(action.amarc_satisfaction_before_count, 2)
        self.assertEqual(action.amarc_satisfaction_after, 0.0)
        self.assertEqual(action.amarc_satisfaction_after_count, 1)
        self.assertAlmostEqual(action.amarc_satisfaction_trend, -50.0)

    def test_analysis_errors(self):
        with self.assertRaises(ValidationError):
            self.env["amarc.satisfaction.analysis"].create(
                {"company_id": self.company.id, "year": 1900}
            )
        empty = self.env["amarc.satisfaction.analysis"].create(
            {"company_id": self.company.id, "year": 2020}
        )
        with self.assertRaises(UserError):
            empty.action_create_plan()

    def test_objective_satisfaction_rate(self):
        objective = self.env["amarc.objective"].create(
            {
                "name": "Satisfaction of January",
                "company_id": self.company.id,
                "indicator": "satisfaction_rate",
                "comparison": ">=",
                "target": 60,
                "period": "month",
                "date_from": date(2026, 1, 1),
            }
        )
        self.assertEqual(objective.date_to, date(2026, 1, 31))
        self.assertTrue(objective.value_known)
        self.assertAlmostEqual(objective.value, 200.0 / 3, places=2)
        self.assertTrue(objective.met)
        objective.team_id = self.team
        self.assertAlmostEqual(objective.value, 200.0 / 3, places=2)
        self.assertIsNone(
            objective._amarc_indicator_value(
                "satisfaction_rate", date(2025, 1, 1), date(2025, 12, 31), self.company
            )
        )

    def test_indicator_xlsx_satisfaction_sheet(self):
        content = self.env["amarc.helpdesk.indicator"]._amarc_xlsx(
            date(2026, 1, 1), date(2026, 2, 28), self.company
        )
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        self.assertEqual(workbook.sheetnames[-1], "Satisfaction")
        rows = list(workbook["Satisfaction"].iter_rows(values_only=True))
        self.assertEqual(rows[1][:4], ("Total", 5, 4, 2))
        self.assertAlmostEqual(rows[1][4], 80.0)
        self.assertAlmostEqual(rows[1][5], 50.0)
        names = [row[0] for row in rows]
        self.assertIn("Delivery", names)
        self.assertIn("2026-01", names)
