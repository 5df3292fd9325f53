"""The teams and agents involved in the existing tickets (AMARC 1.11): their
current team and assigned agent, the only ones known."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """INSERT INTO helpdesk_ticket_amarc_involved_team_rel (ticket_id, team_id)
           SELECT id, team_id FROM helpdesk_ticket WHERE team_id IS NOT NULL
           ON CONFLICT DO NOTHING"""
    )
    cr.execute(
        """INSERT INTO helpdesk_ticket_amarc_involved_user_rel (ticket_id, user_id)
           SELECT id, user_id FROM helpdesk_ticket WHERE user_id IS NOT NULL
           ON CONFLICT DO NOTHING"""
    )
