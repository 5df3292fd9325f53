from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import AmarcReferentialCommon


@tagged("post_install", "-at_install")
class TestProcess(AmarcReferentialCommon):
    """The processes of criterion 1.6: every company has the complaint
    management process, and each active process has its own yearly 1.6
    obligation, fulfilled by a record of that process only."""

    def _process_obligations(self, company=None):
        """(name, process) of the company's active 1.6 obligations."""
        return sorted(
            (o.name, o.process_id)
            for o in self.obligation("1.6", company or self.company)
        )

    def test_new_company_gets_the_default_process(self):
        default = self.env["amarc.process"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertEqual(
            [(p.name, p.active) for p in default], [("Complaint management", True)]
        )
        self.assertEqual(
            self._process_obligations(),
            [("1.6 Annual process review (Complaint management)", default)],
        )
        # the main company's comes with the data
        main = self.env.ref("amarc_referential.process_complaint_management")
        self.assertEqual(main.company_id, self.env.ref("base.main_company"))

    def test_default_process_in_french(self):
        env = self._french("amarc_referential")
        company = env["res.company"].create({"name": "AMARC Société française"})
        process = env["amarc.process"].search([("company_id", "=", company.id)])
        self.assertEqual(process.name, "Management des insatisfactions")
        self.assertEqual(
            process.with_context(lang="en_US").name, "Complaint management"
        )

    def test_two_processes_two_obligations(self):
        first = self.env["amarc.process"].search([("company_id", "=", self.company.id)])
        recourses = (
            self.env["amarc.process"]
            .with_user(self.manager)
            .create(
                {
                    "name": "Recourses",
                    "company_id": self.company.id,
                    "user_id": self.auditor.id,
                }
            )
        )
        self.assertEqual(
            self._process_obligations(),
            [
                ("1.6 Annual process review (Complaint management)", first),
                ("1.6 Annual process review (Recourses)", recourses),
            ],
        )
        second = self.obligation("1.6").filtered(lambda o: o.process_id == recourses)
        self.assertEqual(
            (second.frequency, second.user_id, second.last_done_date),
            ("yearly", self.auditor, False),
        )
        # the other company is untouched
        self.assertEqual(len(self.obligation("1.6", self.company_b)), 1)
        # an archived process is no longer reviewed; back in use, it gets
        # its obligation back (the same one)
        recourses.with_user(self.manager).active = False
        self.assertEqual(
            self._process_obligations(),
            [("1.6 Annual process review (Complaint management)", first)],
        )
        self.assertFalse(second.active)
        recourses.with_user(self.manager).active = True
        self.assertTrue(second.active)
        self.assertEqual(len(self.obligation("1.6")), 2)

    def test_fulfilled_per_process(self):
        first = self.env["amarc.process"].search([("company_id", "=", self.company.id)])
        recourses = self.env["amarc.process"].create(
            {"name": "Recourses", "company_id": self.company.id}
        )
        obligations = self.obligation("1.6")
        # any record that names a process (here an obligation of that
        # process's criterion) fulfils the obligation of its process only
        record = obligations.filtered(lambda o: o.process_id == recourses)
        evidence = self.Obligation._amarc_fulfil("1.6", record, date(2026, 6, 1))
        self.assertEqual(
            {o.process_id: o.last_done_date for o in obligations},
            {first: False, recourses: date(2026, 6, 1)},
        )
        self.assertEqual(evidence.obligation_id, record)

    def test_obligation_without_process_is_adopted(self):
        """An obligation of 1.6 made before processes existed (an upgraded
        database) is taken over by the first process, with its history."""
        obligation = self.obligation("1.6")
        obligation._mark_done(date(2026, 5, 2))
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE amarc_obligation SET process_id = NULL WHERE id = %s",
            (obligation.id,),
        )
        obligation.invalidate_recordset(["process_id"])
        self.company._amarc_generate_obligations(revive=False)
        everything = self.Obligation.with_context(active_test=False).search(
            [("company_id", "=", self.company.id), ("criterion_id.code", "=", "1.6")]
        )
        self.assertEqual(everything, obligation)
        self.assertEqual(
            (
                obligation.active,
                obligation.process_id.name,
                obligation.last_done_date,
            ),
            (True, "Complaint management", date(2026, 5, 2)),
        )

    def test_access(self):
        process = self.env["amarc.process"].search(
            [("company_id", "=", self.company.id)]
        )
        # an AMARC user reads the processes of the company, changes nothing
        self.assertEqual(
            process.with_user(self.user).read(["name"])[0]["name"],
            "Complaint management",
        )
        with self.assertRaises(AccessError):
            process.with_user(self.user).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self.env["amarc.process"].with_user(self.auditor).create(
                {"name": "Recourses", "company_id": self.company.id}
            )
        # the quality manager of the company maintains them
        process.with_user(self.manager).write({"name": "Complaints"})
        self.assertEqual(process.name, "Complaints")
        # the quality manager of the other company does not see them
        with self.assertRaises(AccessError):
            process.with_user(self.user_b).read(["name"])

    def test_process_with_obligations_is_archived_not_deleted(self):
        process = self.env["amarc.process"].search(
            [("company_id", "=", self.company.id)]
        )
        with self.assertRaisesMessage(
            UserError,
            "Process Complaint management has obligations and reviews: archive it "
            "instead of deleting it.",
        ):
            process.with_user(self.manager).unlink()
        with self.assertRaisesMessage(
            UserError,
            "A process with obligations cannot move to another company: archive "
            "it and create one in the other company.",
        ):
            process.write({"company_id": self.company_b.id})
        self.assertTrue(process.exists())
