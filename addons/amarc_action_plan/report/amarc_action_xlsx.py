from odoo import models


class AmarcActionXlsx(models.AbstractModel):
    """Action plans as XLSX (the ``amarc.action.export`` wizard: its actions,
    the actions of its plans or every action of its year), one row per action
    with its owner, deadline, state and effectiveness."""

    _name = "report.amarc_action_plan.report_actions_xlsx"
    _inherit = "report.amarc_referential.xlsx_mixin"
    _description = "AMARC actions XLSX report"

    def _amarc_rows(self, actions):
        def label(record, field):
            return dict(record._fields[field]._description_selection(self.env)).get(
                record[field], ""
            )

        for action in actions:
            yield [
                action.plan_id.name or "",
                action.name,
                label(action, "action_type"),
                ", ".join(action.criterion_ids.mapped("code")),
                action.user_id.name or "",
                action.date_deadline,
                label(action, "state"),
                action.date_done,
                self.env._("Yes") if action.overdue else "",
                label(action, "effectiveness_state")
                if action.effectiveness_state
                else "",
                action.effectiveness_date,
                action.effectiveness_note or "",
            ]

    def generate_xlsx_report(self, workbook, data, wizards):
        actions = wizards.ensure_one()._actions()
        actions.check_access("read")
        styles = self._amarc_xlsx_styles(workbook)
        sheet = workbook.add_worksheet(self.env._("Actions"))
        headers = [
            self.env._("Plan"),
            self.env._("Action"),
            self.env._("Type"),
            self.env._("Criteria"),
            self.env._("Owner"),
            self.env._("Deadline"),
            self.env._("State"),
            self.env._("Done on"),
            self.env._("Overdue"),
            self.env._("Effectiveness"),
            self.env._("Judged on"),
            self.env._("Effectiveness note"),
        ]
        self._amarc_xlsx_row(
            sheet,
            0,
            headers,
            styles,
            style=styles["header"],
            widths=[30, 40, 14, 14, 22, 12, 12, 12, 9, 16, 12, 50],
        )
        row = 0
        for row, values in enumerate(self._amarc_rows(actions), start=1):
            self._amarc_xlsx_row(sheet, row, values, styles)
        sheet.autofilter(0, 0, max(row, 1), len(headers) - 1)
