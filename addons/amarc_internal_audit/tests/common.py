from datetime import date

from odoo.tests.common import freeze_time

from odoo.addons.amarc_action_plan.tests.common import AmarcActionPlanCase
from odoo.addons.amarc_referential.tests.common import AUDITOR

# The day every test of this addon runs on (the clock is frozen for the whole
# class, set-up included); a test that needs another day freezes it inside. No
# test depends on the day the suite runs.
TODAY = date(2026, 6, 15)


@freeze_time("2026-06-15 12:00:00")
class AmarcAuditCommon(AmarcActionPlanCase):
    """Two companies (levels A and B), one user per AMARC group, on a frozen day
    (``TODAY``); audits of 2026."""

    COMPANIES = (("Audit Co", "A"), ("Audit Other Co", "B"))
    LOGIN = "au_"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_b = cls.user_b  # the quality manager of the other company
        cls.other_auditor = cls._user("au_auditor2", AUDITOR)
        cls.Audit = cls.env["amarc.audit"]

    @classmethod
    def _audit(cls, **vals):
        values = {
            "company_id": cls.company.id,
            "year": 2026,
            "level": "A",
            "lead_auditor_id": cls.auditor.id,
        }
        values.update(vals)
        return cls.Audit.create(values)

    @staticmethod
    def _line(audit, code):
        return audit.line_ids.filtered(lambda line: line.criterion_id.code == code)

    @classmethod
    def _assess_all(cls, audit, result="conform"):
        audit.line_ids.filtered(lambda line: line.result == "todo").write(
            {"result": result}
        )
