from odoo import models

from ..models.amarc_audit_line import RESULTS


class AmarcAuditXlsx(models.AbstractModel):
    """The internal audit report as XLSX: a summary sheet per commitment and one
    row per line with its criterion, result, finding, root cause and actions."""

    _name = "report.amarc_internal_audit.report_audit_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "AMARC internal audit XLSX report"

    def _label(self, record, field):
        return dict(record._fields[field]._description_selection(self.env)).get(
            record[field], ""
        )

    def generate_xlsx_report(self, workbook, data, audits):
        bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
        results = [r for r, _label in RESULTS]
        labels = dict(RESULTS)
        summary = workbook.add_worksheet(self.env._("Summary"))
        summary.set_column(0, 1, 28)
        summary.set_column(2, 2 + len(results), 14)
        row = 0
        for audit in audits:
            summary.write(row, 0, audit.name, bold)
            summary.write(row, 1, self.env._("Level %(level)s", level=audit.level))
            row += 1
            header = [self.env._("Commitment"), self.env._("Criteria")] + [
                labels[r] for r in results
            ]
            for col, value in enumerate(header):
                summary.write(row, col, value, bold)
            row += 1
            for commitment in audit.line_ids.commitment_id.sorted("sequence"):
                lines = audit.line_ids.filtered(
                    lambda line, c=commitment: line.commitment_id == c
                )
                summary.write(row, 0, commitment.display_name, wrap)
                summary.write(row, 1, len(lines))
                for col, result in enumerate(results, start=2):
                    summary.write(
                        row,
                        col,
                        len(lines.filtered(lambda line, r=result: line.result == r)),
                    )
                row += 1
            summary.write(row, 0, self.env._("Total"), bold)
            summary.write(row, 1, len(audit.line_ids), bold)
            for col, result in enumerate(results, start=2):
                summary.write(
                    row,
                    col,
                    len(
                        audit.line_ids.filtered(lambda line, r=result: line.result == r)
                    ),
                    bold,
                )
            row += 2

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
        widths = [24, 9, 36, 14, 50, 40, 40, 24, 14, 16, 14]
        for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
            sheet.set_column(col, col, width)
            sheet.write(0, col, header, bold)
        row = 1
        for audit in audits:
            for line in audit.line_ids.sorted("sequence"):
                actions = line.action_ids.filtered(lambda a: a.state != "cancelled")
                deadlines = [d for d in actions.mapped("date_deadline") if d]
                values = [
                    audit.name,
                    line.criterion_id.code,
                    line.criterion_id.name,
                    self._label(line, "result"),
                    line.finding or "",
                    line.root_cause or "",
                    "\n".join(actions.mapped("name")),
                    ", ".join(actions.user_id.mapped("name")),
                    "",
                    self._label(line, "effectiveness"),
                    self._label(line.previous_line_id, "result")
                    if line.previous_line_id
                    else "",
                ]
                for col, value in enumerate(values):
                    sheet.write(row, col, value, wrap)
                if deadlines:
                    sheet.write_datetime(row, 8, max(deadlines), date_format)
                row += 1
        sheet.autofilter(0, 0, max(row - 1, 1), len(headers) - 1)
        sheet.freeze_panes(1, 2)
