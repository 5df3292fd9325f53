"""19.0.1.3.0: the processes of criterion 1.6, one yearly obligation each.

Before this version a company had one 1.6 obligation ("the process is reviewed
at least once a year"). Each company now has its processes (``amarc.process``)
and one 1.6 obligation per active process. Every company gets the complaint
management process (the main company's comes with the data), and its existing
1.6 obligation is linked to it, with its history and evidence, instead of
being archived for a new one. The data's ``_amarc_install_defaults`` already
does it during the update; this script makes sure of it, idempotently, for
every company."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    companies = env["res.company"].with_context(active_test=False).search([])
    env["amarc.process"]._amarc_create_defaults(companies)
    companies.filtered("amarc_referential_id")._amarc_generate_obligations(revive=False)
    # the owner of a process is by default the company's quality manager
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE amarc_process p
           SET user_id = c.amarc_quality_manager_id
          FROM res_company c
         WHERE c.id = p.company_id AND p.user_id IS NULL
           AND c.amarc_quality_manager_id IS NOT NULL
        """,
    )
