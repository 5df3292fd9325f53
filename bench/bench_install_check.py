"""install_on_existing: checks of the database just installed (``odoo shell``).

- no chatter: no message and no tracking value on any ticket;
- the filled columns are the values of the compute methods: a sample of
  tickets (every 50th ticket, and every ticket received on a day around a
  change of time, a public holiday or a weekend of early 2026) computed again
  through the ORM from their received date, compared column by column (the
  late flags, which depend on the time of the computation, are not compared
  for the tickets whose deadline fell between the installation and now);
- the filled columns of every ticket are written to AMARC_BENCH_DUMP (CSV):
  the values the baseline's UPDATE writes.

Rolls back everything but the dump."""

import os
from datetime import datetime

from odoo import fields
from odoo.tools import SQL

NAME = "install_on_existing"
env = env  # noqa: F821, PLW0127 (given by odoo shell)
cr = env.cr
COLUMNS = os.environ["AMARC_BENCH_COLUMNS"].split(",")
SINCE = datetime.fromisoformat(os.environ["AMARC_BENCH_SINCE"]).replace(microsecond=0)
Ticket = env["helpdesk.ticket"].with_context(
    active_test=False, tracking_disable=True, mail_notrack=True
)
COMPUTED = [
    name
    for name in COLUMNS
    if Ticket._fields[name].compute and Ticket._fields[name].store
]


def fail(message):
    print(f"bench: {NAME} FAILED: {message}", flush=True)
    raise SystemExit(3)


cr.execute(
    """
    SELECT count(*), count(v.id)
      FROM mail_message m
      LEFT JOIN mail_tracking_value v ON v.mail_message_id = m.id
     WHERE m.model = 'helpdesk.ticket'
    """
)
messages, trackings = cr.fetchone()
if messages or trackings:
    fail(f"{messages} chatter messages, {trackings} tracking values on tickets")

cr.execute(
    """
    SELECT id FROM helpdesk_ticket
     WHERE id % 50 = 0
        OR (amarc_received_date AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/Paris')::date
           BETWEEN '2026-03-26' AND '2026-04-07'
        OR (amarc_received_date AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/Paris')::date
           BETWEEN '2025-10-23' AND '2025-10-27'
     ORDER BY id
    """
)
sample = [row[0] for row in cr.fetchall()]


def read(ids):
    cr.execute(
        SQL(
            "SELECT id, %s FROM helpdesk_ticket WHERE id = ANY(%s) ORDER BY id",
            SQL(", ").join(SQL.identifier(name) for name in COLUMNS),
            ids,
        )
    )
    return {row[0]: dict(zip(COLUMNS, row[1:], strict=True)) for row in cr.fetchall()}


installed = read(sample)
computed = {}
for start in range(0, len(sample), 5000):
    ids = sample[start : start + 5000]
    cr.execute(
        SQL(
            "UPDATE helpdesk_ticket SET %s WHERE id = ANY(%s)",
            SQL(", ").join(SQL("%s = NULL", SQL.identifier(name)) for name in COMPUTED),
            ids,
        )
    )
    env.invalidate_all()
    tickets = Ticket.browse(ids)
    for name in COMPUTED:
        env.add_to_compute(Ticket._fields[name], tickets)
    tickets._recompute_recordset(COMPUTED)
    env.flush_all()
    computed.update(read(ids))
    env.invalidate_all()
now = fields.Datetime.now()
differences, skipped = [], 0
for ticket_id, values in installed.items():
    for name in COLUMNS:
        expected = computed[ticket_id][name]
        if values[name] == expected:
            continue
        deadline = {
            "amarc_ack_late": values["amarc_ack_deadline"],
            "amarc_response_late": values["amarc_response_deadline"],
        }.get(name)
        if deadline and SINCE <= deadline <= now:
            skipped += 1
            continue
        differences.append((ticket_id, name, values[name], expected))
if differences:
    fail(f"{len(differences)} values differ from the compute, e.g. {differences[:5]}")
cr.execute("SELECT count(*) FROM helpdesk_ticket")
total = cr.fetchone()[0]
print(
    f"check: {NAME}: no chatter message, no tracking value on the {total} "
    f"tickets; {len(sample)} tickets computed again by the ORM: 0 differences "
    f"({skipped} late flags whose deadline passed during the installation not "
    f"compared)",
    flush=True,
)
cr.rollback()
with open(os.environ["AMARC_BENCH_DUMP"], "w") as dump:
    cr.copy_expert(
        SQL(
            "COPY (SELECT id, %s FROM helpdesk_ticket ORDER BY id) TO STDOUT WITH CSV",
            SQL(", ").join(SQL.identifier(name) for name in COLUMNS),
        ).code,
        dump,
    )
