def post_init_hook(env):
    """Tickets that existed before the installation were received when they were
    created: date them, then compute their deadlines in one batch."""
    env.cr.execute(
        """
        UPDATE helpdesk_ticket
           SET amarc_received_date = create_date
         WHERE amarc_received_date IS NULL
     RETURNING id
        """
    )
    tickets = env["helpdesk.ticket"].browse([row[0] for row in env.cr.fetchall()])
    if not tickets:
        return
    tickets.invalidate_recordset(["amarc_received_date"])
    for fname in (
        "amarc_ack_deadline",
        "amarc_response_deadline",
        "amarc_response_working_days",
    ):
        env.add_to_compute(tickets._fields[fname], tickets)
    tickets.flush_recordset()
