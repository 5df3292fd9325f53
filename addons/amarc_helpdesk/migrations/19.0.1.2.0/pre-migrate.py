"""19.0.1.2.0: answered or not, and the first written contact.

A closed stage now says whether it answers the complaint
(``helpdesk.ticket.stage.amarc_answered``: helpdesk_mgmt's "Cancelled" does
not, every other closed stage does) and the ticket stores it
(``helpdesk.ticket.amarc_answered``); the first written contact has its kind
(``amarc_ack_kind``). The columns are created and filled here, in SQL, before
the models load, so that Odoo does not compute them ticket by ticket:

- the tickets closed without an answer (a non-answering stage, or withdrawn
  by the customer) lose the response date, delay and late flag that the
  previous version gave them;
- a ticket answered before any acknowledgement gets the answer as its first
  written contact (``amarc_ack_date`` = the response date, kind "answer"), its
  late acknowledgement flag measured on it; the acknowledgements recorded
  before get the kind "acknowledgement";
- a ticket closed without any contact is measured at its closing."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    cr = env.cr
    if not openupgrade.column_exists(cr, "helpdesk_ticket_stage", "amarc_answered"):
        openupgrade.logged_query(
            cr,
            "ALTER TABLE helpdesk_ticket_stage ADD COLUMN amarc_answered boolean",
        )
        openupgrade.logged_query(
            cr,
            """
            UPDATE helpdesk_ticket_stage s
               SET amarc_answered = NOT EXISTS (
                       SELECT 1 FROM ir_model_data d
                        WHERE d.model = 'helpdesk.ticket.stage'
                          AND d.res_id = s.id
                          AND d.module = 'helpdesk_mgmt'
                          AND d.name = 'helpdesk_ticket_stage_cancelled')
            """,
        )
    for column, column_type in (
        ("amarc_answered", "boolean"),
        ("amarc_ack_kind", "varchar"),
    ):
        if not openupgrade.column_exists(cr, "helpdesk_ticket", column):
            openupgrade.logged_query(
                cr, f"ALTER TABLE helpdesk_ticket ADD COLUMN {column} {column_type}"
            )
    # the releases before the portal's withdrawal have no withdrawn date
    withdrawn = (
        "t.amarc_withdrawn_date IS NULL"
        if openupgrade.column_exists(cr, "helpdesk_ticket", "amarc_withdrawn_date")
        else "TRUE"
    )
    openupgrade.logged_query(
        cr,
        f"""
        UPDATE helpdesk_ticket t
           SET amarc_answered = COALESCE(s.closed AND s.amarc_answered
                                         AND {withdrawn}, FALSE)
          FROM helpdesk_ticket_stage s
         WHERE s.id = t.stage_id
        """,
    )
    openupgrade.logged_query(
        cr, "UPDATE helpdesk_ticket SET amarc_answered = FALSE WHERE stage_id IS NULL"
    )
    # closed without an answer: no response date, no delay, not late
    # (the releases before the stored response delay have no delay column)
    delay = (
        ", amarc_response_working_days = 0"
        if openupgrade.column_exists(
            cr, "helpdesk_ticket", "amarc_response_working_days"
        )
        else ""
    )
    openupgrade.logged_query(
        cr,
        f"""
        UPDATE helpdesk_ticket t
           SET amarc_response_date = NULL,
               amarc_response_late = FALSE{delay}
          FROM helpdesk_ticket_stage s
         WHERE s.id = t.stage_id AND s.closed AND NOT t.amarc_answered
           AND (t.amarc_response_date IS NOT NULL OR t.amarc_response_late)
        """,
    )
    openupgrade.logged_query(
        cr,
        """
        UPDATE helpdesk_ticket
           SET amarc_ack_kind = 'acknowledgement'
         WHERE amarc_ack_date IS NOT NULL AND amarc_ack_kind IS NULL
        """,
    )
    # answered before any acknowledgement: the answer is the first contact
    openupgrade.logged_query(
        cr,
        """
        UPDATE helpdesk_ticket
           SET amarc_ack_date = amarc_response_date,
               amarc_ack_kind = 'answer',
               amarc_ack_late = amarc_ack_deadline IS NOT NULL
                                AND amarc_response_date > amarc_ack_deadline
         WHERE amarc_ack_date IS NULL AND amarc_response_date IS NOT NULL
           AND amarc_response_date >= amarc_received_date
        """,
    )
    # closed without any contact: measured at the closing
    openupgrade.logged_query(
        cr,
        """
        UPDATE helpdesk_ticket t
           SET amarc_ack_late = t.amarc_ack_deadline IS NOT NULL
                                AND COALESCE(t.closed_date, now() AT TIME ZONE 'UTC')
                                    > t.amarc_ack_deadline
          FROM helpdesk_ticket_stage s
         WHERE s.id = t.stage_id AND s.closed AND t.amarc_ack_date IS NULL
        """,
    )
