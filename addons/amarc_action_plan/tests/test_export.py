from datetime import date, datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from odoo.addons.amarc_referential.tests.common import render_xlsx, xlsx_rows

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
    def _read(self, action, user):
        """The actions' workbook of a report action, rendered for ``user``:
        its rows and the file's name."""
        self.assertEqual(
            (action["report_name"], action["data"]),
            ("amarc_action_plan.report_actions_xlsx", None),
        )
        workbook, name = render_xlsx(self, action, user)
        self.assertEqual(workbook.sheetnames, ["Actions"])
        return xlsx_rows(workbook, "Actions"), name

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
        # the plan's Export XLSX button, as the quality manager
        action = self.plan.with_user(self.manager).action_export_xlsx()
        wizard = self.env["amarc.action.export"].search([], order="id desc", limit=1)
        self.assertEqual(wizard.plan_ids, self.plan)
        self.assertEqual(action["context"]["active_ids"], wizard.ids)
        rows, name = self._read(action, self.manager)
        self.assertEqual(name, "Plan 2026.xlsx")
        self.assertEqual(
            rows,
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

    def test_selected_actions_export(self):
        """The list's Export to XLSX action: the selected actions, overdue
        ones marked; a user of another company cannot export them, nor read
        them in the workbook."""
        late = self._action(name="Late", date_deadline=date(2026, 3, 1))
        late.action_open()
        self._action(name="Not selected")
        action = late.with_user(self.user).action_export_xlsx()
        rows, name = self._read(action, self.user)
        self.assertEqual(name, "Actions 2026.xlsx")
        self.assertEqual(
            rows[1:],
            [
                [
                    "Plan 2026",
                    "Late",
                    "Corrective",
                    "4.4, 6.1",
                    self.user.name,
                    datetime(2026, 3, 1),
                    "Open",
                    None,
                    "Yes",
                    None,
                    None,
                    None,
                ]
            ],
        )
        with self.assertRaises(AccessError):
            late.with_user(self.user_b).action_export_xlsx()
        # the same export rendered for them holds none of the actions
        self.assertEqual(self._read(action, self.user_b)[0], [HEADERS])

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
        # the export of the Reporting menu, as the quality manager
        with Form(self.env["amarc.action.export"].with_user(self.manager)) as form:
            self.assertEqual(form.year, 2026, "this year by default")
            self.assertEqual(form.company_id, self.company)
        wizard = form.record
        rows, name = self._read(wizard.action_export(), self.manager)
        self.assertEqual(name, "Actions 2026.xlsx")
        self.assertEqual(rows[0], HEADERS)
        self.assertEqual(
            [(row[0], row[1]) for row in rows[1:]],
            [(None, "No plan, 2026"), ("Plan 2026", "This year")],
        )

    def test_export_needs_a_year_or_plans(self):
        wizard = self.env["amarc.action.export"].create(
            {"company_id": self.company.id, "year": 0}
        )
        with self.assertRaisesMessage(UserError, "Choose a year or plans to export."):
            wizard.action_export()
