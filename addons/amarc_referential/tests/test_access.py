from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import freeze_time

from .common import AmarcReferentialCommon

DESCRIPTION_1_1 = (
    "The company’s* strategy formally sets out its will to listen to and satisfy "
    "its customers."
)


@tagged("post_install", "-at_install")
class TestAccess(AmarcReferentialCommon):
    """Each refusal is proved next to the user who is allowed the same thing."""

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
        criterion = self.criterion("1.1")
        self.assertEqual(
            criterion.with_user(self.user).read(["code", "description"]),
            [{"id": criterion.id, "code": "1.1", "description": DESCRIPTION_1_1}],
        )
        with self.assertRaises(AccessError):
            criterion.with_user(self.user).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self.env["amarc.commitment"].with_user(self.auditor).create(
                {"referential_id": self.referential.id, "code": "7", "name": "New"}
            )
        # the official referential is not the quality manager's to change:
        # only a system administrator maintains it (a new version of the text)
        with self.assertRaises(AccessError):
            criterion.with_user(self.manager).write({"name": "Listening strategy"})
        with self.assertRaises(AccessError):
            self.env["amarc.commitment"].with_user(self.manager).create(
                {"referential_id": self.referential.id, "code": "7", "name": "New"}
            )
        self.assertEqual(criterion.name, "Listening commitment in the strategy")
        admin = self._user(f"{self.LOGIN}sysadmin", "base.group_system")
        criterion.with_user(admin).write({"name": "Listening strategy"})
        self.assertEqual(criterion.name, "Listening strategy")
        commitment = (
            self.env["amarc.commitment"]
            .with_user(admin)
            .create({"referential_id": self.referential.id, "code": "7", "name": "New"})
        )
        self.assertEqual(
            sorted(self.referential.commitment_ids.mapped("code")),
            ["1", "2", "3", "4", "5", "6", "7"],
        )
        self.assertEqual(commitment.name, "New")

    def test_official_texts_read_only_for_the_quality_manager(self):
        """Every part of the official referential: read by the quality
        manager, written only by a system administrator."""
        admin = self._user(f"{self.LOGIN}sysadmin", "base.group_system")
        criterion = self.criterion("1.16")
        records = {
            "amarc.referential": self.referential,
            "amarc.commitment": criterion.commitment_id,
            "amarc.criterion": criterion,
            "amarc.criterion.checkpoint": criterion.checkpoint_ids[:1],
            "amarc.control.method": criterion.control_method_ids[:1],
            "amarc.reference.document": criterion.reference_document_ids[:1],
            "amarc.lexicon.term": self.env["amarc.lexicon.term"].search([], limit=1),
        }
        for model, record in records.items():
            self.assertEqual(len(record), 1, model)
            self.assertTrue(record.with_user(self.manager).read(["display_name"]))
            for operation in ("write", "create", "unlink"):
                self.assertFalse(
                    self.env[model].with_user(self.manager).has_access(operation),
                    f"{model} {operation}",
                )
                self.assertTrue(
                    self.env[model].with_user(admin).has_access(operation),
                    f"{model} {operation}",
                )

    def test_employee_without_group_sees_nothing(self):
        with self.assertRaises(AccessError):
            self.criterion("1.1").with_user(self.stranger).read(["name"])
        with self.assertRaises(AccessError):
            self.evidence.with_user(self.stranger).read(["name"])
        # an AMARC user of the same company reads both
        self.assertEqual(
            self.criterion("1.1").with_user(self.user).read(["name"])[0]["name"],
            self.criterion("1.1").name,
        )
        self.assertEqual(
            self.evidence.with_user(self.user).read(["name"])[0]["name"],
            "Company A proof",
        )

    def test_user_records_evidence_but_cannot_delete(self):
        evidence = self.Evidence.with_user(self.user).create(
            {"name": "Mine", "criterion_id": self.criterion("1.3").id}
        )
        self.assertEqual(evidence.company_id, self.company)
        self.assertEqual(evidence.date, date(2026, 6, 15))
        self.assertEqual(evidence.retention_until, date(2027, 6, 15))
        with self.assertRaises(AccessError):
            evidence.unlink()
        with self.assertRaisesRegex(
            UserError, "Company A proof must be kept until 2027-06-15"
        ):
            self.evidence.with_user(self.manager).unlink()
        self.evidence.with_user(self.manager).action_archive()
        self.assertFalse(self.evidence.active)
        with freeze_time("2027-06-16"):
            # after the retention period: still refused to the user, the
            # quality manager deletes
            with self.assertRaises(AccessError):
                evidence.with_user(self.user).unlink()
            evidence.with_user(self.manager).unlink()
        self.assertFalse(evidence.exists())

    def test_user_updates_only_own_obligations(self):
        self.own.with_user(self.user).write({"note": "<p>planned</p>"})
        self.assertEqual(str(self.own.note), "<p>planned</p>")
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.user).write({"note": "<p>not mine</p>"})
        with self.assertRaises(AccessError):
            self.Obligation.with_user(self.user).create(
                {"criterion_id": self.criterion("1.1").id, "frequency": "yearly"}
            )
        self.foreign.with_user(self.auditor).write({"lead_days": 10})
        self.assertEqual(self.foreign.lead_days, 10)
        created = self.Obligation.with_user(self.manager).create(
            {"criterion_id": self.criterion("1.1").id, "frequency": "yearly"}
        )
        self.assertEqual(
            (created.company_id, created.criterion_id.code), (self.company, "1.1")
        )

    def test_multi_company_isolation(self):
        as_a = self.Evidence.with_user(self.user)
        as_b = self.Evidence.with_user(self.user_b)
        self.assertEqual(as_a.search([]), self.evidence)
        self.assertEqual(as_b.search([]), self.evidence_b)
        with self.assertRaises(AccessError):
            self.evidence_b.with_user(self.user).read(["name"])
        self.assertEqual(
            self.evidence_b.with_user(self.user_b).read(["name"])[0]["name"],
            "Company B proof",
        )
        # chapter IV's (the internal audit, when installed, adds VI.1's)
        own_obligations = self.Obligation.with_user(self.user_b).search(
            [("criterion_id", "!=", False)]
        )
        self.assertEqual(own_obligations.company_id, self.company_b)
        self.assertEqual(
            {
                (o.criterion_id.code, o.checkpoint_id.frequency or None)
                for o in own_obligations
            },
            self.LEVEL_A_OBLIGATIONS | self.LEVEL_B_ONLY_OBLIGATIONS,
        )
        with self.assertRaises(AccessError):
            self.own.with_user(self.user_b).read(["name"])
        self.assertEqual(
            self.own.with_user(self.user).read(["name"])[0]["name"],
            "1.6 Annual process review (Complaint management)",
        )
