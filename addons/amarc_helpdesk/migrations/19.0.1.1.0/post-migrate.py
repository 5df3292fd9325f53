"""19.0.1.1.0: every answered ticket carries its response delay in working days.

The response delay (4.5, the indicators of 1.12) is stored on the ticket and
only computed when the ticket's received or response date changes. Tickets
imported or answered through SQL before this version (data taken over from a
previous tool, answers written by a script) kept an empty delay, so the
indicators counted them as answered the same day. They are computed now, on
each company's working schedule; the other tickets are left untouched."""

from openupgradelib import openupgrade

FIELD = "amarc_response_working_days"


@openupgrade.migrate()
def migrate(env, version):
    openupgrade.logged_query(
        env.cr,
        """
        SELECT id
          FROM helpdesk_ticket
         WHERE amarc_received_date IS NOT NULL
           AND amarc_response_date > amarc_received_date
           AND COALESCE(amarc_response_working_days, 0) = 0
        """,
    )
    Ticket = env["helpdesk.ticket"].with_context(active_test=False)
    tickets = Ticket.browse([row[0] for row in env.cr.fetchall()])
    if not tickets:
        return
    env.add_to_compute(Ticket._fields[FIELD], tickets)
    tickets._recompute_recordset([FIELD])
    tickets.flush_recordset([FIELD])
