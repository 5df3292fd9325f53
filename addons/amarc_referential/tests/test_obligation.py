from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tests.common import freeze_time
from odoo.tools import mute_logger

from .common import TODAY, AmarcReferentialCommon


@tagged("post_install", "-at_install")
class TestObligation(AmarcReferentialCommon):
    def test_generated_for_level_a(self):
        self.assertEqual(self.obligation_keys(self.company), self.LEVEL_A_OBLIGATIONS)
        obligation = self.obligation("1.6")
        self.assertEqual(
            (
                obligation.name,
                obligation.frequency,
                obligation.date_start,
                obligation.next_due_date,
                obligation.lead_days,
                obligation.state,
            ),
            (
                "1.6 Annual process review (Complaint management)",
                "yearly",
                TODAY,
                date(2027, 6, 15),
                7,
                "ok",
            ),
        )

    def test_level_b_adds_and_level_a_archives(self):
        self.company.amarc_level = "B"
        self.assertEqual(
            self.obligation_keys(self.company),
            self.LEVEL_A_OBLIGATIONS | self.LEVEL_B_ONLY_OBLIGATIONS,
        )
        self.company.amarc_level = "A"
        self.assertEqual(self.obligation_keys(self.company), self.LEVEL_A_OBLIGATIONS)
        archived = self.Obligation.with_context(active_test=False).search(
            [("company_id", "=", self.company.id), ("active", "=", False)]
        )
        self.assertEqual(
            {o.criterion_id.code for o in archived}, {"1.7", "1.14", "1.19", "4.5"}
        )

    def test_quality_manager_is_the_default_responsible(self):
        self.assertFalse(self.obligation("1.6").user_id)
        self.company.amarc_quality_manager_id = self.manager
        self.assertEqual(self.obligation("1.6").user_id, self.manager)
        self.company.amarc_level = "B"
        self.assertEqual(self.obligation("1.7").user_id, self.manager, "new ones too")
        self.assertEqual(
            self.Obligation.search(
                [("company_id", "=", self.company.id), ("user_id", "!=", False)]
            ).user_id,
            self.manager,
        )
        self.assertEqual(self.Obligation.search_count(self._chapter_iv()), 13)

    def _chapter_iv(self):
        """The company's obligations from the criteria (chapter IV); the
        internal audit, when installed, adds VI.1's."""
        return [("company_id", "=", self.company.id), ("criterion_id", "!=", False)]

    def test_generation_is_idempotent(self):
        domain = self._chapter_iv()
        self.assertEqual(self.Obligation.search_count(domain), 9)
        self.company._amarc_generate_obligations()
        self.company._amarc_generate_obligations()
        self.assertEqual(self.Obligation.search_count(domain), 9)
        self.assertEqual(self.obligation_keys(self.company), self.LEVEL_A_OBLIGATIONS)

    def test_settings_change_the_level(self):
        settings = self.env["res.config.settings"].with_company(self.company).create({})
        settings.amarc_level = "B"
        settings.execute()
        self.assertEqual(self.company.amarc_level, "B")
        self.assertEqual(
            self.obligation("1.7").mapped("name"),
            ["1.7 Annual improvement of system effectiveness"],
        )
        self.assertEqual(
            self.obligation_keys(self.company),
            self.LEVEL_A_OBLIGATIONS | self.LEVEL_B_ONLY_OBLIGATIONS,
        )
        self.assertEqual(self.company_b.amarc_level, "B", "the other company as is")

    def test_next_due_date_follows_frequency(self):
        yearly = self.obligation("1.6")
        yearly.date_start = date(2026, 1, 10)
        self.assertEqual(yearly.next_due_date, date(2027, 1, 10))
        yearly.last_done_date = date(2026, 3, 31)
        self.assertEqual(yearly.next_due_date, date(2027, 3, 31))
        monthly = self.obligation("1.16").filtered(lambda o: o.frequency == "monthly")
        monthly.write({"date_start": date(2026, 1, 31), "last_done_date": False})
        self.assertEqual(monthly.next_due_date, date(2026, 2, 28))
        semiannual = self.obligation("1.16").filtered(
            lambda o: o.frequency == "semiannual"
        )
        semiannual.date_start = date(2026, 1, 1)
        self.assertEqual(semiannual.next_due_date, date(2026, 7, 1))

    def test_state_ok_due_overdue(self):
        obligation = self.obligation("1.6")
        obligation.write({"date_start": date(2026, 1, 10), "lead_days": 7})
        cases = [
            ("2027-01-02", "ok"),
            ("2027-01-03", "due"),
            ("2027-01-10", "due"),
            ("2027-01-11", "overdue"),
        ]
        for today, state in cases:
            with self.subTest(today=today), freeze_time(today):
                obligation.invalidate_recordset(["state"])
                self.assertEqual(obligation.state, state)
                found = self.Obligation.search(
                    [("id", "=", obligation.id), ("state", "=", state)]
                )
                self.assertEqual(found, obligation, "the state is searchable")

    def test_mark_done_wizard_records_evidence(self):
        obligation = self.obligation("1.6")
        attachment = self.env["ir.attachment"].create(
            {"name": "review.txt", "raw": b"minutes", "mimetype": "text/plain"}
        )
        with freeze_time("2026-06-15"):
            wizard_form = Form(
                self.env["amarc.obligation.done"].with_context(
                    active_model="amarc.obligation", active_ids=obligation.ids
                )
            )
            wizard_form.evidence_name = "Process review 2026"
            wizard = wizard_form.save()
            wizard.attachment_ids = attachment
            wizard.action_confirm()
        self.assertEqual(obligation.last_done_date, date(2026, 6, 15))
        self.assertEqual(obligation.next_due_date, date(2027, 6, 15))
        self.assertEqual(obligation.evidence_count, 1)
        evidence = obligation.evidence_ids
        self.assertEqual(evidence.name, "Process review 2026")
        self.assertEqual(evidence.criterion_id.code, "1.6")
        self.assertEqual(evidence.attachment_ids, attachment)
        self.assertEqual(evidence.company_id, self.company)

    def test_mark_done_refuses_future_and_past_dates(self):
        obligation = self.obligation("1.6")
        with freeze_time("2026-06-15"):
            obligation._mark_done(date(2026, 6, 1), note="Minutes of the review")
            wizard = self.env["amarc.obligation.done"].create(
                {
                    "obligation_ids": [(6, 0, obligation.ids)],
                    "done_date": date(2026, 7, 1),
                }
            )
            with self.assertRaisesMessage(
                UserError,
                "An obligation cannot be marked done in the future.",
            ):
                wizard.action_confirm()
            with self.assertRaisesMessage(
                UserError,
                "Obligation 1.6 Annual process review (Complaint management) was "
                "already done on "
                "2026-06-01: a completion cannot be recorded before that date.",
            ):
                obligation._mark_done(date(2026, 5, 1))
        self.assertEqual(obligation.last_done_date, date(2026, 6, 1))
        self.assertEqual(obligation.evidence_count, 1, "only the accepted one")

    def test_unique_per_company(self):
        obligation = self.obligation("1.6")
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.Obligation.create(
                {
                    "company_id": self.company.id,
                    "criterion_id": obligation.criterion_id.id,
                    "process_id": obligation.process_id.id,
                    "frequency": "yearly",
                }
            )

    def test_negative_lead_days_refused(self):
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.obligation("1.6").lead_days = -1
            self.env.flush_all()

    def _only_reminded(self, obligations):
        """Unassign every other obligation (other companies, demo data): only
        ``obligations`` can be reminded."""
        self.Obligation.search([("id", "not in", obligations.ids)]).user_id = False

    def _todo_activities(self, obligation):
        return obligation.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
        )

    def test_cron_reminds_once_per_due_date(self):
        obligation = self.obligation("1.6")
        obligation.write(
            {"date_start": date(2026, 1, 10), "lead_days": 7, "user_id": self.user.id}
        )
        self._only_reminded(obligation)
        with freeze_time("2027-01-01"):
            self.Obligation._cron_remind_due_obligations()
            self.assertFalse(
                self._todo_activities(obligation), "not due yet: no reminder"
            )
        with freeze_time("2027-01-04"):
            self.Obligation._cron_remind_due_obligations()
            activities = self._todo_activities(obligation)
            self.assertEqual(len(activities), 1)
            self.assertEqual(activities.user_id, self.user)
            self.assertEqual(activities.date_deadline, date(2027, 1, 10))
            self.assertEqual(
                activities.summary,
                "Obligation due: 1.6 Annual process review (Complaint management)",
            )
            # run again the same day, and after the due date: never twice
            self.Obligation._cron_remind_due_obligations()
        with freeze_time("2027-01-20"):
            self.Obligation._cron_remind_due_obligations()
            self.assertEqual(len(self._todo_activities(obligation)), 1)
            # done: the activity is closed, a new due date re-arms the reminder
            obligation._mark_done(date(2027, 1, 20))
            self.assertFalse(self._todo_activities(obligation))
            self.assertEqual(obligation.next_due_date, date(2028, 1, 20))
        with freeze_time("2028-01-15"):
            self.Obligation._cron_remind_due_obligations()
            self.assertEqual(len(self._todo_activities(obligation)), 1)

    def test_cron_rearms_on_changed_due_date(self):
        obligation = self.obligation("1.6")
        obligation.write({"date_start": date(2026, 1, 10), "user_id": self.user.id})
        with freeze_time("2027-01-05"):
            self.Obligation._cron_remind_due_obligations()
            self.assertEqual(obligation.reminder_due_date, date(2027, 1, 10))
            obligation.next_due_date = date(2027, 1, 8)
            self.Obligation._cron_remind_due_obligations()
            self.assertEqual(obligation.reminder_due_date, date(2027, 1, 8))
            self.assertEqual(len(self._todo_activities(obligation)), 2)

    def test_cron_skips_archived_and_unassigned(self):
        archived = self.obligation("1.6")
        unassigned = self.obligation("1.18")
        reminded = self.obligation("3.9")
        self._only_reminded(archived | reminded)
        archived.write(
            {"date_start": date(2026, 1, 10), "user_id": self.user.id, "active": False}
        )
        unassigned.write({"date_start": date(2026, 1, 10), "user_id": False})
        reminded.write({"date_start": date(2026, 1, 10), "user_id": self.user.id})
        with freeze_time("2027-02-01"):
            processed = self.Obligation._cron_remind_due_obligations()
        self.assertEqual(processed, 1)
        self.assertFalse(archived.reminder_due_date)
        self.assertFalse(unassigned.reminder_due_date)
        self.assertFalse(
            self._todo_activities(archived) | self._todo_activities(unassigned)
        )
        # the same due date on an active, assigned obligation is reminded
        self.assertEqual(reminded.reminder_due_date, date(2027, 1, 10))
        self.assertEqual(len(self._todo_activities(reminded)), 1)

    def test_cron_batches(self):
        obligations = self.Obligation.search(self._chapter_iv())
        self._only_reminded(obligations)
        obligations.write({"date_start": date(2026, 1, 10), "user_id": self.user.id})
        with freeze_time("2027-03-01"):
            processed = self.Obligation._cron_remind_due_obligations(batch_size=2)
        self.assertEqual(processed, 9, "nine obligations in five batches of two")
        self.assertEqual(
            {(o.frequency, o.reminder_due_date) for o in obligations},
            {
                ("yearly", date(2027, 1, 10)),
                ("semiannual", date(2026, 7, 10)),
                ("monthly", date(2026, 2, 10)),
            },
        )
        self.assertEqual(
            obligations.mapped("reminder_due_date"),
            obligations.mapped("next_due_date"),
        )
        self.assertEqual(sum(len(self._todo_activities(o)) for o in obligations), 9)
