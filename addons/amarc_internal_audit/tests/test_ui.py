import io
import zipfile

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestAuditUi(HttpCase):
    def test_audit_tour(self):
        """A quality manager starts an audit, records a gap, creates its action and
        finishes the audit."""
        company = self.env.ref("base.main_company")
        company.amarc_level = "A"
        self.env["amarc.audit"].search([("company_id", "=", company.id)]).write(
            {"state": "cancelled"}
        )
        commitment = self.env.ref("amarc_referential.commitment_6")
        audit = self.env["amarc.audit"].create(
            {
                "company_id": company.id,
                "year": 2031,
                "level": "A",
                "commitment_ids": [(6, 0, commitment.ids)],
                "lead_auditor_id": self.env.ref("base.user_admin").id,
            }
        )
        self.start_tour(
            f"/odoo/action-amarc_internal_audit.amarc_audit_action/{audit.id}",
            "amarc_internal_audit_tour",
            login="admin",
        )
        self.env.invalidate_all()
        self.assertEqual(audit.state, "done")
        self.assertEqual(
            [(line.criterion_id.code, line.result) for line in audit.line_ids],
            [("6.1", "minor_gap"), ("6.2", "conform"), ("6.3", "conform")],
        )
        gap = audit.line_ids[0]
        self.assertEqual(gap.finding, "No yearly analysis of suggestions")
        self.assertEqual(
            [(a.name, a.action_type, a.plan_id) for a in gap.action_ids],
            [("6.1: No yearly analysis of suggestions", "corrective", audit.plan_id)],
        )


@tagged("post_install", "-at_install")
class TestControlUi(HttpCase):
    def test_control_tours(self):
        """A quality manager imports a campaign through Odoo's import screen
        (the provider's CSV uploaded), applies the proposal of the campaigns on
        the audit line of 3.1, and builds the certification file (in the
        background: the company's threshold is set low)."""
        company = self.env.ref("base.main_company")
        company.amarc_level = "A"
        company.amarc_file_background_threshold = 1
        # the demo certification's file waits for the scheduled action (demo
        # data): only the file built here is
        self.env["amarc.certification.file.job"].search(
            [("state", "in", ("queued", "running"))]
        ).unlink()
        self.env["amarc.audit"].search([("company_id", "=", company.id)]).write(
            {"state": "cancelled"}
        )
        campaign = self.env["amarc.control.campaign"].create(
            {
                "company_id": company.id,
                "control_method_id": self.env.ref(
                    "amarc_referential.control_method_mystery_call"
                ).id,
                "date_start": "2031-03-01",
                "date_end": "2031-03-31",
            }
        )
        self.start_tour(
            f"/odoo/action-amarc_internal_audit.amarc_control_campaign_action/"
            f"{campaign.id}",
            "amarc_control_tour",
            login="admin",
        )
        # 2 of 4 calls taken within 30 s: 50 %, a minor gap against 90 %
        self.assertEqual(
            [
                (sample.name, sample.answer_seconds, sample.channel)
                for sample in campaign.sample_ids.sorted("date")
            ],
            [
                ("Call 1", 10, "phone"),
                ("Call 2", 20, "phone"),
                ("Call 3", 50, "phone"),
                ("Call 4", 60, "phone"),
            ],
        )
        audit = self.env["amarc.audit"].create(
            {
                "company_id": company.id,
                "year": 2031,
                "level": "A",
                "commitment_ids": [
                    (6, 0, self.env.ref("amarc_referential.commitment_3").ids)
                ],
                "lead_auditor_id": self.env.ref("base.user_admin").id,
            }
        )
        audit.action_start()
        self.start_tour(
            f"/odoo/action-amarc_internal_audit.amarc_audit_action/{audit.id}",
            "amarc_control_audit_tour",
            login="admin",
        )
        line = audit.line_ids.filtered(lambda line: line.criterion_id.code == "3.1")
        self.assertEqual(line.result, "minor_gap")
        self.assertEqual(line.evidence_ids.res_id, campaign.id)
        certification = self.env["amarc.certification"].create(
            {"company_id": company.id, "level": "A"}
        )
        self.start_tour(
            f"/odoo/action-amarc_internal_audit.amarc_certification_action/"
            f"{certification.id}",
            "amarc_control_file_tour",
            login="admin",
        )
        job = certification.file_job_ids
        self.assertEqual(
            (job.state, job.user_id), ("queued", self.env.ref("base.user_admin"))
        )
        # the scheduled action the button triggered, the index rendered for real
        Job = self.env["amarc.certification.file.job"]
        # wkhtmltopdf reads the report's assets from this test's server
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        self.assertEqual(
            Job.with_context(force_report_rendering=True)._cron_build_files(), 1
        )
        attachment = certification.file_attachment_id
        self.assertEqual(
            (job.state, job.progress, job.attachment_id, attachment.mimetype),
            ("done", 100.0, attachment, "application/zip"),
        )
        archive = zipfile.ZipFile(io.BytesIO(attachment.raw))
        self.assertEqual(archive.namelist()[0], "index.pdf")
        self.assertEqual(archive.read("index.pdf")[:5], b"%PDF-")
