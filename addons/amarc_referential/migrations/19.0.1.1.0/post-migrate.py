"""19.0.1.1.0: companies get an AMARC quality manager, the default responsible of
their recurring obligations.

Before this version obligations were generated without a responsible, so the
daily reminder reached nobody. Each company now takes as quality manager the
first internal user of the "Quality Manager" group in that company (the
administrator otherwise), and its obligations without a responsible get it."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    manager_group = env.ref("amarc_referential.group_amarc_manager")
    for company in env["res.company"].search(
        [("amarc_quality_manager_id", "=", False)]
    ):
        manager = manager_group.all_user_ids.filtered(
            lambda user, company=company: (
                not user.share and company in user.company_ids and user.active
            )
        )[:1] or env.ref("base.user_admin")
        openupgrade.logged_query(
            env.cr,
            "UPDATE res_company SET amarc_quality_manager_id = %s WHERE id = %s",
            (manager.id, company.id),
        )
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE amarc_obligation o
           SET user_id = c.amarc_quality_manager_id
          FROM res_company c
         WHERE c.id = o.company_id AND o.user_id IS NULL
        """,
    )
