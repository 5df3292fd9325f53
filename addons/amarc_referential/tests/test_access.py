from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import AmarcReferentialCommon


@tagged("post_install", "-at_install")
class TestAccess(AmarcReferentialCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.evidence = cls.Evidence.create(
            {
                "name": "Company A proof",
                "company_id": cls.company.id,
                "criterion_id": cls.criterion("1.1").id,
            }
        )
        cls.evidence_b = cls.Evidence.create(
            {
                "name": "Company B proof",
                "company_id": cls.company_b.id,
                "criterion_id": cls.criterion("1.1").id,
            }
        )
        cls.own = cls.obligation("1.6")
        cls.own.user_id = cls.user
        cls.foreign = cls.obligation("1.18")
        cls.foreign.user_id = cls.auditor

    def test_user_reads_referential_but_cannot_change_it(self):
        criterion = self.criterion("1.1").with_user(self.user)
        self.assertTrue(criterion.description)
        with self.assertRaises(AccessError):
            criterion.write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self.env["amarc.commitment"].with_user(self.auditor).create(
                {"referential_id": self.referential.id, "code": "7", "name": "New"}
            )

    def test_manager_maintains_referential(self):
        criterion = self.criterion("1.1").with_user(self.manager)
        criterion.write({"name": "Listening strategy"})
        self.assertEqual(criterion.name, "Listening strategy")

    def test_employee_without_group_sees_nothing(self):
        with self.assertRaises(AccessError):
            self.criterion("1.1").with_user(self.stranger).read(["name"])
        with self.assertRaises(AccessError):
            self.evidence.with_user(self.stranger).read(["name"])

    def test_user_records_evidence_but_cannot_delete(self):
        evidence = self.Evidence.with_user(self.user).create(
            {"name": "Mine", "criterion_id": self.criterion("1.3").id}
        )
        self.assertEqual(evidence.company_id, self.company)
        with self.assertRaises(AccessError):
            evidence.unlink()
        with self.assertRaisesRegex(UserError, "must be kept until"):
            self.evidence.with_user(self.manager).unlink()
        self.evidence.with_user(self.manager).action_archive()
        self.assertFalse(self.evidence.active)

    def test_user_updates_only_own_obligations(self):
        self.own.with_user(self.user).write({"note": "<p>planned</p>"})
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.user).write({"note": "<p>not mine</p>"})
        with self.assertRaises(AccessError):
            self.Obligation.with_user(self.user).create(
                {"criterion_id": self.criterion("1.1").id, "frequency": "yearly"}
            )
        self.foreign.with_user(self.auditor).write({"lead_days": 10})
        self.assertEqual(self.foreign.lead_days, 10)

    def test_multi_company_isolation(self):
        Evidence = self.Evidence.with_user(self.user)
        self.assertIn(self.evidence, Evidence.search([]))
        self.assertNotIn(self.evidence_b, Evidence.search([]))
        with self.assertRaises(AccessError):
            self.evidence_b.with_user(self.user).read(["name"])
        own_obligations = self.Obligation.with_user(self.user_b).search([])
        self.assertTrue(own_obligations)
        self.assertEqual(own_obligations.company_id, self.company_b)
        with self.assertRaises(AccessError):
            self.own.with_user(self.user_b).read(["name"])
