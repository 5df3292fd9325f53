"""survey_dispatch_speedup (amarc_survey), run inside ``odoo shell`` by
bench/run.py.

AMARC_BENCH_SURVEYS due satisfaction requests of as many customers (each
with an e-mail address, a closed ticket and a request due now) are sent:

- ours: the scheduled action of amarc_survey, ``_cron_amarc_send_surveys``
  (batched: the survey answers created in one go, the e-mails rendered and
  queued by the mail template's public batch API ``send_mail_batch``, its
  body made of plain field paths that Odoo renders without evaluating code;
  the requests' change of state traced in their chatters by one batch of
  notes holding the same tracking values Odoo's tracking logs one by one);
- baseline: Odoo's own ``survey.invite`` wizard inviting the same customers to
  the same survey with the same deadline (one answer with its personal token
  and one rendered, queued e-mail per customer), then the same bookkeeping on
  the requests as ours (the answer linked to its request and ticket, the
  request marked sent with its expiry date, tracked in its chatter).

Both run with tracking on (the tracking messages, posted at commit, are
posted within the measure), in a savepoint rolled back afterwards, on data
created before the clock starts; ours and the baseline alternate. Their end
states are counted and compared before any time is reported: survey answers
with a token and a deadline linked to the requests, e-mails queued, chatter
messages created, requests sent. RATIO = baseline / ours."""

import os
import statistics
import sys
import time
from datetime import timedelta

sys.path.insert(0, os.environ["AMARC_BENCH_DIR"])

from common import REPEAT, Mismatch, fail, line, say

from odoo import fields

NAME = "survey_dispatch_speedup"
COUNT = int(os.environ.get("AMARC_BENCH_SURVEYS", "2000"))
LAYOUT = "mail.mail_notification_light"
env = env  # noqa: F821, PLW0127 (given by odoo shell)
env = env(context=dict(env.context, tracking_disable=False))
cr = env.cr


def setup(n, tag):
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
                    "name": f"Bench complaint {tag} {i}",
                    "description": "<p>Bench</p>",
                    "partner_id": partner.id,
                }
                for i, partner in enumerate(partners)
            ]
        )
    )
    survey = env.ref("amarc_survey.survey_amarc_satisfaction")
    question = env.ref("amarc_survey.survey_amarc_satisfaction_q_score")
    requests = (
        env["amarc.satisfaction.request"]
        .with_context(tracking_disable=True, mail_create_nolog=True)
        .create(
            [
                {
                    "ticket_id": ticket.id,
                    "partner_id": ticket.partner_id.id,
                    "survey_id": survey.id,
                    "question_id": question.id,
                    "trigger": "manual",
                    "scheduled_date": fields.Datetime.now() - timedelta(minutes=1),
                }
                for ticket in tickets
            ]
        )
    )
    env.flush_all()
    # as if the requests had been scheduled in an earlier transaction (a commit
    # runs these): their later changes are tracked
    cr.precommit.run()
    env.flush_all()
    cr.execute("SELECT COALESCE(max(id), 0) FROM mail_message")
    return {
        "survey": survey,
        "partners": partners,
        "requests": requests,
        "last_message": cr.fetchone()[0],
    }


def ours(data):
    env["amarc.satisfaction.request"]._cron_amarc_send_surveys()
    env.flush_all()


