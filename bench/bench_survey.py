"""Benchmark ``survey_dispatch_speedup`` (amarc_survey).

Sending ``n`` due satisfaction requests through the scheduled action of
amarc_survey (a survey answer with its personal token and deadline per request,
linked to the request and the ticket, plus the rendered e-mail queued) against
Odoo's own ``survey.invite`` wizard inviting the same ``n`` customers to the
same survey (an answer with its token and the rendered e-mail queued per
customer), in the same run, on the same data. Target: at least 3x its rate.

``bench_survey_dispatch(env, n)`` is called by bench/run.py (inside
``odoo shell``) when this file is present; it returns
``(ours_seconds, baseline_seconds)`` and leaves the database as it found it
(everything runs in savepoints rolled back). The line printed is

    bench: survey_dispatch_speedup RATIO x (ours S s, baseline S s)
"""

import time

from odoo import fields

#: requests sent by warm-up runs before measuring (templates, caches)
WARMUP = 20
LAYOUT = "mail.mail_notification_light"


def _setup(env, n, tag):
    """``n`` customers with their closed tickets and due requests."""
    partners = env["res.partner"].create(
        [
            {
                "name": f"Bench customer {tag} {i}",
                "email": f"bench.{tag}.{i}@example.com",
            }
            for i in range(n)
        ]
    )
    tickets = (
        env["helpdesk.ticket"]
        .with_context(tracking_disable=True, mail_create_nolog=True)
        .create(
            [
                {
                    "name": f"Bench complaint {i}",
                    "description": "<p>Bench</p>",
                    "partner_id": partner.id,
                }
                for i, partner in enumerate(partners)
            ]
        )
    )
    survey = env.ref("amarc_survey.survey_amarc_satisfaction")
    now = fields.Datetime.now()
    requests = env["amarc.satisfaction.request"].create(
        [
            {
                "ticket_id": ticket.id,
                "partner_id": ticket.partner_id.id,
                "survey_id": survey.id,
                "question_id": env.ref(
                    "amarc_survey.survey_amarc_satisfaction_q_score"
                ).id,
                "trigger": "manual",
                "scheduled_date": now,
            }
            for ticket in tickets
        ]
    )
    env.flush_all()
    return survey, partners, requests


def _ours(env, requests):
    env.invalidate_all()
    started = time.perf_counter()
    env["amarc.satisfaction.request"]._cron_amarc_send_surveys()
    env.flush_all()
    elapsed = time.perf_counter() - started
    sent = requests.filtered(lambda r: r.state == "sent")
    assert len(sent) == len(requests), "every due request must be sent"
    return elapsed


def _baseline(env, survey, partners):
    env.invalidate_all()
    started = time.perf_counter()
    wizard = (
        env["survey.invite"]
        .with_context(default_email_layout_xmlid=LAYOUT)
        .create(
            {
                "survey_id": survey.id,
                "partner_ids": [(6, 0, partners.ids)],
                "template_id": env.ref("survey.mail_template_user_input_invite").id,
                "deadline": fields.Datetime.add(fields.Datetime.now(), days=30),
            }
        )
    )
    wizard.action_invite()
    env.flush_all()
    return time.perf_counter() - started


def bench_survey_dispatch(env, n=2000):
    """(ours_seconds, baseline_seconds) for ``n`` surveys sent."""
    env = env(context=dict(env.context, tracking_disable=False))
    cr = env.cr
    results = {}
    for label, size in (("warmup", WARMUP), ("measure", n)):
        for side in ("ours", "baseline"):
            with cr.savepoint() as savepoint:
                survey, partners, requests = _setup(env, size, f"{label}{side}")
                if side == "ours":
                    results[label, side] = _ours(env, requests)
                else:
                    results[label, side] = _baseline(env, survey, partners)
                savepoint.close(rollback=True)
            env.invalidate_all()
    return results["measure", "ours"], results["measure", "baseline"]


def report(env, n=2000):
    ours, baseline = bench_survey_dispatch(env, n)
    print(
        f"bench: survey_dispatch_speedup {baseline / ours:.2f} x "
        f"(ours {ours:.2f} s, baseline {baseline:.2f} s)",
        flush=True,
    )
    return ours, baseline


if "env" in globals():  # piped into ``odoo shell``, which gives ``env``
    report(globals()["env"])
elif __name__ == "__main__":
    print(
        "This benchmark is run by bench/run.py (inside odoo shell, on a database "
        "with amarc_survey): it calls bench_survey_dispatch(env, n=2000) and "
        "prints 'bench: survey_dispatch_speedup RATIO x (ours S s, baseline S s)'. "
        "To run it alone: odoo shell -d DB < bench/bench_survey.py"
    )
