from datetime import date

from freezegun import freeze_time

import odoo
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import HOST

from .common import AmarcSurveyCommon, paris

TODAY = date(2026, 3, 16)


@tagged("post_install", "-at_install")
class TestAnalysisSent(AmarcSurveyCommon):
    """5.3: the yearly satisfaction analysis sent to the management as PDF by
    one button, kept as the evidence of 5.3 and of the yearly measure (5.1),
    and listed among the management review's inputs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ticket = cls._closed_ticket(paris(2026, 1, 5, 10))
        with freeze_time(paris(2026, 1, 8, 10)):
            cls.Request._cron_amarc_send_surveys()
        cls._answer(cls, ticket.amarc_survey_request_ids, 2)
        cls.director = cls.env["res.partner"].create(
            {"name": "Director", "email": "director@example.com"}
        )
        cls.quality = cls._user(
            "amarc_sv_send_quality",
            "base.group_user,amarc_referential.group_amarc_manager",
        )

    def _wizard(self, user):
        return (
            self.env["amarc.satisfaction.analysis"]
            .with_user(user)
            .create({"company_id": self.company.id, "year": 2026, "target_rate": 80})
        )

    def test_sent_as_pdf_and_kept_as_evidence(self):
        wizard = self._wizard(self.quality)
        with self.assertRaisesMessage(
            UserError,
            "Set who receives the analyses for the management of "
            f"{self.company.name} in the AMARC settings first.",
        ):
            wizard.action_send_to_management()
        self.company.amarc_management_partner_ids = self.director
        with self.assertRaisesMessage(
            AccessError, "Only a quality manager sends the analyses to management."
        ):
            wizard.with_user(self.agent).action_send_to_management()
        server = odoo.service.server.server
        self.env["ir.config_parameter"].set_param(
            "report.url", f"http://{HOST}:{server.httpd.server_port}"
        )
        with self.allow_pdf_render():
            wizard.with_context(force_report_rendering=True).action_send_to_management()
        plan = wizard.plan_id
        self.assertEqual(plan.origin, "survey_analysis")
        message = plan.message_ids.filtered(lambda m: m.message_type == "comment")
        title = f"Satisfaction analysis 2026 - {self.company.name}"
        self.assertEqual(message.partner_ids, self.director)
        self.assertEqual(message.attachment_ids.mapped("name"), [f"{title}.pdf"])
        self.assertEqual(message.attachment_ids.raw[:5], b"%PDF-")
        evidences = self.env["amarc.evidence"].search(
            [("company_id", "=", self.company.id), ("res_model", "=", plan._name)]
        )
        self.assertEqual(
            sorted(
                (
                    e.criterion_id.code,
                    e.date,
                    e.attachment_ids == message.attachment_ids,
                )
                for e in evidences
            ),
            [("5.1", TODAY, True), ("5.3", TODAY, True), ("5.4", TODAY, False)],
        )
        obligation = self.env["amarc.obligation"].search(
            [("company_id", "=", self.company.id), ("criterion_id.code", "=", "5.1")]
        )
        self.assertEqual(obligation.last_done_date, TODAY)
        review = self.env["amarc.review"].create(
            {
                "review_type": "management",
                "company_id": self.company.id,
                "year": 2026,
                "date": date(2026, 3, 16),
            }
        )
        review.action_collect_inputs()
        sent = review.input_ids.filtered(lambda line: line.name.startswith("5.3"))
        self.assertEqual(
            (sent.category, sent.name, sent.value, sent.source.criterion_id.code),
            (
                "satisfaction",
                "5.3: Satisfaction survey action plan 2026",
                "Sent on 2026-03-16",
                "5.3",
            ),
        )
