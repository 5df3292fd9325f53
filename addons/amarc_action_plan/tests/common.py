from datetime import date

from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class AmarcActionPlanCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env["res.company"].create(
            {"name": "AMARC Plan Co", "amarc_level": "B"}
        )
        cls.company_b = cls.env["res.company"].create({"name": "AMARC Other Co"})
        common = {
            "company_id": cls.company.id,
            "company_ids": [(6, 0, cls.company.ids)],
        }
        cls.user = new_test_user(
            cls.env,
            login="ap_user",
            groups="base.group_user,amarc_referential.group_amarc_user",
            **common,
        )
        cls.auditor = new_test_user(
            cls.env,
            login="ap_auditor",
            groups="base.group_user,amarc_referential.group_amarc_auditor",
            **common,
        )
        cls.manager = new_test_user(
            cls.env,
            login="ap_manager",
            groups="base.group_user,amarc_referential.group_amarc_manager",
            **common,
        )
        cls.user_b = new_test_user(
            cls.env,
            login="ap_user_b",
            groups="base.group_user,amarc_referential.group_amarc_manager",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
        cls.Plan = cls.env["amarc.action.plan"]
        cls.Action = cls.env["amarc.action"]
        cls.Review = cls.env["amarc.review"]
        cls.criterion_44 = cls.env.ref("amarc_referential.criterion_4_4")
        cls.criterion_61 = cls.env.ref("amarc_referential.criterion_6_1")
        cls.plan = cls.Plan.create(
            {
                "name": "Plan 2026",
                "company_id": cls.company.id,
                "year": 2026,
                "origin": "audit",
            }
        )

    @classmethod
    def _action(cls, **vals):
        values = {
            "name": "Fix the acknowledgement template",
            "plan_id": cls.plan.id,
            "user_id": cls.user.id,
            "date_deadline": date(2026, 6, 30),
            "criterion_ids": [(6, 0, (cls.criterion_44 | cls.criterion_61).ids)],
        }
        values.update(vals)
        return cls.Action.create(values)

    @classmethod
    def _done_action(cls, **vals):
        action = cls._action(**vals)
        action.action_open()
        action.action_done()
        return action
