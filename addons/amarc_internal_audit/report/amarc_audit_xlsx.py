from odoo import models

from ..models.amarc_audit_line import RESULTS


class AmarcAuditXlsx(models.AbstractModel):
    """The internal audit report as XLSX: a summary sheet per commitment and one
    row per line with its criterion, result, finding, root cause and actions."""

    _name = "report.amarc_internal_audit.report_audit_xlsx"
    _inherit = "report.amarc_referential.xlsx_mixin"
    _description = "AMARC internal audit XLSX report"

    def _label(self, record, field):
        return dict(record._fields[field]._description_selection(self.env)).get(
            record[field], ""
        )

    def generate_xlsx_report(self, workbook, data, audits):
        styles = self._amarc_xlsx_styles(
            workbook, cell={"text_wrap": True, "valign": "top"}
        )
        self._amarc_sheet_summary(workbook, styles, audits)
        self._amarc_sheet_lines(workbook, styles, audits)

    def _amarc_sheet_summary(self, workbook, styles, audits):
        """Per audit: the count of lines of each result per commitment."""
        bold = styles["header"]
        results = [r for r, _label in RESULTS]
        labels = dict(RESULTS)
        summary = workbook.add_worksheet(self.env._("Summary"))
        summary.set_column(0, 1, 28)
        summary.set_column(2, 2 + len(results), 14)

        def counts(lines):
            return [
                len(lines),
                *(
                    len(lines.filtered(lambda line, r=r: line.result == r))
                    for r in results
                ),
            ]

        row = 0
        for audit in audits:
            level = self.env._("Level %(level)s", level=audit.level)
            self._amarc_xlsx_row(summary, row, [audit.name, level], styles, style=bold)
            header = [self.env._("Commitment"), self.env._("Criteria")] + [
                labels[r] for r in results
            ]
            self._amarc_xlsx_row(summary, row + 1, header, styles, style=bold)
            row += 2
            for commitment in audit.line_ids.commitment_id.sorted("sequence"):
                lines = audit.line_ids.filtered(
                    lambda line, c=commitment: line.commitment_id == c
                )
                self._amarc_xlsx_row(
                    summary, row, [commitment.display_name, *counts(lines)], styles
                )
                row += 1
            total = [self.env._("Total"), *counts(audit.line_ids)]
            self._amarc_xlsx_row(summary, row, total, styles, style=bold)
            row += 2

    def _amarc_sheet_lines(self, workbook, styles, audits):
        """Every line of the audits: result, finding, actions, effectiveness."""
        sheet = workbook.add_worksheet(self.env._("Lines"))
        headers = [
            self.env._("Audit"),
            self.env._("Criterion"),
            self.env._("Title"),
            self.env._("Result"),
            self.env._("Finding"),
            self.env._("Root cause"),
            self.env._("Actions"),
            self.env._("Owners"),
            self.env._("Deadlines"),
            self.env._("Effectiveness"),
            self.env._("Last year"),
        ]
        self._amarc_xlsx_row(
            sheet,
            0,
            headers,
            styles,
            style=styles["header"],
            widths=[24, 9, 36, 14, 50, 40, 40, 24, 14, 16, 14],
        )
        row = 1
        for audit in audits:
            for line in audit.line_ids.sorted("sequence"):
                self._amarc_xlsx_row(sheet, row, self._amarc_line_row(line), styles)
                row += 1
        sheet.autofilter(0, 0, max(row - 1, 1), len(headers) - 1)
        sheet.freeze_panes(1, 2)

    def _amarc_line_row(self, line):
        actions = line.action_ids.filtered(lambda a: a.state != "cancelled")
        deadlines = [d for d in actions.mapped("date_deadline") if d]
        previous = line.previous_line_id
        return [
            line.audit_id.name,
            line.criterion_id.code,
            line.criterion_id.name,
            self._label(line, "result"),
            line.finding,
            line.root_cause,
            "\n".join(actions.mapped("name")),
            ", ".join(actions.user_id.mapped("name")),
            max(deadlines, default=None),
            self._label(line, "effectiveness"),
            self._label(previous, "result") if previous else "",
        ]
