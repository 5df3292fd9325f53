from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

import odoo
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tests.common import HOST
from odoo.tools import mute_logger

from .common import AmarcHelpdeskReportingCommon, paris

TODAY = date(2026, 3, 16)


@tagged("post_install", "-at_install")
class TestComplaintAnalysis(AmarcHelpdeskReportingCommon):
    """6.1 and 6.2, on a known data set (company A, 2026):

    ====  ===============  ============  ========================  ==========
    T     received         reason        answered (working days)   other
    ====  ===============  ============  ========================  ==========
    T1    Mon 2 Feb 09:00  late          Wed 4 Feb 09:00 (2)       suggestion
    T2    Tue 3 Feb 09:00  late          Tue 3 Feb 15:00 (0.25)
    T3    Wed 4 Feb 09:00  other         not answered              recourse of T1
    L1    Mon 3 Feb 2025   late          Thu 6 Feb 2025 (3)
    ====  ===============  ============  ========================  ==========

    2026: 2 complaints received (2025: 1), both answered, none in the
    backlog (T3 is a recourse, not a new complaint: counted apart), mean
    response delay (2 + 0.25) / 2 = 1.125 working days; by reason: late 2
    (other has the recourse only); one recourse; one suggestion."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(paris(2026, 3, 15, 12)):
            cls.t1 = cls._ticket(
                paris(2026, 2, 2, 9),
                category_id=cls.reason_late.id,
                amarc_suggestion="Send an SMS when the parcel leaves.",
            )
            cls.t1.amarc_response_date = paris(2026, 2, 4, 9)
            cls.t2 = cls._ticket(paris(2026, 2, 3, 9), category_id=cls.reason_late.id)
            cls.t2.amarc_response_date = paris(2026, 2, 3, 15)
            cls.t3 = cls._ticket(
                paris(2026, 2, 4, 9),
                category_id=cls.reason_other.id,
                amarc_recourse_of_id=cls.t1.id,
            )
            last_year = cls._ticket(
                paris(2025, 2, 3, 9), category_id=cls.reason_late.id
            )
            last_year.amarc_response_date = paris(2025, 2, 6, 9)
        cls.director = cls.env["res.partner"].create(
            {"name": "Director", "email": "director@example.com"}
        )

    def _wizard(self, year=2026):
        return (
            self.env["amarc.complaint.analysis"]
            .with_user(self.quality_manager)
            .create({"company_id": self.company.id, "year": year})
        )

    def test_analysis_figures(self):
        data = self._wizard()._amarc_analysis_data()
        total = data["total"]
        self.assertEqual(
            (total["received"], total["answered"], total["backlog"]), (2, 2, 0)
        )
        self.assertAlmostEqual(total["response_delay_mean"], 1.125)
        self.assertEqual(data["previous"]["received"], 1)
        self.assertEqual(
            [(row["name"], row["received"]) for row in data["by_reason"]],
            [("AMARC test late delivery", 2)],
        )
        self.assertEqual(data["recourses"], 1)
        self.assertEqual(
            data["suggestions"],
            [
                {
                    "ticket": self.t1.display_name,
                    "text": "Send an SMS when the parcel leaves.",
                }
            ],
        )

    def test_plan_in_one_click_fulfils_6_1(self):
        obligation = self.env["amarc.obligation"].search(
            [("company_id", "=", self.company.id), ("criterion_id.code", "=", "6.1")]
        )
        with self.assertRaisesMessage(
            UserError,
            "No complaint was received in 2024 by AMARC Helpdesk Test A: there is "
            "nothing to analyse.",
        ):
            self._wizard(2024).action_create_plan()
        wizard = self._wizard()
        action = wizard.action_create_plan()
        plan = self.env["amarc.action.plan"].browse(action["res_id"])
        self.assertEqual(
            (plan.name, plan.origin, plan.year, plan.company_id),
            (
                "Complaint analysis action plan 2026",
                "complaint_analysis",
                2026,
                self.company,
            ),
        )
        self.assertEqual(
            [(a.name, a.action_type, a.source) for a in plan.action_ids],
            [
                (
                    (
                        "Reduce the complaints of reason AMARC test late delivery "
                        "(2 in 2026)"
                    ),
                    "corrective",
                    self.reason_late,
                ),
            ],
        )
        self.assertEqual(
            (obligation.last_done_date, obligation.evidence_ids.record_ref),
            (TODAY, plan),
        )

    def test_second_click_opens_the_plan(self):
        """One plan per company, year and analysis: a second click (another
        wizard, another day) opens the first plan; the management review
        lists it once. Once cancelled, a new plan may be drawn up."""
        Plan = self.env["amarc.action.plan"]
        first = self._wizard().action_create_plan()
        wizard = self._wizard()
        second = wizard.action_create_plan()
        plans = Plan.search(
            [
                ("company_id", "=", self.company.id),
                ("origin", "=", "complaint_analysis"),
            ]
        )
        self.assertEqual(len(plans), 1)
        self.assertEqual(
            (second["res_model"], second["res_id"], second["name"], wizard.plan_id),
            ("amarc.action.plan", first["res_id"], plans.name, plans),
        )
        review = (
            self.env["amarc.review"]
            .with_user(self.quality_manager)
            .create(
                {
                    "review_type": "management",
                    "company_id": self.company.id,
                    "year": 2026,
                    "date": date(2026, 3, 16),
                }
            )
        )
        review.action_collect_inputs()
        self.assertEqual(
            review.input_ids.filtered(lambda i: i.source == plans).mapped("name"),
            ["Complaint analysis action plan 2026"],
        )
        # the database refuses a second plan written another way
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            Plan.create(
                {
                    "name": "Twin",
                    "company_id": self.company.id,
                    "year": 2026,
                    "origin": "complaint_analysis",
                }
            )
        plans.action_cancel()
        third = self._wizard().action_create_plan()
        self.assertNotEqual(third["res_id"], plans.id)
        self.assertEqual(Plan.browse(third["res_id"]).state, "draft")

    def test_sent_to_management_as_pdf(self):
        self.company.amarc_management_partner_ids = self.director
        wizard = self._wizard()
        server = odoo.service.server.server
        self.env["ir.config_parameter"].set_param(
            "report.url", f"http://{HOST}:{server.httpd.server_port}"
        )
        with self.allow_pdf_render():
            wizard.with_context(force_report_rendering=True).action_send_to_management()
        plan = wizard.plan_id
        message = plan.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(message.partner_ids, self.director)
        self.assertEqual(
            message.attachment_ids.name,
            "Complaint analysis 2026 - AMARC Helpdesk Test A.pdf",
        )
        self.assertEqual(message.attachment_ids.raw[:5], b"%PDF-")
        evidence = self.env["amarc.evidence"].search(
            [("company_id", "=", self.company.id), ("criterion_id.code", "=", "6.2")]
        )
        self.assertEqual(
            (evidence.date, evidence.record_ref, evidence.attachment_ids),
            (TODAY, plan, message.attachment_ids),
        )
