import base64
import io
from datetime import date, datetime

import openpyxl

from odoo.tests import tagged

from .common import AmarcActionPlanCommon

HEADERS = [
    "Plan",
    "Action",
    "Type",
    "Criteria",
    "Owner",
    "Deadline",
    "State",
    "Done on",
    "Overdue",
    "Effectiveness",
    "Judged on",
    "Effectiveness note",
]


@tagged("post_install", "-at_install")
class TestExport(AmarcActionPlanCommon):
    def _read(self, wizard):
        workbook = openpyxl.load_workbook(
            io.BytesIO(base64.b64decode(wizard.file_data))
        )
        self.assertEqual(workbook.sheetnames, ["Actions"])
        return [list(row) for row in workbook.active.iter_rows(values_only=True)]

    def _set_create_date(self, action, when):
        """Actions without a plan belong to the year they were created in: set
        that date (the database's clock) to a fixed one."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE amarc_action SET create_date = %s WHERE id = %s",
            (when, action.id),
        )
        action.invalidate_recordset(["create_date"])

    def test_plan_export(self):
        judged = self._done_action(name="Judged")
        judged.with_user(self.auditor).action_mark_effective("ok")
        self._action(name="Open one", date_deadline=date(2026, 9, 1))
        self._action(name="Other plan", plan_id=self.plan_b.id, user_id=self.user_b.id)
        action = self.plan.action_export_xlsx()
        wizard = self.env["amarc.action.export"].search([], order="id desc", limit=1)
        self.assertEqual(
            action,
            {
                "type": "ir.actions.act_url",
                "url": f"/web/content/?model=amarc.action.export&id={wizard.id}"
                "&field=file_data&filename_field=file_name&download=true",
                "target": "self",
            },
        )
        self.assertEqual(wizard.file_name, "Plan 2026.xlsx")
        self.assertEqual(
            self._read(wizard),
            [
                HEADERS,
                [
                    "Plan 2026",
                    "Judged",
                    "Corrective",
                    "4.4, 6.1",
                    self.user.name,
                    datetime(2026, 6, 30),
                    "Done",
                    datetime(2026, 4, 1),
                    None,
                    "Effective",
                    datetime(2026, 4, 1),
                    "ok",
                ],
                [
                    "Plan 2026",
                    "Open one",
                    "Corrective",
                    "4.4, 6.1",
                    self.user.name,
                    datetime(2026, 9, 1),
                    "Draft",
                    None,
                    None,
                    None,
                    None,
                    None,
                ],
            ],
        )

    def test_year_export(self):
        other_plan = self.Plan.create(
            {"name": "Other year", "company_id": self.company.id, "year": 2025}
        )
        # an action of this year's plan belongs to this year, whenever created
        self._set_create_date(self._action(name="This year"), "2027-01-15 12:00:00")
        self._action(name="Last year", plan_id=other_plan.id)
        self._action(name="Other company", plan_id=self.plan_b.id)
        for name, created in [
            ("No plan, 2025", "2025-12-15 12:00:00"),
            ("No plan, 2026", "2026-01-15 12:00:00"),
            ("No plan, 2027", "2027-01-15 12:00:00"),
        ]:
            self._set_create_date(
                self._action(name=name, plan_id=False, company_id=self.company.id),
                created,
            )
        wizard = self.env["amarc.action.export"].create({"company_id": self.company.id})
        self.assertEqual(wizard.year, 2026, "this year by default")
        wizard.action_export()
        self.assertEqual(wizard.file_name, "Actions 2026.xlsx")
        rows = self._read(wizard)
        self.assertEqual(rows[0], HEADERS)
        self.assertEqual(
            [(row[0], row[1]) for row in rows[1:]],
            [(None, "No plan, 2026"), ("Plan 2026", "This year")],
        )
