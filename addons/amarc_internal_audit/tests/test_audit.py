import html
import re
from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tests.common import freeze_time
from odoo.tools import mute_logger

from .common import TODAY, AmarcAuditCommon

CRITERION_44 = "4.4 Notice when stated deadline is missed"


@tagged("post_install", "-at_install")
class TestAudit(AmarcAuditCommon):
    def test_start_level_a_and_b(self):
        audit_a = self._audit()
        audit_a.action_start()
        self.assertEqual(audit_a.state, "in_progress")
        self.assertEqual(audit_a.date_start, TODAY)
        self.assertEqual(len(audit_a.line_ids), 51)
        self.assertEqual(set(audit_a.line_ids.mapped("criterion_id.level_a")), {True})
        self.assertEqual(set(audit_a.line_ids.mapped("result")), {"todo"})
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
        with self.assertRaisesMessage(
            UserError, "Only a draft audit can be started (Internal audit 2026)."
        ):
            audit.action_start()
        self.assertEqual((audit.state, len(audit.line_ids)), ("in_progress", 51))

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
        with self.assertRaisesMessage(
            UserError,
            "Audit Internal audit 2026 cannot be finished; criteria not assessed "
            "yet: 1.1; gaps without a corrective action: 1.16, 4.4.",
        ):
            audit.action_done()
        self.assertEqual(audit.state, "in_progress")
        self._line(audit, "1.1").result = "conform"
        self._line(audit, "4.4").action_create_action()
        with self.assertRaisesMessage(
            UserError,
            "Audit Internal audit 2026 cannot be finished; gaps without a "
            "corrective action: 1.16.",
        ):
            audit.action_done()
        self._line(audit, "1.16").action_create_action()
        audit.action_done()
        self.assertEqual((audit.state, audit.date_end), ("done", TODAY))

    def test_action_creation_and_plan(self):
        audit = self._audit()
        audit.action_start()
        gap = self._line(audit, "4.4")
        gap.write({"result": "major_gap", "finding": "Customers told late"})
        self.assertEqual(gap.auditor_id, self.env.user)
        self.assertEqual(gap.date, TODAY)
        result = gap.action_create_action(
            user=self.other_auditor, date_deadline=date(2026, 9, 30)
        )
        action = gap.action_ids
        self.assertEqual(result["res_id"], action.id)
        self.assertEqual(action.name, "4.4: Customers told late")
        self.assertEqual(action.action_type, "corrective")
        self.assertEqual(action.criterion_ids, gap.criterion_id)
        self.assertEqual(action.user_id, self.other_auditor)
        self.assertEqual(action.date_deadline, date(2026, 9, 30))
        self.assertEqual(action.source, gap)
        plan = audit.plan_id
        self.assertEqual(
            (plan.name, plan.origin, plan.year, plan.company_id),
            ("Improvement plan - Internal audit 2026", "audit", 2026, self.company),
        )
        self.assertEqual(action.plan_id, plan)
        other = self._line(audit, "1.16")
        other.write({"result": "minor_gap", "finding": "August skipped"})
        other.action_create_action()
        self.assertEqual(other.action_ids.plan_id, plan, "one plan per audit, reused")
        self.assertEqual(
            (other.action_ids.user_id, other.action_ids.date_deadline),
            (self.env.user, date(2026, 9, 15)),
            "by default the line's auditor, in three months",
        )
        self.assertEqual(plan.action_ids, action | other.action_ids)
        conform = self._line(audit, "1.1")
        conform.result = "conform"
        with self.assertRaisesMessage(
            UserError,
            "Criterion 1.1 is not a gap or an observation: no corrective action to "
            "create.",
        ):
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
        self.assertEqual(
            gap.action_ids, action | followup, "the follow-up is linked to the line"
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
        read_only = "A done audit is read-only: a quality manager must reopen it first."
        with self.assertRaisesMessage(UserError, read_only):
            audit.with_user(self.auditor).write({"conclusion": "<p>late edit</p>"})
        with self.assertRaisesMessage(UserError, read_only):
            self._line(audit, "1.1").with_user(self.auditor).write(
                {"finding": "changed"}
            )
        with self.assertRaisesMessage(
            UserError, "Only a quality manager can reopen an audit."
        ):
            audit.with_user(self.auditor).action_reopen()
        self.assertEqual(audit.state, "done")
        audit.with_user(self.manager).action_reopen()
        self.assertEqual(audit.state, "in_progress")
        self.assertEqual(
            str(audit.message_ids[0].body),
            f"<span>Audit reopened by {self.manager.name}.</span>",
        )
        audit.with_user(self.auditor).write({"conclusion": "<p>late edit</p>"})
        self.assertEqual(str(audit.conclusion), "<p>late edit</p>")

    def test_audit_of_this_year_cannot_be_deleted(self):
        audit = self._audit(year=TODAY.year)
        audit.action_start()
        with self.assertRaisesMessage(
            UserError,
            "Internal audit 2026 must be kept until 2029-12-31 (retention period of "
            "chapter V of the referential): archive it instead of deleting it.",
        ):
            audit.unlink()
        with self.assertRaisesRegex(
            UserError,
            r"^Internal audit 2026 - 1\.1 .* must be kept until 2029-12-31 \(",
        ):
            audit.line_ids[0].unlink()
        self.assertEqual(len(audit.line_ids), 51)
        with freeze_time("2030-01-01"):
            audit.line_ids[0].unlink()
            audit.unlink()
        self.assertFalse(audit.exists())

    def test_cancel(self):
        audit = self._audit()
        audit.action_cancel()
        self.assertEqual(audit.state, "cancelled")
        done = self._audit()
        done.action_start()
        self._assess_all(done)
        done.action_done()
        with self.assertRaisesMessage(
            UserError, "A done audit cannot be cancelled (Internal audit 2026)."
        ):
            done.action_cancel()
        self.assertEqual(done.state, "done")

    def test_prepare_next_links_lines_to_last_year(self):
        audit = self._audit()
        audit.action_start()
        self._assess_all(audit)
        gap = self._line(audit, "4.4")
        gap.write({"result": "major_gap", "finding": "Late notices"})
        gap.action_create_action()
        with self.assertRaisesMessage(
            UserError, "Finish audit Internal audit 2026 before preparing the next one."
        ):
            audit.action_prepare_next()
        audit.action_done()
        result = audit.action_prepare_next()
        next_audit = self.Audit.browse(result["res_id"])
        self.assertEqual(
            (next_audit.name, next_audit.year, next_audit.date_start),
            ("Internal audit 2027", 2027, date(2027, 6, 15)),
        )
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
        with self.assertRaisesMessage(
            UserError, "Start audit Internal audit 2027 before assessing its criteria."
        ):
            self._line(next_audit, "1.1").result = "conform"
        next_audit.action_start()
        self.assertEqual(
            len(next_audit.line_ids), 51, "starting adds no duplicate line"
        )
        self._line(next_audit, "1.1").result = "conform"
        self.assertEqual(self._line(next_audit, "1.1").result, "conform")
        with self.assertRaisesMessage(
            UserError,
            "Next year's audit was already prepared from Internal audit 2026.",
        ):
            audit.action_prepare_next()

    def test_dates_order(self):
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self._audit(date_start=date(2026, 5, 1), date_end=date(2026, 4, 1))
        audit = self._audit(date_start=date(2026, 4, 1), date_end=date(2026, 5, 1))
        self.assertEqual(
            (audit.date_start, audit.date_end), (date(2026, 4, 1), date(2026, 5, 1))
        )

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
        self.assertEqual(
            self._inputs(review),
            [
                ("nonconformities", "Actions of 2026 by state", "Draft: 1", False),
                ("audit_results", "Internal audit 2026", "Done", audit),
                (
                    "audit_results",
                    "Results of the internal audits of 2026",
                    (
                        "criteria audited: 51; conform: 50, observations: 0, minor "
                        "gaps: 0, major gaps: 1, not applicable: 0, to assess: 0"
                    ),
                    False,
                ),
                ("audit_results", f"Open gap on {CRITERION_44}", "Pending", gap),
                (
                    "audit_results",
                    "Corrective actions of the audits",
                    "Draft: 1; still open: 1, judged effective: 0",
                    False,
                ),
                (
                    "opportunities",
                    "Improvement plan - Internal audit 2026",
                    "0/1 actions done (0 %)",
                    audit.plan_id,
                ),
            ],
        )
        self.assertEqual(audit.review_id, review)
        self.assertEqual(audit.plan_id.review_id, review)
        management = self.env["amarc.review"].create(
            {"review_type": "management", "company_id": self.company.id, "year": 2026}
        )
        management.action_collect_inputs()
        self.assertEqual(
            [line for line in self._inputs(management) if line[0] == "audit_results"],
            [line for line in self._inputs(review) if line[0] == "audit_results"],
            "the management review reads the audit results too (ISO 9001 9.3.2)",
        )
        self.assertEqual(
            (audit.review_id, audit.plan_id.review_id),
            (review, review),
            "the process review integrates the audit and its plan",
        )

    def test_management_review_collects_audit_results(self):
        """ISO 9001 9.3.2 c 6: the year's audits, done or in progress, of the
        review's company. The full level A audit (51 lines): 1.1 not
        applicable, 2.1 an observation, 1.16 a minor gap, 4.4 a major gap,
        both with a corrective action still in draft, 47 conform. A second
        audit of commitment 6 in progress: 6.1 and 6.2 conform again, 6.3 to
        assess. Criteria audited once each: 51 - 1 (not applicable) = 50;
        conform 47 + 2 = 49. A draft audit and the other company's audit are
        left out."""
        full = self._audit()
        full.action_start()
        self._line(full, "1.1").write(
            {"result": "not_applicable", "finding": "No shop"}
        )
        self._line(full, "2.1").write(
            {"result": "observation", "finding": "Greeting could be warmer"}
        )
        minor = self._line(full, "1.16")
        minor.write({"result": "minor_gap", "finding": "August skipped"})
        major = self._line(full, "4.4")
        major.write({"result": "major_gap", "finding": "Late notices"})
        minor.action_create_action()
        major.action_create_action()
        self._assess_all(full)
        full.action_done()
        commitment_6 = self.env.ref("amarc_referential.commitment_6")
        scoped = self._audit(commitment_ids=[(6, 0, commitment_6.ids)])
        scoped.action_start()
        (self._line(scoped, "6.1") | self._line(scoped, "6.2")).result = "conform"
        self._audit()  # draft
        other = self._audit(company_id=self.company_b.id)
        other.action_start()
        self._assess_all(other)
        review = (
            self.env["amarc.review"]
            .with_user(self.manager)
            .create(
                {
                    "review_type": "management",
                    "company_id": self.company.id,
                    "year": 2026,
                }
            )
        )
        review.action_collect_inputs()
        self.assertEqual(
            [line for line in self._inputs(review) if line[0] == "audit_results"],
            [
                # the latest audit first, as the audits are listed
                (
                    "audit_results",
                    "Internal audit 2026, commitments 6",
                    "In progress",
                    scoped,
                ),
                ("audit_results", "Internal audit 2026", "Done", full),
                (
                    "audit_results",
                    "Results of the internal audits of 2026",
                    (
                        "criteria audited: 50; conform: 49, observations: 1, minor "
                        "gaps: 1, major gaps: 1, not applicable: 1, to assess: 1"
                    ),
                    False,
                ),
                (
                    "audit_results",
                    f"Open gap on {minor.criterion_id.display_name}",
                    "Pending",
                    minor,
                ),
                ("audit_results", f"Open gap on {CRITERION_44}", "Pending", major),
                (
                    "audit_results",
                    "Corrective actions of the audits",
                    "Draft: 2; still open: 2, judged effective: 0",
                    False,
                ),
            ],
        )
        # reading the results does not make the audits the management review's
        self.assertFalse((full | scoped).review_id)


@tagged("post_install", "-at_install")
class TestAuditOverview(AmarcAuditCommon):
    def _rows(self, overview):
        """The conformity table as (commitment, conform %, gaps) rows."""
        return [
            (html.unescape(name), int(rate), int(gaps))
            for name, rate, gaps in re.findall(
                r"<tr><td>([^<]*)</td><td class='text-end'>(\d+) %</td>"
                r"<td class='text-end'>(\d+)</td>",
                str(overview.conformity_html),
            )
        ]

    def test_conformity_per_commitment(self):
        Overview = self.env["amarc.overview"].with_company(self.company)
        overview = Overview.create({})
        self.assertEqual(
            (
                overview.last_audit_id,
                overview.conformity_html,
                overview.coverage_missing_count,
            ),
            (self.Audit, False, 51),
            "no audit this year: every applicable criterion is still to audit",
        )
        audit = self._audit()
        audit.action_start()
        overview = Overview.create({})
        self.assertEqual(
            (overview.last_audit_id, overview.coverage_missing_count),
            (self.Audit, 51),
            "the audit of this year is not done: every criterion still to audit",
        )
        self._assess_all(audit)
        gap = self._line(audit, "4.4")
        gap.write({"result": "major_gap", "finding": "late"})
        gap.action_create_action()
        audit.action_done()
        overview = Overview.create({})
        self.assertEqual(overview.last_audit_id, audit)
        self.assertEqual(overview.coverage_missing_count, 0)
        commitments = self.env["amarc.commitment"].search(
            [("referential_id", "=", self.company.amarc_referential_id.id)],
            order="sequence",
        )
        self.assertEqual(
            self._rows(overview),
            [
                (commitment.display_name, rate, gaps)
                for commitment, rate, gaps in zip(
                    commitments,
                    # commitment 4 at level A: 15 of 16 conform
                    [100, 100, 100, 94, 100, 100],
                    [0, 0, 0, 1, 0, 0],
                    strict=True,
                )
            ],
        )
        self.assertEqual(
            overview.action_open_last_audit()["res_id"], audit.id, "opens the audit"
        )
        # next year, the last audit is still this one (the coverage of a year
        # without audit is asserted by TestYearlyCoverage: its years come from
        # the database's clock, which freeze_time does not move)
        with freeze_time("2027-02-01"):
            overview = Overview.create({})
            self.assertEqual(overview.last_audit_id, audit)
