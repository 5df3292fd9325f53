import io

import openpyxl

from odoo.tests import tagged

from .common import AmarcAuditCommon


@tagged("post_install", "-at_install")
class TestAuditReports(AmarcAuditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audit = cls._audit()
        cls.audit.action_start()
        cls._assess_all(cls.audit)
        gap = cls._line(cls.audit, "4.4")
        gap.write(
            {
                "result": "major_gap",
                "finding": "Customers told late",
                "root_cause": "No reminder",
            }
        )
        gap.action_create_action(user=cls.auditor)
        cls.audit.action_done()

    def test_pdf(self):
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "amarc_internal_audit.action_report_amarc_audit", self.audit.ids
        )
        html = html.decode()
        self.assertIn("Internal audit 2026", html)
        self.assertIn("Customers told late", html)
        self.assertIn("No reminder", html)
        pdf, _fmt = self.env["ir.actions.report"]._render_qweb_pdf(
            "amarc_internal_audit.action_report_amarc_audit", self.audit.ids
        )
        self.assertTrue(pdf)

    def test_xlsx_lists_every_line(self):
        content, report_format = self.env["ir.actions.report"]._render_xlsx(
            "amarc_internal_audit.report_audit_xlsx", self.audit.ids, {}
        )
        self.assertEqual(report_format, "xlsx")
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(workbook.sheetnames, ["Summary", "Lines"])
        rows = list(workbook["Lines"].iter_rows(values_only=True))
        self.assertEqual(rows[0][:4], ("Audit", "Criterion", "Title", "Result"))
        self.assertEqual(len(rows) - 1, 51)
        by_code = {row[1]: row for row in rows[1:]}
        self.assertEqual(
            set(by_code), set(self.audit.line_ids.criterion_id.mapped("code"))
        )
        gap = by_code["4.4"]
        self.assertEqual(gap[3], "Major gap")
        self.assertEqual(gap[4], "Customers told late")
        self.assertEqual(gap[5], "No reminder")
        self.assertIn("4.4", gap[6])
        self.assertEqual(gap[7], self.auditor.name)
        self.assertEqual(gap[9], "Pending")
        summary = list(workbook["Summary"].iter_rows(values_only=True))
        total = next(row for row in summary if row[0] == "Total")
        self.assertEqual(total[1], 51)
