from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class AmarcReferentialCommon(TransactionCase):
    """Builds its own world: two companies and one user per AMARC group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.referential = cls.env.ref("amarc_referential.referential_re_mrc_03")
        cls.Criterion = cls.env["amarc.criterion"]
        cls.Obligation = cls.env["amarc.obligation"]
        cls.Evidence = cls.env["amarc.evidence"]
        cls.company = cls.env["res.company"].create(
            {"name": "AMARC Test Company A", "amarc_level": "A"}
        )
        cls.company_b = cls.env["res.company"].create(
            {"name": "AMARC Test Company B", "amarc_level": "B"}
        )
        common = {
            "company_id": cls.company.id,
            "company_ids": [(6, 0, cls.company.ids)],
        }
        cls.user = new_test_user(
            cls.env,
            login="amarc_user",
            groups="base.group_user,amarc_referential.group_amarc_user",
            **common,
        )
        cls.auditor = new_test_user(
            cls.env,
            login="amarc_auditor",
            groups="base.group_user,amarc_referential.group_amarc_auditor",
            **common,
        )
        cls.manager = new_test_user(
            cls.env,
            login="amarc_manager",
            groups="base.group_user,amarc_referential.group_amarc_manager",
            **common,
        )
        cls.user_b = new_test_user(
            cls.env,
            login="amarc_user_b",
            groups="base.group_user,amarc_referential.group_amarc_manager",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
        cls.stranger = new_test_user(
            cls.env, login="amarc_stranger", groups="base.group_user", **common
        )

    @classmethod
    def criterion(cls, code):
        return cls.Criterion.search(
            [("referential_id", "=", cls.referential.id), ("code", "=", code)]
        )

    @classmethod
    def obligation(cls, code, company=None, checkpoint=None):
        domain = [
            ("company_id", "=", (company or cls.company).id),
            ("criterion_id.code", "=", code),
        ]
        if checkpoint:
            domain.append(("checkpoint_id", "=", checkpoint.id))
        return cls.Obligation.search(domain)
