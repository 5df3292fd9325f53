from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tests.common import freeze_time

from .common import AmarcReferentialCommon


@tagged("post_install", "-at_install")
class TestRetention(AmarcReferentialCommon):
    def test_evidence_kept_until_its_retention_date(self):
        evidence = self.Evidence.create(
            {
                "name": "Monthly communication",
                "company_id": self.company.id,
                "criterion_id": self.criterion("1.16").id,
                "date": date(2026, 3, 1),
            }
        )
        with freeze_time("2026-06-01"):
            with self.assertRaisesMessage(
                UserError,
                "Monthly communication must be kept until 2027-03-01 (retention "
                "period of chapter V of the referential): archive it instead of "
                "deleting it.",
            ):
                evidence.unlink()
            evidence.action_archive()
            self.assertFalse(evidence.active)
        self.assertEqual(evidence.exists(), evidence, "archived, not deleted")
        with (
            freeze_time("2027-03-01"),
            self.assertRaises(UserError, msg="kept on its last day"),
        ):
            evidence.unlink()
        with freeze_time("2027-03-02"):
            evidence.unlink()
        self.assertFalse(evidence.exists())

    def test_wording_changes_are_kept_as_versions(self):
        criterion = self.criterion("1.1")
        old_description = criterion.description
        criterion.write({"description": "New wording", "name": criterion.name})
        version = criterion.version_ids
        self.assertEqual(
            len(version), 1, "one version per change, the unchanged title aside"
        )
        self.assertEqual(version.description, old_description)
        self.assertEqual(version.user_id, self.env.user)
        self.assertEqual(str(version.date), "2026-06-15 12:00:00")
        criterion.write({"level_a": False})
        self.assertEqual(len(criterion.version_ids), 2)
        self.assertEqual(
            criterion.version_ids.sorted("id").mapped("level_a"), [True, True]
        )
        self.assertEqual(
            criterion.version_ids.sorted("id")[-1].description, "New wording"
        )
        criterion.write({"frequency": "yearly"})
        self.assertEqual(
            len(criterion.version_ids), 2, "only wording and levels make versions"
        )
        with self.assertRaisesRegex(UserError, r"must be kept until 2029-06-15 \("):
            version.unlink()
        with freeze_time("2029-06-16"):
            version.unlink()
        self.assertEqual(len(criterion.version_ids), 1)
