import base64
import io
import re
from datetime import date

import openpyxl
from freezegun import freeze_time

import odoo
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tests.common import HOST
from odoo.tools.pdf import PdfReader

from odoo.addons.amarc_referential.tests.common import render_xlsx, xlsx_rows

from .common import AmarcSurveyCommon, paris

#: the header of each sheet of the satisfaction analysis workbook
ANALYSIS_HEADER = [
    "Group",
    "Sent",
    "Answered",
    "Satisfied",
    "Response rate (%)",
    "Satisfaction rate (%)",
]


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
        expected = [
            (
                "Satisfaction surveys of 2026",
                (
                    "5 sent, 4 answered (response rate 80 %), 2 satisfied "
                    "(satisfaction rate 50 %)"
                ),
                False,
            ),
            (
                "Satisfaction of team AMARC complaints A",
                "response rate 80 %, satisfaction rate 50 %",
                self.team,
            ),
            (
                "Re-satisfaction of dissatisfied customers",
                "0 re-satisfied, 0 not re-satisfied, 2 to follow up",
                False,
            ),
        ]
        self.assertEqual(
            [
                (line["name"], line["value"], line["source"])
                for line in review._amarc_review_inputs()
                if line["category"] == "satisfaction"
            ],
            [
                (name, value, record and f"{record._name},{record.id}")
                for name, value, record in expected
            ],
        )
        review.action_collect_inputs()
        collected = review.input_ids.filtered(lambda i: i.category == "satisfaction")
        self.assertEqual(
            [
                (line.name, line.value, line.source or False)
                for line in collected.sorted(lambda i: (i.sequence, i.id))
            ],
            expected,
        )
        # a year without surveys adds no satisfaction line
        empty = self.env["amarc.review"].create(
            {"company_id": self.company.id, "year": 2025, "review_type": "management"}
        )
        self.assertEqual(
            [
                line
                for line in empty._amarc_review_inputs()
                if line["category"] == "satisfaction"
            ],
            [],
        )

    def _wizard(self):
        return self.env["amarc.satisfaction.analysis"].create(
            {"company_id": self.company.id, "year": 2026, "target_rate": 80}
        )

    def test_yearly_analysis_data(self):
        wizard = self._wizard()
        data = wizard._amarc_analysis_data()
        total = data["total"]
        self.assertEqual(
            (total["sent"], total["answered"], total["satisfied"]), (5, 4, 2)
        )
        self.assertEqual(data["previous"]["sent"], 0)
        self.assertEqual(
            [(row["name"], row["sent"], row["satisfied"]) for row in data["by_reason"]],
            [("Delivery", 3, 1), ("Invoice", 2, 1)],
        )
        self.assertEqual(
            [row["record"] for row in data["below_target"]], [self.delivery]
        )

    def test_yearly_analysis_xlsx(self):
        """The analysis' Export XLSX button, as the quality manager: the
        report's exact cells, the file named after the year and company."""
        manager = self._user(
            "amarc_sv_quality", "base.group_user,amarc_referential.group_amarc_manager"
        )
        with Form(self.env["amarc.satisfaction.analysis"].with_user(manager)) as form:
            form.year = 2026
            form.target_rate = 80
        action = form.record.action_export_xlsx()
        self.assertEqual(
            action["report_name"], "amarc_survey.report_satisfaction_analysis_xlsx"
        )
        workbook, name = render_xlsx(self, action, manager)
        self.assertEqual(
            name, "Satisfaction analysis 2026 - AMARC Helpdesk Test A.xlsx"
        )

        def rows(sheet):
            return [
                [round(v, 2) if isinstance(v, float) else v for v in row]
                for row in xlsx_rows(workbook, sheet)
            ]

        header = ANALYSIS_HEADER
        self.assertEqual(
            workbook.sheetnames,
            ["Summary", "By month", "By team", "By reason", "By agent"],
        )
        self.assertEqual(rows("Summary"), [header, ["2026", 5, 4, 2, 80, 50]])
        # January: 4 sent, 3 answered (5, 4, 2); February: 1 sent, answered 1
        self.assertEqual(
            rows("By month"),
            [header, ["2026-01", 4, 3, 2, 75, 66.67], ["2026-02", 1, 1, 0, 100, 0]],
        )
        self.assertEqual(
            rows("By team"), [header, ["AMARC complaints A", 5, 4, 2, 80, 50]]
        )
        self.assertEqual(
            rows("By reason"),
            [
                header,
                ["Delivery", 3, 3, 1, 100, 33.33],
                ["Invoice", 2, 1, 1, 50, 100],
            ],
        )
        self.assertEqual(rows("By agent"), [header, [self.agent.name, 5, 4, 2, 80, 50]])
        # the rates as computed, not rounded
        self.assertAlmostEqual(
            xlsx_rows(workbook, "By reason")[1][5], 100 / 3, places=12
        )
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", form.record._name), ("res_id", "=", form.record.id)]
            ),
            "downloaded, not stored",
        )

    def test_yearly_analysis_pdf(self):
        """5.3: the analysis printed as PDF through wkhtmltopdf, for real (no
        wkhtmltopdf, no PDF: the test fails)."""
        wizard = self._wizard()
        self.company.external_report_layout_id = self.env.ref(
            "web.external_layout_standard"
        )
        action = wizard.with_company(self.company).action_print()
        self.assertEqual(
            (action["type"], action["report_name"], action["context"]["active_ids"]),
            (
                "ir.actions.report",
                "amarc_survey.report_amarc_satisfaction_analysis",
                wizard.ids,
            ),
        )
        pdf, text = self._render_pdf(wizard)
        self.assertEqual(len(PdfReader(io.BytesIO(pdf)).pages), 1)
        self.assertIn(
            "Satisfaction survey results 2026 AMARC Helpdesk Test A: 5 surveys "
            "sent, 4 answered (response rate 80.0 %), satisfaction rate 50.0 % "
            "(previous year -, target 80.0 %).",
            text,
        )
        self.assertIn(
            "Month Sent Answered Satisfied Response rate Satisfaction rate "
            "2026-01 4 3 2 75.0 % 66.7 % 2026-02 1 1 0 100.0 % 0.0 %",
            text,
        )
        self.assertIn(
            "Reason Sent Answered Satisfied Response rate Satisfaction rate "
            "Delivery 3 3 1 100.0 % 33.3 % Invoice 2 1 1 50.0 % 100.0 %",
            text,
        )
        self.assertIn("Reasons below the target Delivery: 33.3 %", text)

    def _render_pdf(self, wizard):
        """The analysis rendered by wkhtmltopdf, for real: (bytes, text).

        In tests Odoo returns the report's HTML unless ``force_report_rendering``
        is set; ``allow_pdf_render`` lets wkhtmltopdf fetch the report's assets
        from the test server. Without wkhtmltopdf the rendering raises: the test
        fails. Debian's wkhtmltopdf (unpatched Qt) draws text set in a web font
        (the reports' Lato) as outlines that cannot be read back: in this test's
        transaction the report text is set in a system font."""
        server = odoo.service.server.server
        self.assertIsNotNone(server, "the tests run with the HTTP server")
        self.env["ir.config_parameter"].set_param(
            "report.url", f"http://{HOST}:{server.httpd.server_port}"
        )
        styles = self.env.ref("web.asset_styles_company_report")
        styles.datas = base64.b64encode(
            base64.b64decode(styles.datas)
            + b"\nbody, body * { font-family: sans-serif !important; }\n"
        )
        self.env.registry.clear_cache("assets")
        with self.allow_pdf_render():
            pdf, kind = (
                self.env["ir.actions.report"]
                .with_company(self.company)
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(
                    "amarc_survey.action_report_amarc_satisfaction_analysis",
                    wizard.ids,
                )
            )
        self.assertEqual(kind, "pdf")
        self.assertEqual(pdf[:5], b"%PDF-")
        pages = PdfReader(io.BytesIO(pdf)).pages
        text = " ".join(" ".join(page.extract_text().split()) for page in pages)
        # pieces of text apart in the HTML come out with spaces around them
        return pdf, re.sub(r"\(\s+", "(", re.sub(r"\s+([:;,.)])", r"\1", text))

    def test_yearly_analysis_plan(self):
        wizard = self._wizard()
        action = wizard.action_create_plan()
        plan = self.env["amarc.action.plan"].browse(action["res_id"])
        self.assertEqual(wizard.plan_id, plan)
        self.assertEqual(
            (plan.name, plan.origin, plan.year, plan.company_id),
            (
                "Satisfaction survey action plan 2026",
                "survey_analysis",
                2026,
                self.company,
            ),
        )
        self.assertEqual(len(plan.action_ids), 1)
        self.assertEqual(
            (
                plan.action_ids.name,
                plan.action_ids.action_type,
                plan.action_ids.source,
                plan.action_ids.criterion_ids,
            ),
            (
                "Improve satisfaction for reason Delivery (33.3 %)",
                "corrective",
                self.delivery,
                self.env.ref("amarc_referential.criterion_5_4"),
            ),
        )
        self.assertEqual(
            self.env["ir.attachment"]
            .search([("res_model", "=", plan._name), ("res_id", "=", plan.id)])
            .mapped("name"),
            ["Satisfaction analysis 2026 - AMARC Helpdesk Test A.xlsx"],
        )
        # 5.6: the satisfaction rate of the reason before and after the action
        action = plan.action_ids
        # open: the 6 months before today (16 March), nothing after
        self.assertAlmostEqual(action.amarc_satisfaction_before, 100 / 3)
        self.assertEqual(
            (
                action.amarc_satisfaction_before_count,
                action.amarc_satisfaction_after_count,
                action.amarc_satisfaction_trend,
            ),
            (3, 0, 0.0),
        )
        action.date_done = "2026-01-31"
        action.invalidate_recordset()
        self.assertAlmostEqual(action.amarc_satisfaction_before, 50.0)
        self.assertEqual(action.amarc_satisfaction_before_count, 2)
        self.assertEqual(action.amarc_satisfaction_after, 0.0)
        self.assertEqual(action.amarc_satisfaction_after_count, 1)
        self.assertAlmostEqual(action.amarc_satisfaction_trend, -50.0)

    def test_yearly_analysis_plan_second_click(self):
        """A second click opens the plan already drawn up: no second plan, no
        second copy of the analysis attached."""
        first = self._wizard().action_create_plan()
        again = self._wizard()
        second = again.action_create_plan()
        plan = self.env["amarc.action.plan"].search(
            [("company_id", "=", self.company.id), ("origin", "=", "survey_analysis")]
        )
        self.assertEqual(
            (len(plan), first["res_id"], second["res_id"], again.plan_id),
            (1, plan.id, plan.id, plan),
        )
        self.assertEqual(second["name"], "Satisfaction survey action plan 2026")
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", plan._name), ("res_id", "=", plan.id)]
            ),
            1,
        )

    def test_analysis_errors(self):
        with self.assertRaises(ValidationError) as error:
            self.env["amarc.satisfaction.analysis"].create(
                {"company_id": self.company.id, "year": 1900}
            )
        self.assertEqual(str(error.exception), "Enter a year between 2000 and 2100.")
        empty = self.env["amarc.satisfaction.analysis"].create(
            {"company_id": self.company.id, "year": 2020}
        )
        with self.assertRaises(UserError) as error:
            empty.action_create_plan()
        self.assertEqual(
            str(error.exception),
            "No satisfaction survey was sent in 2020 for AMARC Helpdesk Test A: "
            "there is nothing to analyse.",
        )
        self.assertFalse(empty.plan_id)

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
                "satisfaction_rate",
                date(2025, 1, 1),
                date(2025, 12, 31),
                self.company,
                None,
            )
        )
        # a rate: its target cannot exceed 100 %
        with self.assertRaises(ValidationError) as error:
            objective.target = 120
        self.assertEqual(
            str(error.exception),
            "Objective Satisfaction of January: a rate cannot exceed 100 %.",
        )

    def test_objective_satisfaction_year_on_year(self):
        """2026 (to 16 March) against the same days of 2025, when no survey
        was sent: 2 satisfied of 4 answered, not comparable."""
        lines = {
            line["indicator"]: line
            for line in self.env["amarc.objective"]._amarc_year_on_year(
                self.company, 2026
            )
        }
        self.assertEqual(
            {
                key: value
                for key, value in lines["satisfaction_rate"].items()
                if key != "indicator"
            },
            {
                "label": "Satisfaction rate (%)",
                "current": 50.0,
                "previous": None,
                "trend": "unknown",
            },
        )
        self.assertEqual(list(lines)[-1], "satisfaction_rate")

    def test_indicator_xlsx_satisfaction_sheet(self):
        workbook, _name = self._indicator_workbook(
            self.auditor, date(2026, 1, 1), date(2026, 2, 28)
        )
        self.assertEqual(workbook.sheetnames[-1], "Satisfaction")
        rows = list(workbook["Satisfaction"].iter_rows(values_only=True))
        self.assertEqual(rows[1][:4], ("Total", 5, 4, 2))
        self.assertAlmostEqual(rows[1][4], 80.0)
        self.assertAlmostEqual(rows[1][5], 50.0)
        self.assertEqual(
            [row[:4] for row in rows if any(value is not None for value in row)],
            [
                ("Group", "Surveys sent", "Answered", "Satisfied"),
                ("Total", 5, 4, 2),
                ("By month", None, None, None),
                ("2026-01", 4, 3, 2),
                ("2026-02", 1, 1, 0),
                ("By team", None, None, None),
                ("AMARC complaints A", 5, 4, 2),
                ("By reason", None, None, None),
                ("Delivery", 3, 3, 1),
                ("Invoice", 2, 1, 1),
                ("By agent", None, None, None),
                (self.agent.name, 5, 4, 2),
            ],
        )

    def test_certification_file_section(self):
        """The certification file's satisfaction workbook (V.1): the surveys
        sent in its twelve months, here 1 February 2025 to 31 January 2026
        (the four of January; February's is after), read back from the
        section as the auditor, who cannot read the surveys, gets it."""
        section = self.company.with_user(
            self.auditor
        )._amarc_certification_file_sections(date(2025, 2, 1), date(2026, 1, 31))
        [section] = [s for s in section if s["sequence"] == 56]
        self.assertEqual(
            section["title"], "Satisfaction of the twelve months (5.1, 5.3)"
        )
        [(path, content)] = section["files"]
        self.assertEqual(path, "satisfaction/Satisfaction 2025-02-01 - 2026-01-31.xlsx")
        # January: 4 sent, 3 answered (5, 4, 2), 2 satisfied
        self.assertEqual(
            section["proofs"],
            {
                self.env.ref("amarc_referential.criterion_5_1").id: [
                    "Satisfaction surveys of the twelve months: 4 sent, 3 answered"
                ]
            },
        )
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(
            [
                [round(v, 2) if isinstance(v, float) else v for v in row]
                for row in xlsx_rows(workbook, "Summary")
            ],
            [
                ANALYSIS_HEADER,
                ["2025-02-01 - 2026-01-31", 4, 3, 2, 75, 66.67],
            ],
        )
        self.assertEqual(
            [row[0] for row in xlsx_rows(workbook, "By month")], ["Group", "2026-01"]
        )
        # nothing kept: the workbook is in the file only
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "amarc.satisfaction.analysis")]
            )
        )

    def test_analysis_period_must_be_whole(self):
        Analysis = self.env["amarc.satisfaction.analysis"]
        message = "Choose a period: a start date and an end date after it."
        for dates in (
            {"date_from": date(2026, 1, 1)},
            {"date_from": date(2026, 2, 1), "date_to": date(2026, 1, 1)},
        ):
            with self.assertRaisesMessage(ValidationError, message):
                Analysis.create(dict(dates, company_id=self.company.id, year=2026))
