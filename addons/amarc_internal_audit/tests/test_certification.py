from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tests.common import freeze_time

from .common import TODAY, AmarcAuditCommon


@tagged("post_install", "-at_install")
class TestCertification(AmarcAuditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.certification = cls.env["amarc.certification"].create(
            {
                "company_id": cls.company.id,
                "referential_id": cls.env.ref(
                    "amarc_referential.referential_re_mrc_03"
                ).id,
                "level": "A",
                "application_date": date(2026, 1, 5),
                "records_start_date": date(2026, 1, 15),
            }
        )

    def _visit(self, visit_type, visit_date, decision=None, decision_date=None):
        return self.env["amarc.certification.visit"].create(
            {
                "certification_id": self.certification.id,
                "visit_type": visit_type,
                "date": visit_date,
                "decision": decision,
                "decision_date": decision_date,
            }
        )

    def test_readiness_three_months_of_records(self):
        self.assertEqual(self.certification.name, "RE/MRC/03, level A")
        early = self._visit("initial", date(2026, 3, 20))
        self.assertEqual(
            (self.certification.readiness_ok, self.certification.readiness_message),
            (
                False,
                (
                    "Only records since 2026-01-15: three months are required, "
                    "not before 2026-04-15."
                ),
            ),
        )
        early.date = date(2026, 4, 15)
        self.certification.invalidate_recordset()
        self.assertEqual(
            (self.certification.readiness_ok, self.certification.readiness_message),
            (
                True,
                (
                    "Records kept since 2026-01-15: at least three months at the "
                    "initial audit."
                ),
            ),
        )

    def test_grant_validity_and_surveillance(self):
        initial = self._visit("initial", date(2026, 5, 4), "grant", date(2026, 6, 1))
        initial.action_record_decision()
        self.assertEqual(self.certification.state, "certified")
        self.assertEqual(self.certification.valid_from, date(2026, 6, 1))
        self.assertEqual(self.certification.valid_until, date(2029, 6, 1))
        self.assertEqual(self.certification.next_visit_date, date(2027, 6, 1))
        due_soon = [("visit_due_soon", "=", True), ("company_id", "=", self.company.id)]
        with freeze_time("2027-03-31"):
            self.certification.invalidate_recordset()
            self.assertFalse(self.certification.visit_due_soon)
            self.assertFalse(self.env["amarc.certification"].search(due_soon))
        with freeze_time("2027-04-01"):
            self.certification.invalidate_recordset()
            self.assertTrue(self.certification.visit_due_soon, "two months ahead")
            self.assertEqual(
                self.env["amarc.certification"].search(due_soon), self.certification
            )
        first = self._visit("surveillance", date(2027, 6, 3), "maintain")
        first.action_record_decision()
        self.assertEqual((first.state, first.decision_date), ("done", TODAY))
        self.certification.invalidate_recordset()
        self.assertEqual(self.certification.next_visit_date, date(2028, 6, 1))
        second = self._visit("surveillance", date(2028, 6, 5), "suspend")
        second.action_record_decision()
        self.assertEqual(self.certification.state, "suspended")
        self.certification.invalidate_recordset()
        self.assertFalse(
            self.certification.next_visit_date, "two visits in three years"
        )

    def test_decisions_must_fit_the_visit(self):
        initial = self._visit("initial", date(2026, 5, 4), "maintain")
        with self.assertRaisesMessage(
            UserError,
            "Decision Certificate maintained does not apply to this visit; "
            "possible: Certificate granted, Documentary complementary audit, "
            "On-site complementary audit, Certificate refused.",
        ):
            initial.action_record_decision()
        self.assertEqual(self.certification.state, "application")
        initial.decision = "refusal"
        initial.action_record_decision()
        self.assertEqual(self.certification.state, "refused")

    def test_surveillance_within_validity(self):
        self._visit(
            "initial", date(2026, 5, 4), "grant", date(2026, 6, 1)
        ).action_record_decision()
        with self.assertRaisesMessage(
            UserError,
            "A surveillance visit takes place within the 3-year validity of the "
            "certificate (2026-06-01 - 2029-06-01).",
        ):
            self._visit("surveillance", date(2030, 1, 10))
        within = self._visit("surveillance", date(2029, 5, 20))
        self.assertEqual(within.certification_id.visit_ids.sorted("date")[-1], within)

    def test_findings_become_actions(self):
        visit = self._visit("initial", date(2026, 5, 4))
        criterion = self.env.ref("amarc_referential.criterion_5_2")
        self.env["amarc.certification.finding"].create(
            {
                "visit_id": visit.id,
                "criterion_id": criterion.id,
                "severity": "minor",
                "description": "Survey delay not written down",
            }
        )
        visit.action_create_actions()
        finding = visit.finding_ids
        # the action's source reads as the finding, not "model,id"
        self.assertEqual(
            finding.action_id.source.display_name,
            "5.2 - Survey delay not written down",
        )
        self.assertEqual(finding.action_id.name, "Survey delay not written down")
        self.assertEqual(
            (
                visit.plan_id.origin,
                visit.plan_id.year,
                visit.plan_id.company_id,
                visit.plan_id.action_ids,
            ),
            ("certification", 2026, self.company, finding.action_id),
        )
        self.assertEqual(finding.action_id.criterion_ids, criterion)
        self.assertEqual(finding.action_id.action_type, "corrective")
        visit.action_create_actions()
        self.assertEqual(
            len(visit.plan_id.action_ids), 1, "no duplicate on a second call"
        )
