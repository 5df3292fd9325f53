"""Benchmark data: tickets inserted in bulk through SQL (generate_series).

Used by ``bench/run.py`` inside an ``odoo shell`` of a throwaway database:
``generate(env, count)`` creates a few teams and reasons, then inserts
``count`` tickets spread over the last two years, the teams, the channels,
the reasons and the stages, with acknowledgement and response data the
indicators read. Never run by the test suite."""

import time

from odoo.tools import SQL

TEAMS = 8
REASONS = 12


def _ensure(env, model, names, extra=None):
    Model = env[model]
    records = Model.search([("name", "in", names)])
    missing = [name for name in names if name not in records.mapped("name")]
    if missing:
        records |= Model.create([dict(extra or {}, name=name) for name in missing])
    return records


def generate(env, count, seed=0.42):
    """Insert ``count`` tickets; return the seconds it took."""
    started = time.perf_counter()
    company = env.ref("base.main_company")
    teams = _ensure(
        env,
        "helpdesk.ticket.team",
        [f"Bench team {i + 1}" for i in range(TEAMS)],
        {"company_id": company.id},
    )
    reasons = _ensure(
        env,
        "helpdesk.ticket.category",
        [f"Bench reason {i + 1}" for i in range(REASONS)],
        {"company_id": company.id},
    )
    channels = env["helpdesk.ticket.channel"].search([])
    stages = env["helpdesk.ticket.stage"].search([])
    closed = stages.filtered("closed")[:1] or stages[-1:]
    open_stages = (stages - closed) or stages
    env.flush_all()
    cr = env.cr
    cr.execute(SQL("SELECT setseed(%s)", seed))
    cr.execute(
        SQL(
            """
            WITH g AS (
                SELECT i,
                       now() AT TIME ZONE 'UTC'
                           - random() * interval '730 days' AS received,
                       random() AS r_ack,
                       random() AS r_ack_delay,
                       random() AS r_answered,
                       random() AS r_delay,
                       random() AS r_pick
                  FROM generate_series(1, %(count)s) AS i
            ), t AS (
                SELECT g.*,
                       received + interval '1 day' AS ack_deadline,
                       CASE WHEN r_ack < 0.95
                            THEN received + r_ack_delay * interval '40 hours'
                       END AS ack_date,
                       CASE WHEN r_answered < 0.85
                            THEN received + r_delay * interval '20 days'
                       END AS response_date
                  FROM g
            )
            INSERT INTO helpdesk_ticket (
                number, name, description, company_id, team_id, channel_id,
                category_id, stage_id, priority, kanban_state, active,
                amarc_received_date, amarc_ack_deadline, amarc_ack_date,
                amarc_ack_late, amarc_response_deadline, amarc_response_date,
                amarc_response_late, amarc_response_working_days,
                amarc_severity, amarc_resolution, closed_date, last_stage_update,
                create_uid, create_date, write_uid, write_date)
            SELECT 'BENCH' || i,
                   'Bench complaint ' || i,
                   '<p>Bench</p>',
                   %(company)s,
                   (%(teams)s::int[])[1 + (i %% %(n_teams)s)],
                   (%(channels)s::int[])[1 + ((i / 7) %% %(n_channels)s)],
                   (%(reasons)s::int[])[1 + ((i / 3) %% %(n_reasons)s)],
                   CASE WHEN response_date IS NOT NULL THEN %(closed)s
                        ELSE (%(open)s::int[])[1 + (i %% %(n_open)s)] END,
                   (i %% 4)::text,
                   'normal',
                   TRUE,
                   received,
                   ack_deadline,
                   ack_date,
                   COALESCE(ack_date > ack_deadline,
                            ack_deadline < now() AT TIME ZONE 'UTC'),
                   received + interval '14 days',
                   response_date,
                   COALESCE(response_date > received + interval '14 days', FALSE),
                   CASE WHEN response_date IS NOT NULL
                        THEN round((extract(epoch FROM response_date - received)
                                    / 86400.0 * 5 / 7)::numeric, 2)
                   END,
                   (ARRAY['low', 'normal', 'normal', 'high'])[1 + (i %% 4)],
                   CASE WHEN response_date IS NOT NULL
                        THEN (ARRAY['repair', 'rejection', 'repair'])[1 + (i %% 3)]
                   END,
                   response_date,
                   COALESCE(response_date, received),
                   1, received, 1, COALESCE(response_date, received)
              FROM t
            """,
            count=count,
            company=company.id,
            teams=teams.ids,
            n_teams=len(teams),
            channels=channels.ids,
            n_channels=len(channels),
            reasons=reasons.ids,
            n_reasons=len(reasons),
            closed=closed.id,
            open=open_stages.ids,
            n_open=len(open_stages),
        )
    )
    cr.execute("ANALYZE helpdesk_ticket")
    env.invalidate_all()
    return time.perf_counter() - started
