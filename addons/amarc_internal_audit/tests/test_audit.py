from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AmarcAuditCommon


@tagged("post_install", "-at_install")
class TestAudit(AmarcAuditCommon):
    def test_start_level_a_and_b(self):
        audit_a = self._audit()
        audit_a.action_start()
        self.assertEqual(audit_a.state, "in_progress")
        self.assertEqual(len(audit_a.line_ids), 51)
        self.assertTrue(all(audit_a.line_ids.mapped("criterion_id.level_a")))
        audit_b = self._audit(level="B")
        audit_b.action_start()
        self.assertEqual(len(audit_b.line_ids), 67)
        self.assertEqual(audit_b.name, "Internal audit 2026")
        line = self._line(audit_b, "2.1")
        self.assertEqual(line.control_method_ids, line.criterion_id.control_method_ids)

    def test_scope_restricted_to_commitments(self):
        commitment_4 = self.env.ref("amarc_referential.commitment_4")
        audit = self._audit(level="B", commitment_ids=[(6, 0, commitment_4.ids)])
        audit.action_start()
        self.assertEqual(len(audit.line_ids), 19)
        self.assertEqual(audit.line_ids.commitment_id, commitment_4)
        self.assertEqual(audit.name, "Internal audit 2026, commitments 4")

    def test_cannot_assess_before_start(self):
        audit = self._audit()
        audit.action_start()
        with self.assertRaisesRegex(UserError, "Only a draft audit"):
            audit.action_start()

    def test_done_refused_while_todo_or_gap_without_action(self):
        audit = self._audit()
        audit.action_start()
        self._assess_all(audit)
        self._line(audit, "1.1").result = "todo"
        self._line(audit, "4.4").write(
            {"result": "major_gap", "finding": "Late notices"}
        )
        self._line(audit, "1.16").write(
            {"result": "minor_gap", "finding": "August skipped"}
        )
        with self.assertRaises(UserError) as error:
            audit.action_done()
        message = str(error.exception)
        self.assertIn("criteria not assessed yet: 1.1", message)
        self.assertIn("gaps without a corrective action: 1.16, 4.4", message)
        self.assertEqual(audit.state, "in_progress")
        self._line(audit, "1.1").result = "conform"
        self._line(audit, "4.4").action_create_action()
        with self.assertRaises(UserError) as error:
            audit.action_done()
        self.assertIn("gaps without a corrective action: 1.16.", str(error.exception))
        self.assertNotIn("4.4", str(error.exception))
        self._line(audit, "1.16").action_create_action()
        audit.action_done()
        self.assertEqual(audit.state, "done")
        self.assertTrue(audit.date_end)

    def test_action_creation_and_plan(self):
        audit = self._audit()
        audit.action_start()
        gap = self._line(audit, "4.4")
        gap.write({"result": "major_gap", "finding": "Customers told late"})
        self.assertEqual(gap.auditor_id, self.env.user)
        self.assertEqual(gap.date, date.today())
        result = gap.action_create_action(
            user=self.other_auditor, date_deadline=date(2026, 9, 30)
        )
        action = gap.action_ids
        self.assertEqual(result["res_id"], action.id)
        self.assertEqual(action.action_type, "corrective")
        self.assertEqual(action.criterion_ids, gap.criterion_id)
        self.assertEqual(action.user_id, self.other_auditor)
        self.assertEqual(action.date_deadline, date(2026, 9, 30))
        self.assertEqual(action.source, gap)
        plan = audit.plan_id
        self.assertEqual(
            (plan.origin, plan.year, plan.company_id), ("audit", 2026, self.company)
        )
        self.assertEqual(action.plan_id, plan)
        other = self._line(audit, "1.16")
        other.write({"result": "minor_gap", "finding": "August skipped"})
        other.action_create_action()
        self.assertEqual(other.action_ids.plan_id, plan, "one plan per audit, reused")
        conform = self._line(audit, "1.1")
        conform.result = "conform"
        with self.assertRaisesRegex(UserError, "not a gap"):
            conform.action_create_action()

    def test_line_effectiveness_from_actions(self):
        audit = self._audit()
        audit.action_start()
        gap = self._line(audit, "4.4")
        gap.write({"result": "major_gap", "finding": "Late"})
        self.assertEqual(gap.effectiveness, "none")
        gap.action_create_action(user=self.auditor)
        action = gap.action_ids
        self.assertEqual(gap.effectiveness, "pending")
        action.action_open()
        action.action_done()
        self.assertEqual(gap.effectiveness, "pending")
        followup = action.with_user(self.manager).action_mark_not_effective(
            "Still late"
        )
        self.assertIn(
            followup, gap.action_ids, "the follow-up stays linked to the line"
        )
        self.assertEqual(gap.effectiveness, "pending", "the follow-up decides now")
        followup.write({"user_id": self.auditor.id, "date_deadline": date(2026, 12, 1)})
        followup.action_open()
        followup.action_done()
        followup.with_user(self.manager).action_mark_effective("On time since October")
        self.assertEqual(gap.effectiveness, "effective")

    def test_done_audit_is_read_only_and_reopened_by_manager(self):
        audit = self._audit()
        audit.action_start()
        self._assess_all(audit)
        audit.action_done()
        with self.assertRaisesRegex(UserError, "read-only"):
            audit.with_user(self.auditor).write({"conclusion": "<p>late edit</p>"})
        with self.assertRaisesRegex(UserError, "read-only"):
            self._line(audit, "1.1").with_user(self.auditor).write(
                {"finding": "changed"}
            )
        with self.assertRaisesRegex(UserError, "quality manager"):
            audit.with_user(self.auditor).action_reopen()
        audit.with_user(self.manager).action_reopen()
        self.assertEqual(audit.state, "in_progress")
        self.assertIn("reopened", audit.message_ids[0].body)

    def test_audit_of_this_year_cannot_be_deleted(self):
        audit = self._audit(year=date.today().year)
        audit.action_start()
        until = f"{date.today().year + 3}-12-31"
        with self.assertRaisesRegex(UserError, f"must be kept until {until}"):
            audit.unlink()
        with self.assertRaisesRegex(UserError, "must be kept until"):
            audit.line_ids[0].unlink()
        self.assertEqual(len(audit.line_ids), 51)

    def test_cancel(self):
        audit = self._audit()
        audit.action_cancel()
        self.assertEqual(audit.state, "cancelled")
        done = self._audit()
        done.action_start()
        self._assess_all(done)
        done.action_done()
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            done.action_cancel()

    def test_prepare_next_links_lines_to_last_year(self):
        audit = self._audit()
        audit.action_start()
        self._assess_all(audit)
        gap = self._line(audit, "4.4")
        gap.write({"result": "major_gap", "finding": "Late notices"})
        gap.action_create_action()
        with self.assertRaisesRegex(UserError, "Finish audit"):
            audit.action_prepare_next()
        audit.action_done()
        result = audit.action_prepare_next()
        next_audit = self.Audit.browse(result["res_id"])
        self.assertEqual(next_audit.year, 2027)
        self.assertEqual(next_audit.state, "draft")
        self.assertEqual(next_audit.previous_audit_id, audit)
        self.assertEqual(len(next_audit.line_ids), 51)
        self.assertEqual(set(next_audit.line_ids.mapped("result")), {"todo"})
        for line in next_audit.line_ids:
            self.assertEqual(line.previous_line_id.criterion_id, line.criterion_id)
            self.assertEqual(line.previous_line_id.audit_id, audit)
        next_gap = self._line(next_audit, "4.4")
        self.assertEqual(next_gap.previous_result, "major_gap")
        self.assertEqual(next_gap.previous_finding, "Late notices")
        self.assertEqual(next_gap.previous_effectiveness, "pending")
        next_audit.action_start()
        self.assertEqual(
            len(next_audit.line_ids), 51, "starting adds no duplicate line"
        )
        with self.assertRaisesRegex(UserError, "already prepared"):
            audit.action_prepare_next()

    def test_dates_order(self):
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self._audit(date_start=date(2026, 5, 1), date_end=date(2026, 4, 1))

    def test_process_review_takes_in_the_audit(self):
        audit = self._audit()
        audit.action_start()
        self._assess_all(audit)
        gap = self._line(audit, "4.4")
        gap.write({"result": "major_gap", "finding": "Late notices"})
        gap.action_create_action()
        audit.action_done()
        review = self.env["amarc.review"].create(
            {"review_type": "process", "company_id": self.company.id, "year": 2026}
        )
        review.action_collect_inputs()
        audit_lines = review.input_ids.filtered(
            lambda line: line.category == "audit_results"
        )
        values = {line.name: line.value for line in audit_lines}
        self.assertIn("Conform: 50", values["Results of the internal audits of 2026"])
        self.assertIn("Major gap: 1", values["Results of the internal audits of 2026"])
        self.assertIn(gap, audit_lines.mapped("source"))
        self.assertIn("Corrective actions of the audits", values)
        self.assertEqual(audit.review_id, review)
        self.assertEqual(audit.plan_id.review_id, review)
        management = self.env["amarc.review"].create(
            {"review_type": "management", "company_id": self.company.id, "year": 2026}
        )
        management.action_collect_inputs()
        self.assertFalse(
            management.input_ids.filtered(
                lambda line: line.category == "audit_results"
            ),
            "audits feed the process review",
        )


@tagged("post_install", "-at_install")
class TestAuditOverview(AmarcAuditCommon):
    def test_conformity_per_commitment(self):
        overview = self.env["amarc.overview"].with_company(self.company).create({})
        self.assertFalse(overview.last_audit_id)
        audit = self._audit()
        audit.action_start()
        self._assess_all(audit)
        gap = self._line(audit, "4.4")
        gap.write({"result": "major_gap", "finding": "late"})
        gap.action_create_action()
        audit.action_done()
        overview = self.env["amarc.overview"].with_company(self.company).create({})
        self.assertEqual(overview.last_audit_id, audit)
        html = str(overview.conformity_html)
        self.assertIn("We mobilise our teams", html)
        self.assertIn("94 %", html, "commitment 4 at level A: 15 of 16 conform")
        self.assertIn("100 %", html)
