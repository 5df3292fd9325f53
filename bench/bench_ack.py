"""ack_deadline_speedup, run inside ``odoo shell`` by bench/run.py.

The acknowledgement deadlines of AMARC_BENCH_ACK_TICKETS tickets (every
channel, both companies, received over two years), computed by the product's
compute method ``helpdesk.ticket._compute_amarc_ack_deadline``:

- ours: on the whole recordset, as the ORM calls it (one working-calendar
  lookup for all the tickets, then pure Python);
- baseline: the same method on one ticket at a time, so one calendar lookup
  (attendances and public holidays read from the database) per ticket: the
  same definition, ticket by ticket.

Both sides start from an empty cache (the tickets are read from the database
by both), compute the deadlines of the same tickets in memory (nothing is
written), and their results are compared ticket by ticket before any time is
reported. RATIO = baseline / ours."""

import os
import sys

sys.path.insert(0, os.environ["AMARC_BENCH_DIR"])

from common import Mismatch, alternate, line, say

NAME = "ack_deadline_speedup"
COUNT = int(os.environ.get("AMARC_BENCH_ACK_TICKETS", "20000"))
env = env  # noqa: F821, PLW0127 (given by odoo shell)
Ticket = env["helpdesk.ticket"]
FIELD = Ticket._fields["amarc_ack_deadline"]

# a fixed sample spread over the whole table (both companies, every channel)
env.cr.execute(
    "SELECT id FROM helpdesk_ticket ORDER BY md5(id::text) LIMIT %s", [COUNT]
)
IDS = sorted(row[0] for row in env.cr.fetchall())


def compute(records):
    with env.protecting([FIELD], records):
        records._compute_amarc_ack_deadline()
    return records


def ours():
    tickets = compute(Ticket.browse(IDS))
    return {ticket.id: ticket.amarc_ack_deadline for ticket in tickets}


def baseline():
    result = {}
    for ticket in Ticket.browse(IDS):
        compute(ticket)
        result[ticket.id] = ticket.amarc_ack_deadline
    return result


def compare(first, second):
    if first != second:
        diff = [i for i in first if first[i] != second.get(i)][:5]
        raise Mismatch(f"tickets {[(i, first[i], second.get(i)) for i in diff]}")


def fresh():
    # nothing computed is kept from one run to the next, nothing is written
    env.transaction.clear()


result = ours()
fresh()
say(
    f"data: {len(IDS)} tickets, {sum(1 for v in result.values() if v)} with an "
    f"acknowledgement deadline, {len(Ticket.browse(IDS).channel_id)} channels, "
    f"{len(Ticket.browse(IDS).company_id)} companies"
)
fresh()
ours_s, base_s = alternate(NAME, ours, baseline, compare, prepare=fresh)
line(NAME, base_s / ours_s, ours_s, base_s)
env.cr.rollback()
