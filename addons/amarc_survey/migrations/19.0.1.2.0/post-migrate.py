"""19.0.1.2.0: one quality manager per company.

The re-satisfaction follow-up of a dissatisfied customer whose ticket's team
has no leader went to ``res.company.amarc_survey_quality_manager_id`` ("Re-
satisfaction follow-up by", this addon), else to the company's AMARC quality
manager ``amarc_quality_manager_id`` (amarc_referential). The two fields named
the same role: only the quality manager of amarc_referential is kept.

A company without quality manager takes the person of the removed field,
through the ORM so that its obligations without a responsible get it too (as
when the field is set in the settings). A company whose two fields named two
different people keeps its quality manager, who pilots the certification and
is told of alerts; the other person is written to the log. The column of the
removed field is dropped by Odoo at the end of the update."""

import logging

from openupgradelib import openupgrade

_logger = logging.getLogger(__name__)


@openupgrade.migrate()
def migrate(env, version):
    if not openupgrade.column_exists(
        env.cr, "res_company", "amarc_survey_quality_manager_id"
    ):
        return
    env.cr.execute(
        """
        SELECT id, amarc_survey_quality_manager_id, amarc_quality_manager_id
          FROM res_company
         WHERE amarc_survey_quality_manager_id IS NOT NULL
           AND amarc_survey_quality_manager_id
               IS DISTINCT FROM amarc_quality_manager_id
         ORDER BY id
        """
    )
    Company, Users = env["res.company"], env["res.users"]
    for company_id, follower_id, manager_id in env.cr.fetchall():
        company = Company.browse(company_id)
        if not manager_id:
            company.amarc_quality_manager_id = follower_id
            continue
        _logger.info(
            "Company %s keeps its quality manager %s; %s no longer follows up "
            "its dissatisfied customers when a team has no leader.",
            company.name,
            Users.browse(manager_id).name,
            Users.browse(follower_id).name,
        )
