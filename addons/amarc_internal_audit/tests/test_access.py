from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import freeze_time

from .common import TODAY, AmarcAuditCommon


@tagged("post_install", "-at_install")
class TestAuditAccess(AmarcAuditCommon):
    """Each refusal is proved next to the user who is allowed the same thing."""

    def test_auditors_edit_the_audits_they_are_on(self):
        audit = self._audit()
        audit.action_start()
        line = self._line(audit, "1.1")
        line.with_user(self.auditor).write({"result": "conform"})
        self.assertEqual(
            (line.result, line.auditor_id, line.date), ("conform", self.auditor, TODAY)
        )
        with self.assertRaises(AccessError):
            line.with_user(self.other_auditor).write({"result": "observation"})
        audit.auditor_ids = self.other_auditor
        line.with_user(self.other_auditor).write(
            {"result": "observation", "finding": "ok"}
        )
        self.assertEqual(
            (line.result, line.finding, line.auditor_id),
            ("observation", "ok", self.other_auditor),
        )
        with self.assertRaises(AccessError):
            line.with_user(self.user).write({"result": "conform"})
        as_user = audit.with_user(self.user)
        self.assertEqual(len(as_user.line_ids), 51, "users read audits")
        self.assertEqual(
            self._line(as_user, "1.1").read(["result", "finding"]),
            [{"id": line.id, "result": "observation", "finding": "ok"}],
        )
        line.with_user(self.manager).write({"result": "conform"})
        self.assertEqual(line.result, "conform")

    def test_only_managers_delete(self):
        audit = self._audit()
        self.assertEqual(audit.date_start, TODAY)
        with self.assertRaises(AccessError):
            audit.with_user(self.auditor).unlink()
        with self.assertRaisesMessage(
            UserError,
            "Internal audit 2026 must be kept until 2029-12-31 (retention period of "
            "chapter V of the referential): archive it instead of deleting it.",
        ):
            audit.with_user(self.manager).unlink()
        audit.with_user(self.manager).action_archive()
        self.assertFalse(audit.active)
        with freeze_time("2030-01-01"):
            with self.assertRaises(AccessError):
                audit.with_user(self.auditor).unlink()
            audit.with_user(self.manager).unlink()
        self.assertFalse(audit.exists())

    def test_certification_is_managed_by_quality_managers(self):
        with self.assertRaises(AccessError):
            self.env["amarc.certification"].with_user(self.auditor).create(
                {"level": "A"}
            )
        certification = (
            self.env["amarc.certification"]
            .with_user(self.manager)
            .create({"level": "A"})
        )
        self.assertEqual(certification.company_id, self.company)
        self.assertEqual(
            certification.with_user(self.auditor).read(["name", "level"]),
            [{"id": certification.id, "name": "RE/MRC/03, level A", "level": "A"}],
        )
        with self.assertRaises(AccessError):
            certification.with_user(self.auditor).write({"level": "B"})
        certification.with_user(self.manager).write({"level": "B"})
        self.assertEqual(certification.name, "RE/MRC/03, level B")

    def test_multi_company_isolation(self):
        audit = self._audit()
        audit.action_start()
        audit_b = self._audit(
            company_id=self.company_b.id, level="B", lead_auditor_id=self.manager_b.id
        )
        audit_b.action_start()
        self.env.flush_all()
        as_a = self.env(user=self.manager)
        as_b = self.env(user=self.manager_b)
        # each company's quality manager sees its own audit, lines and coverage
        self.assertEqual(as_a["amarc.audit"].search([]), audit)
        self.assertEqual(as_b["amarc.audit"].search([]), audit_b)
        self.assertEqual(as_a["amarc.audit.line"].search([]), audit.line_ids)
        self.assertEqual(as_b["amarc.audit.line"].search([]), audit_b.line_ids)
        self.assertEqual(
            (len(audit.line_ids), len(audit_b.line_ids)), (51, 67), "levels A and B"
        )
        Coverage = self.env["amarc.audit.coverage"]
        self.assertEqual(
            as_a["amarc.audit.coverage"].search([]),
            Coverage.search([("company_id", "=", self.company.id)]),
        )
        this_year = [("year", "=", 2026)]
        self.assertEqual(as_a["amarc.audit.coverage"].search_count(this_year), 51)
        self.assertEqual(as_b["amarc.audit.coverage"].search_count(this_year), 67)
        with self.assertRaises(AccessError):
            audit.with_user(self.manager_b).read(["name"])
        self.assertEqual(
            audit.with_user(self.manager).read(["name"]),
            [{"id": audit.id, "name": "Internal audit 2026"}],
        )
