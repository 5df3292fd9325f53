from datetime import datetime

from odoo.tests import tagged

from odoo.addons.amarc_action_plan.tests.common import render_pdf
from odoo.addons.amarc_referential.tests.common import render_xlsx

from .common import AmarcAuditCommon

# Level A criteria per commitment (51 in all)
LEVEL_A_PER_COMMITMENT = [12, 5, 10, 16, 5, 3]


@tagged("post_install", "-at_install")
class TestAuditReports(AmarcAuditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audit = cls._audit()
        cls.audit.action_start()
        cls._assess_all(cls.audit)
        cls.gap = cls._line(cls.audit, "4.4")
        cls.gap.write(
            {
                "result": "major_gap",
                "finding": "Customers told late",
                "root_cause": "No reminder",
            }
        )
        cls.gap.action_create_action(user=cls.auditor)
        cls.audit.action_done()

    def test_pdf(self):
        pdf, text = render_pdf(
            self, "amarc_internal_audit.action_report_amarc_audit", self.audit
        )
        self.assertGreater(len(pdf), 1000)
        criterion_11 = self._line(self.audit, "1.1").criterion_id
        criterion_44 = self.gap.criterion_id
        self.assertInOrder(
            text,
            [
                "Internal audit 2026",
                "Level: Level A (standard) From: 06/15/2026 To: 06/15/2026 State: Done",
                f"Lead auditor: {self.auditor.name}",
                "Criteria Conform Observations Minor gaps Major gaps To assess",
                "51 50 0 0 1 0",
                (
                    "Criterion Result Finding Root cause Actions (owner, deadline) "
                    "Effectiveness"
                ),
                f"{criterion_11.code} {criterion_11.name} Conform No action needed",
                # the row of the gap (its cells wrap at the column widths)
                f"{criterion_44.code} {criterion_44.name.rsplit(' ', 1)[0]}",
                "Major gap Customers told late No reminder",
                f"4.4: Customers told late ({self.auditor.name},",
                "Pending",
                "09/15/2026)",
            ],
        )

    def test_xlsx_lists_every_line(self):
        # the Print menu's XLSX report, as the auditor
        report = self.env.ref("amarc_internal_audit.action_report_amarc_audit_xlsx")
        self.assertEqual(report.binding_model_id.model, "amarc.audit")
        action = report.with_user(self.auditor).report_action(self.audit, config=False)
        workbook, name = render_xlsx(self, action, self.auditor)
        self.assertEqual(name, "Internal audit 2026.xlsx")
        self.assertEqual(workbook.sheetnames, ["Summary", "Lines"])
        rows = list(workbook["Lines"].iter_rows(values_only=True))
        self.assertEqual(
            rows[0],
            (
                "Audit",
                "Criterion",
                "Title",
                "Result",
                "Finding",
                "Root cause",
                "Actions",
                "Owners",
                "Deadlines",
                "Effectiveness",
                "Last year",
            ),
        )
        self.assertEqual(len(rows) - 1, 51)
        by_code = {row[1]: row for row in rows[1:]}
        self.assertEqual(
            set(by_code), set(self.audit.line_ids.criterion_id.mapped("code"))
        )
        self.assertEqual(
            by_code["4.4"],
            (
                "Internal audit 2026",
                "4.4",
                self.gap.criterion_id.name,
                "Major gap",
                "Customers told late",
                "No reminder",
                "4.4: Customers told late",
                self.auditor.name,
                datetime(2026, 9, 15),
                "Pending",
                None,
            ),
        )
        self.assertEqual(
            by_code["1.1"],
            (
                "Internal audit 2026",
                "1.1",
                self._line(self.audit, "1.1").criterion_id.name,
                "Conform",
                None,
                None,
                None,
                None,
                None,
                "No action needed",
                None,
            ),
        )
        summary = list(workbook["Summary"].iter_rows(values_only=True))
        commitments = self.audit.line_ids.commitment_id.sorted("sequence")
        self.assertEqual(
            summary,
            [
                ("Internal audit 2026", "Level A", *[None] * 6),
                (
                    "Commitment",
                    "Criteria",
                    "To assess",
                    "Conform",
                    "Observation",
                    "Minor gap",
                    "Major gap",
                    "Not applicable",
                ),
                *[
                    (
                        commitment.display_name,
                        count,
                        0,
                        count - (commitment.code == "4"),
                        0,
                        0,
                        int(commitment.code == "4"),
                        0,
                    )
                    for commitment, count in zip(
                        commitments, LEVEL_A_PER_COMMITMENT, strict=True
                    )
                ],
                ("Total", 51, 0, 50, 0, 0, 1, 0),
            ],
        )
