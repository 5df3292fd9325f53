from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import AmarcAuditCommon


@tagged("post_install", "-at_install")
class TestAuditAccess(AmarcAuditCommon):
    def test_auditors_edit_the_audits_they_are_on(self):
        audit = self._audit()
        audit.action_start()
        line = self._line(audit, "1.1")
        line.with_user(self.auditor).write({"result": "conform"})
        with self.assertRaises(AccessError):
            line.with_user(self.other_auditor).write({"result": "observation"})
        audit.auditor_ids = self.other_auditor
        line.with_user(self.other_auditor).write(
            {"result": "observation", "finding": "ok"}
        )
        with self.assertRaises(AccessError):
            line.with_user(self.user).write({"result": "conform"})
        self.assertTrue(audit.with_user(self.user).line_ids, "users read audits")
        line.with_user(self.manager).write({"result": "conform"})

    def test_only_managers_delete(self):
        audit = self._audit()
        with self.assertRaises(AccessError):
            audit.with_user(self.auditor).unlink()
        with self.assertRaisesRegex(UserError, "must be kept until 2029-12-31"):
            audit.with_user(self.manager).unlink()
        audit.with_user(self.manager).action_archive()
        self.assertFalse(audit.active)

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

    def test_multi_company_isolation(self):
        audit = self._audit()
        audit.action_start()
        as_b = self.env(user=self.manager_b)
        self.assertFalse(as_b["amarc.audit"].search([("id", "=", audit.id)]))
        self.assertFalse(as_b["amarc.audit.line"].search([("audit_id", "=", audit.id)]))
        self.env.flush_all()
        self.assertFalse(
            as_b["amarc.audit.coverage"].search([("company_id", "=", self.company.id)])
        )
        with self.assertRaises(AccessError):
            audit.with_user(self.manager_b).read(["name"])
