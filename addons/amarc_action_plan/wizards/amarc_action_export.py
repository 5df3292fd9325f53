import base64
import io

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import UserError


class AmarcActionExport(models.TransientModel):
    """XLSX export of action plans, or of every action of a year."""

    _name = "amarc.action.export"
    _description = "Export AMARC actions to XLSX"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    year = fields.Integer(default=lambda self: fields.Date.context_today(self).year)
    plan_ids = fields.Many2many("amarc.action.plan", string="Plans")
    action_ids = fields.Many2many("amarc.action", string="Actions")
    file_data = fields.Binary(string="File", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    @api.model
    def _open_for(self, plans=None, actions=None):
        wizard = self.create(
            {
                "plan_ids": [(6, 0, plans.ids)] if plans else [],
                "action_ids": [(6, 0, actions.ids)] if actions else [],
            }
        )
        return wizard.action_export()

    def _actions(self):
        self.ensure_one()
        if self.action_ids:
            return self.action_ids
        Action = self.env["amarc.action"]
        if self.plan_ids:
            return Action.search(
                [("plan_id", "in", self.plan_ids.ids)],
                order="plan_id, date_deadline, id",
            )
        if not self.year:
            raise UserError(self.env._("Choose a year or plans to export."))
        return Action.search(
            [
                ("company_id", "=", self.company_id.id),
                "|",
                ("plan_id.year", "=", self.year),
                "&",
                "&",
                ("plan_id", "=", False),
                ("create_date", ">=", f"{self.year}-01-01"),
                ("create_date", "<", f"{self.year + 1}-01-01"),
            ],
            order="plan_id, date_deadline, id",
        )

    def _xlsx_rows(self, actions):
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
                action.overdue,
                label(action, "effectiveness_state")
                if action.effectiveness_state
                else "",
                action.effectiveness_date,
                action.effectiveness_note or "",
            ]

    def _build_xlsx(self, actions):
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(
            buffer,
            {"constant_memory": True, "in_memory": True, "remove_timezone": True},
        )
        sheet = workbook.add_worksheet(self.env._("Actions"))
        bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
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
        widths = [30, 40, 14, 14, 22, 12, 12, 12, 9, 16, 12, 50]
        for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
            sheet.set_column(col, col, width)
            sheet.write(0, col, header, bold)
        row = 0
        for row, values in enumerate(self._xlsx_rows(actions), start=1):
            for col, value in enumerate(values):
                if isinstance(value, bool):
                    sheet.write(row, col, self.env._("Yes") if value else "")
                elif hasattr(value, "isoformat"):
                    sheet.write_datetime(
                        row, col, fields.Datetime.to_datetime(value), date_format
                    )
                elif value is None or value is False:
                    sheet.write_blank(row, col, None)
                else:
                    sheet.write(row, col, value)
        sheet.autofilter(0, 0, max(row, 1), len(headers) - 1)
        workbook.close()
        return buffer.getvalue()

    def action_export(self):
        self.ensure_one()
        actions = self._actions()
        actions.check_access("read")
        content = self._build_xlsx(actions)
        if self.plan_ids and len(self.plan_ids) == 1:
            name = self.plan_ids.name
        else:
            name = self.env._("Actions %(year)s", year=self.year)
        self.write(
            {
                "file_data": base64.b64encode(content),
                "file_name": f"{name}.xlsx".replace("/", "-"),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": (
                f"/web/content/?model={self._name}&id={self.id}&field=file_data"
                f"&filename_field=file_name&download=true"
            ),
            "target": "self",
        }
