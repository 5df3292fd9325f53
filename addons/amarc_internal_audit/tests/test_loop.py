from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tests.common import freeze_time

from .common import AmarcAuditCommon

NOT_APPLICABLE = "not_applicable"
VISIT = "Surveillance visit expected on %s: make the appointment with SGS-ICS."


@tagged("post_install", "-at_install")
class TestYearlyCoverage(AmarcAuditCommon):
    """Coverage that sees an empty year, N/A lines that need a justification,
    and the VI.1 obligation fulfilled by the year's audits."""

    def _missing(self, year, company=None):
        self.env.flush_all()
        return self.env["amarc.audit.coverage"].search_count(
            [
                ("company_id", "=", (company or self.company).id),
                ("year", "=", year),
                ("assessed", "=", False),
            ]
        )

    def _done_audit(self, year, **vals):
        with freeze_time(f"{year}-11-30"):
            audit = self._audit(year=year, date_start=date(year, 11, 2), **vals)
            audit.action_start()
            self._assess_all(audit)
            audit.action_done()
        return audit

    def test_year_without_audit_shows_every_criterion_missing(self):
        """2025 fully audited; on the first day of 2026, no audit this year:
        the coverage, the overview and the menu's domain report the 51
        criteria of level A as not audited; level B, its 67."""
        self._done_audit(2025)
        self.assertEqual(self._missing(2025), 0)
        with freeze_time("2025-12-31"):
            overview = self.env["amarc.overview"].with_company(self.company).create({})
            self.assertEqual(overview.coverage_missing_count, 0)
        with freeze_time("2026-01-01"):
            overview = self.env["amarc.overview"].with_company(self.company).create({})
            self.assertEqual(overview.coverage_missing_count, 51)
            action = overview.action_open_coverage_missing()
            rows = self.env["amarc.audit.coverage"].search(
                action["domain"] + [("assessed", "=", False)]
            )
            self.assertEqual(len(rows), 51, "the menu agrees with the overview")
            self.assertEqual(set(rows.mapped("result")), {"todo"})
        self.assertEqual(self._missing(2026), 51)
        self.assertEqual(self._missing(2026, self.company_b), 67)

    def test_not_applicable_needs_a_justification(self):
        audit = self._audit()
        audit.action_start()
        self._assess_all(audit)
        line = self._line(audit, "3.9")
        line.write({"result": NOT_APPLICABLE, "finding": "  "})
        self.assertEqual(self._missing(2026), 1, "not justified: not covered")
        with self.assertRaisesMessage(
            UserError,
            "Audit Internal audit 2026 cannot be finished; criteria marked not "
            "applicable without a justification (write it in the finding): 3.9.",
        ):
            audit.action_done()
        line.finding = "No training plan: the agents are trained by the group."
        self.assertEqual(self._missing(2026), 0)
        audit.action_done()
        self.assertEqual(audit.state, "done")

    def test_yearly_audit_obligation_fulfilled_by_the_years_audits(self):
        vi1 = self.Obligation.search(
            [("company_id", "=", self.company.id), ("reference_code", "=", "VI.1")]
        )
        self.assertEqual(
            (vi1.name, vi1.frequency, vi1.criterion_id.id, vi1.active),
            (
                "VI.1 Yearly internal audit of every certified criterion",
                "yearly",
                False,
                True,
            ),
        )
        c1 = self.env.ref("amarc_referential.commitment_1")
        first = self._audit(commitment_ids=[(6, 0, c1.ids)])
        first.action_start()
        self._assess_all(first)
        first.action_done()
        self.assertFalse(vi1.last_done_date, "39 criteria still to audit")
        with freeze_time("2026-09-10"):
            second = self._audit(
                commitment_ids=[
                    (
                        6,
                        0,
                        (
                            self.env["amarc.commitment"].search(
                                [
                                    (
                                        "referential_id",
                                        "=",
                                        self.company.amarc_referential_id.id,
                                    )
                                ]
                            )
                            - c1
                        ).ids,
                    )
                ]
            )
            second.action_start()
            self._assess_all(second)
            second.action_done()
        self.assertEqual(vi1.last_done_date, date(2026, 9, 10))
        self.assertEqual(
            [(e.record_ref, e.date, e.criterion_id.id) for e in vi1.evidence_ids],
            [(second, date(2026, 9, 10), False)],
        )


