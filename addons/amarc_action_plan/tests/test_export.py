import base64
import io
from datetime import date

import openpyxl

from odoo.tests import tagged

from .common import AmarcActionPlanCommon


@tagged("post_install", "-at_install")
class TestExport(AmarcActionPlanCommon):
    def _read(self, wizard):
        workbook = openpyxl.load_workbook(
            io.BytesIO(base64.b64decode(wizard.file_data))
        )
        return [list(row) for row in workbook.active.iter_rows(values_only=True)]

    def test_plan_export(self):
        judged = self._done_action(name="Judged")
        judged.with_user(self.auditor).action_mark_effective("ok")
        self._action(name="Open one", date_deadline=date(2026, 9, 1))
        action = self.plan.action_export_xlsx()
        self.assertIn("/web/content/", action["url"])
        wizard = self.env["amarc.action.export"].search([], order="id desc", limit=1)
        self.assertEqual(wizard.file_name, "Plan 2026.xlsx")
        rows = self._read(wizard)
        self.assertEqual(rows[0][:3], ["Plan", "Action", "Type"])
        by_name = {row[1]: row for row in rows[1:]}
        self.assertEqual(set(by_name), {"Judged", "Open one"})
        self.assertEqual(by_name["Judged"][4], self.user.name)
        self.assertEqual(by_name["Judged"][9], "Effective")
        self.assertEqual(by_name["Judged"][3], "4.4, 6.1")
        self.assertEqual(by_name["Open one"][5].date(), date(2026, 9, 1))

    def test_year_export(self):
        other_plan = self.Plan.create(
            {"name": "Other year", "company_id": self.company.id, "year": 2025}
        )
        self._action(name="This year")
        self._action(name="Last year", plan_id=other_plan.id)
        wizard = self.env["amarc.action.export"].create(
            {"company_id": self.company.id, "year": 2026}
        )
        wizard.action_export()
        names = [row[1] for row in self._read(wizard)[1:]]
        self.assertEqual(names, ["This year"])
