from odoo import models


class AmarcSatisfactionAnalysisXlsx(models.AbstractModel):
    """The yearly analysis of the satisfaction survey results (AMARC 5.3) as
    XLSX: the year's summary, then one sheet by month, team, reason and agent
    with the surveys sent, answered, satisfied and the two rates."""

    _name = "report.amarc_survey.report_satisfaction_analysis_xlsx"
    _inherit = "report.amarc_referential.xlsx_mixin"
    _description = "AMARC satisfaction analysis XLSX report"

    def generate_xlsx_report(self, workbook, data, analyses):
        analysis = analyses.ensure_one()
        figures = analysis._amarc_analysis_data()
        styles = self._amarc_xlsx_styles(workbook, number="0.0")
        headers = [
            self.env._("Group"),
            self.env._("Sent"),
            self.env._("Answered"),
            self.env._("Satisfied"),
            self.env._("Response rate (%)"),
            self.env._("Satisfaction rate (%)"),
        ]
        sheets = [
            (
                self.env._("Summary"),
                [dict(figures["total"], name=analysis._amarc_period_label())],
            ),
            (self.env._("By month"), figures["by_month"]),
            (self.env._("By team"), figures["by_team"]),
            (self.env._("By reason"), figures["by_reason"]),
            (self.env._("By agent"), figures["by_agent"]),
        ]
        for title, lines in sheets:
            sheet = workbook.add_worksheet(title[:31])
            self._amarc_xlsx_row(
                sheet,
                0,
                headers,
                styles,
                style=styles["header"],
                widths=[30, 14, 14, 14, 14, 14],
            )
            for row, line in enumerate(lines, start=1):
                self._amarc_xlsx_row(
                    sheet,
                    row,
                    [
                        str(line["name"]),
                        line["sent"] or 0,
                        line["answered"] or 0,
                        line["satisfied"] or 0,
                        line["response_rate"],
                        line["satisfaction_rate"],
                    ],
                    styles,
                )
