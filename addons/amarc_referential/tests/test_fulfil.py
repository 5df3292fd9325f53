from datetime import date

from odoo.tests import tagged
from odoo.tests.common import freeze_time

from .common import AmarcReferentialCommon


@tagged("post_install", "-at_install")
class TestFulfil(AmarcReferentialCommon):
    """``amarc.obligation._amarc_fulfil``: the record that fulfils an
    obligation marks it done and becomes its evidence."""

    def _record(self, name="Minutes", company=None):
        # any record of the company stands for the fulfilling record
        return self.env["res.partner"].create(
            {"name": name, "company_id": (company or self.company).id}
        )

    def test_record_fulfils_its_obligation(self):
        record = self._record("Process review 2026")
        obligation = self.obligation("1.6")
        evidence = self.Obligation._amarc_fulfil("1.6", record, date(2026, 6, 10))
        self.assertEqual(
            (obligation.last_done_date, obligation.next_due_date, obligation.state),
            (date(2026, 6, 10), date(2027, 6, 10), "ok"),
        )
        self.assertEqual(
            (
                evidence.obligation_id,
                evidence.criterion_id.code,
                evidence.date,
                evidence.record_ref,
                evidence.name,
                evidence.company_id,
            ),
            (
                obligation,
                "1.6",
                date(2026, 6, 10),
                record,
                "Process review 2026",
                self.company,
            ),
        )
        # the same record again (reopened and done again): one evidence
        again = self.Obligation._amarc_fulfil("1.6", record, date(2026, 6, 12))
        self.assertEqual(again, evidence)
        self.assertEqual(obligation.evidence_count, 1)
        self.assertEqual(obligation.last_done_date, date(2026, 6, 12))

    def test_never_moves_back_and_other_company_untouched(self):
        obligation = self.obligation("6.1")
        other = self.obligation("6.1", self.company_b)
        self.Obligation._amarc_fulfil("6.1", self._record("Late"), date(2026, 6, 14))
        evidence = self.Obligation._amarc_fulfil(
            "6.1", self._record("Earlier"), date(2026, 3, 1)
        )
        self.assertEqual(obligation.last_done_date, date(2026, 6, 14))
        self.assertEqual(evidence.date, date(2026, 3, 1), "still kept as evidence")
        self.assertEqual(obligation.evidence_count, 2)
        self.assertFalse(other.last_done_date)

    def test_criterion_without_obligation_keeps_the_evidence(self):
        # 1.7 is level B only: company A has no obligation, the proof is kept
        self.assertFalse(self.obligation("1.7"))
        evidence = self.Obligation._amarc_fulfil(
            "1.7", self._record("Management review"), date(2026, 6, 1)
        )
        self.assertEqual(
            (evidence.criterion_id.code, evidence.obligation_id.id), ("1.7", False)
        )
        self.assertFalse(
            self.Obligation._amarc_fulfil("9.9", self._record(), date(2026, 6, 1))
        )

    def test_checkpoint_narrows_the_obligation(self):
        monthly = self.env.ref("amarc_referential.checkpoint_1_16_3")
        self.Obligation._amarc_fulfil(
            "1.16",
            self._record("Monthly figures"),
            date(2026, 6, 1),
            checkpoint=monthly,
        )
        done = self.obligation("1.16").filtered("last_done_date")
        self.assertEqual(done.checkpoint_id, monthly)

    def test_fulfilled_over_a_year_boundary(self):
        obligation = self.obligation("5.4")
        with freeze_time("2025-12-31"):
            self.Obligation._amarc_fulfil("5.4", self._record(), date(2025, 12, 31))
        with freeze_time("2026-12-31"):
            obligation.invalidate_recordset(["state"])
            self.assertEqual(obligation.state, "due")
        with freeze_time("2027-01-01"):
            obligation.invalidate_recordset(["state"])
            self.assertEqual(obligation.state, "overdue")
