from datetime import date

from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase, freeze_time

from odoo.addons.amarc_action_plan.tests.common import AmarcAssertions

# The day every test of this addon runs on (the clock is frozen for the whole
# class, set-up included); a test that needs another day freezes it inside. No
# test depends on the day the suite runs.
TODAY = date(2026, 6, 15)


@freeze_time("2026-06-15 12:00:00")
class AmarcAuditCommon(AmarcAssertions, TransactionCase):
    """Two companies (levels A and B), one user per AMARC group, on a frozen day
    (``TODAY``); audits of 2026."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env["res.company"].create(
            {"name": "Audit Co", "amarc_level": "A"}
        )
        cls.company_b = cls.env["res.company"].create(
            {"name": "Audit Other Co", "amarc_level": "B"}
        )
        common = {
            "company_id": cls.company.id,
            "company_ids": [(6, 0, cls.company.ids)],
        }
        cls.user = new_test_user(
            cls.env,
            login="au_user",
            groups="base.group_user,amarc_referential.group_amarc_user",
            **common,
        )
        cls.auditor = new_test_user(
            cls.env,
            login="au_auditor",
            groups="base.group_user,amarc_referential.group_amarc_auditor",
            **common,
        )
        cls.other_auditor = new_test_user(
            cls.env,
            login="au_auditor2",
            groups="base.group_user,amarc_referential.group_amarc_auditor",
            **common,
        )
        cls.manager = new_test_user(
            cls.env,
            login="au_manager",
            groups="base.group_user,amarc_referential.group_amarc_manager",
            **common,
        )
        cls.manager_b = new_test_user(
            cls.env,
            login="au_manager_b",
            groups="base.group_user,amarc_referential.group_amarc_manager",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
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

    @staticmethod
    def _inputs(review):
        """The review's input lines as (category, name, value, source), in the
        order they are shown (``_order``)."""
        lines = review.env["amarc.review.input"].search([("review_id", "=", review.id)])
        return [
            (line.category, line.name, line.value, line.source or False)
            for line in lines
        ]
