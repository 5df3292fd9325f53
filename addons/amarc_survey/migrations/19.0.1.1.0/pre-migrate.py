"""19.0.1.1.0: the ticket's last satisfaction survey is named as such.

``helpdesk.ticket.amarc_survey_request_id`` (the last survey of the ticket, its
state, score and re-satisfaction shown on the ticket) differed by one letter
from ``amarc_survey_request_ids`` (all the surveys of the ticket), which made
the views, the domains and the code easy to misread. It becomes
``amarc_survey_last_request_id``. Renamed before the module is loaded, so the
stored values and their index are kept: without it the ORM would create an
empty column and recompute it for every ticket of the database."""

from openupgradelib import openupgrade

OLD, NEW = "amarc_survey_request_id", "amarc_survey_last_request_id"


@openupgrade.migrate()
def migrate(env, version):
    if openupgrade.column_exists(
        env.cr, "helpdesk_ticket", OLD
    ) and not openupgrade.column_exists(env.cr, "helpdesk_ticket", NEW):
        openupgrade.rename_fields(
            env, [("helpdesk.ticket", "helpdesk_ticket", OLD, NEW)]
        )
        # openupgradelib renames "<table>_<column>_index"; Odoo 19 names it
        # "<table>__<column>_index"
        env.cr.execute(
            f"ALTER INDEX IF EXISTS helpdesk_ticket__{OLD}_index "
            f"RENAME TO helpdesk_ticket__{NEW}_index"
        )