def baseline(data):
    # the requests in this environment (tracking on), not the setup's one
    survey, requests = data["survey"], data["requests"].with_env(env)
    expiry_days = (
        requests[:1].team_id._amarc_survey_settings(requests[:1].company_id)[
            "expiry_days"
        ]
        or 3650
    )
    now = fields.Datetime.now()
    deadline = now + timedelta(days=expiry_days)
    wizard = (
        env["survey.invite"]
        # the answers are created without creation note, as ours
        .with_context(default_email_layout_xmlid=LAYOUT, mail_create_nolog=True)
        .create(
            {
                "survey_id": survey.id,
                "partner_ids": [(6, 0, data["partners"].ids)],
                "template_id": env.ref("survey.mail_template_user_input_invite").id,
                "deadline": deadline,
            }
        )
    )
    wizard.action_invite()
    answers = env["survey.user_input"].search(
        [("survey_id", "=", survey.id), ("partner_id", "in", data["partners"].ids)]
    )
    by_partner = {answer.partner_id: answer for answer in answers}
    for request in requests:
        answer = by_partner[request.partner_id]
        answer.write(
            {"amarc_request_id": request.id, "amarc_ticket_id": request.ticket_id.id}
        )
        request.write({"user_input_id": answer.id, "expiry_date": answer.deadline})
    requests.write({"state": "sent", "sent_date": now})
    env.flush_all()


def end_state(data):
    """What both sides must have produced."""
    requests = data["requests"]
    cr.execute(
        """
        SELECT count(*) FILTER (WHERE r.state = 'sent'),
               count(u.id) FILTER (WHERE u.access_token IS NOT NULL
                                     AND u.deadline IS NOT NULL
                                     AND u.amarc_request_id = r.id
                                     AND u.amarc_ticket_id = r.ticket_id
                                     AND u.partner_id = r.partner_id)
          FROM amarc_satisfaction_request r
          LEFT JOIN survey_user_input u ON u.id = r.user_input_id
         WHERE r.id = ANY(%s)
        """,
        [requests.ids],
    )
    sent, answers = cr.fetchone()
    cr.execute(
        """
        SELECT count(*) FILTER (WHERE mm.id IS NOT NULL AND mm.state = 'outgoing'),
               count(*) FILTER (WHERE m.model = 'amarc.satisfaction.request'
                                  AND m.message_type = 'notification'),
               count(*)
          FROM mail_message m
          LEFT JOIN mail_mail mm ON mm.mail_message_id = m.id
         WHERE m.id > %s
        """,
        [data["last_message"]],
    )
    queued, tracked, messages = cr.fetchone()
    return {
        "requests sent": sent,
        "answers with token and deadline": answers,
        "e-mails queued": queued,
        "tracking messages": tracked,
        "messages": messages,
    }


def run(side, n, tag):
    """(seconds, end state) of one run of ``side`` on fresh data."""
    with cr.savepoint() as savepoint:
        data = setup(n, tag)
        env.invalidate_all()
        started = time.perf_counter()
        (ours if side == "ours" else baseline)(data)
        # what a commit would run: the tracking messages are posted then
        env.flush_all()
        cr.precommit.run()
        env.flush_all()
        elapsed = time.perf_counter() - started
        state = end_state(data)
        savepoint.close(rollback=True)
    env.invalidate_all()
    return elapsed, state


def compare(first, second):
    if first != second or first["requests sent"] != COUNT:
        raise Mismatch(f"ours {first}, baseline {second}")


times = {"ours": [], "baseline": []}
try:
    states = {side: run(side, 20, f"w{side}")[1] for side in ("ours", "baseline")}
    if states["ours"] != states["baseline"]:
        raise Mismatch(f"warm-up: ours {states['ours']}, baseline {states['baseline']}")
    for round_ in range(REPEAT):
        order = ("ours", "baseline") if round_ % 2 == 0 else ("baseline", "ours")
        states = {}
        for side in order:
            elapsed, states[side] = run(side, COUNT, f"{side}{round_}")
            times[side].append(elapsed)
        compare(states["ours"], states["baseline"])
except Mismatch as exc:
    fail(NAME, f"ours and the baseline differ: {exc}")
say(f"data: {COUNT} requests sent per run, end state of each side: {states['ours']}")
ours_s, base_s = statistics.median(times["ours"]), statistics.median(times["baseline"])
line(NAME, base_s / ours_s, ours_s, base_s)
cr.rollback()