@tagged("post_install", "-at_install")
class TestRecordsKept(AmarcAuditCommon):
    """Chapter V.2: the certification's records and an audit's corrective
    actions are kept."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.certification = cls.env["amarc.certification"].create(
            {
                "company_id": cls.company.id,
                "level": "A",
                "application_date": date(2026, 1, 5),
                "records_start_date": date(2026, 1, 15),
            }
        )
        cls.visit = cls.env["amarc.certification.visit"].create(
            {
                "certification_id": cls.certification.id,
                "visit_type": "initial",
                "date": date(2026, 5, 4),
                "decision": "grant",
                "decision_date": date(2026, 6, 1),
            }
        )
        cls.finding = cls.env["amarc.certification.finding"].create(
            {"visit_id": cls.visit.id, "description": "Minutes not signed"}
        )

    def test_certification_visit_and_finding_kept_three_years(self):
        self.visit.action_record_decision()
        for record, until in (
            (self.visit, "2029-06-01"),
            (self.finding, "2029-06-01"),
            (self.certification, "2032-06-01"),
        ):
            with self.assertRaisesMessage(
                UserError,
                f"{record.display_name} must be kept until {until} (retention "
                "period of chapter V of the referential): archive it instead of "
                "deleting it.",
            ):
                record.unlink()
        self.visit.with_user(self.manager).action_archive()
        self.assertFalse(self.visit.active)
        with freeze_time("2029-06-02"):
            self.finding.unlink()
            self.visit.unlink()
        self.assertFalse(self.visit.exists())

    def test_corrective_actions_kept_as_long_as_their_audit(self):
        audit = self._audit()
        audit.action_start()
        self._assess_all(audit)
        line = self._line(audit, "4.4")
        line.write({"result": "major_gap", "finding": "late"})
        line.action_create_action()
        action = line.action_ids
        audit.action_done()
        # the audit (done on 2026-06-15) is kept until the end of 2029
        self.assertEqual(action._amarc_retention_until(), date(2029, 12, 31))
        with (
            freeze_time("2028-01-01"),
            self.assertRaisesMessage(
                UserError,
                f"{action.display_name} must be kept until 2029-12-31 (retention "
                "period of chapter V of the referential): archive it instead of "
                "deleting it.",
            ),
        ):
            action.unlink()


@tagged("post_install", "-at_install")
class TestVisitsAnnounced(AmarcAuditCommon):
    """III.2.1: the appointment of each surveillance visit is made two months
    before; the quality manager is told once by the daily cron."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.amarc_quality_manager_id = cls.manager
        cls.certification = cls.env["amarc.certification"].create(
            {
                "company_id": cls.company.id,
                "level": "A",
                "application_date": date(2026, 1, 5),
                "records_start_date": date(2026, 1, 15),
                "state": "certified",
                "valid_from": date(2026, 6, 1),
            }
        )

    def _activities(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "amarc.certification"),
                ("res_id", "=", self.certification.id),
            ],
            order="id",
        )

    def _run_cron(self, day):
        with freeze_time(day):
            self.certification.invalidate_recordset()
            self.env["amarc.certification"]._cron_announce_visits()

    def test_surveillance_visit_reminded_once_two_months_ahead(self):
        self._run_cron("2027-03-31")
        self.assertFalse(self._activities(), "more than two months ahead")
        self._run_cron("2027-04-01")
        self._run_cron("2027-04-02")
        activity = self._activities()
        self.assertEqual(
            (activity.user_id, activity.summary, activity.date_deadline),
            (
                self.manager,
                VISIT % "2027-06-01",
                date(2027, 5, 1),
            ),
        )
        self.assertEqual(self.certification.visit_reminded_date, date(2027, 6, 1))
        # the first visit done, the second is announced in its turn, once
        self.env["amarc.certification.visit"].create(
            {
                "certification_id": self.certification.id,
                "visit_type": "surveillance",
                "date": date(2027, 6, 3),
                "state": "done",
                "decision": "maintain",
            }
        )
        self._run_cron("2028-04-01")
        self._run_cron("2028-04-01")
        self.assertEqual(
            self._activities().mapped("summary"),
            [VISIT % "2027-06-01", VISIT % "2028-06-01"],
        )

    def test_certificate_end_announced_once(self):
        self.env["amarc.certification.visit"].create(
            [
                {
                    "certification_id": self.certification.id,
                    "visit_type": "surveillance",
                    "date": date(year, 6, 1),
                    "state": "done",
                    "decision": "maintain",
                }
                for year in (2027, 2028)
            ]
        )
        self._run_cron("2029-03-31")
        self.assertFalse(self._activities())
        self._run_cron("2029-04-01")
        self._run_cron("2029-05-01")
        self.assertEqual(
            self._activities().mapped("summary"),
            [("The certificate ends on 2029-06-01: prepare its renewal with SGS-ICS.")],
        )

    def test_readiness_lists_criteria_without_records(self):
        application = self.env["amarc.certification"].create(
            {
                "company_id": self.company.id,
                "level": "A",
                "application_date": date(2026, 1, 5),
                "records_start_date": date(2026, 1, 15),
            }
        )
        self.assertEqual(len(application.readiness_missing_criterion_ids), 51)
        for code, day in (("1.3", date(2026, 3, 16)), ("1.4", date(2026, 3, 14))):
            self.Evidence.create(
                {
                    "name": code,
                    "company_id": self.company.id,
                    "criterion_id": self.criterion(code).id,
                    "date": day,
                }
            )
        application.invalidate_recordset()
        missing = application.readiness_missing_criterion_ids
        # 1.3 within the three months before today (2026-03-15 - 2026-06-15),
        # 1.4 a day too early
        self.assertEqual(len(missing), 50)
        self.assertNotIn("1.3", missing.mapped("code"))
        self.assertIn("1.4", missing.mapped("code"))
