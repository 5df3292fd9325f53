"""xlsx_memory: one export in this process (``odoo shell``), by bench/run.py.

The indicator workbook of company A exported as a quality manager does it
(the ``amarc.indicator.export`` wizard, ``action_export``: the XLSX report
``amarc_helpdesk.report_indicators_xlsx`` of its action rendered as the
download route of report_xlsx renders it, into the bytes of the file), for a
period that holds AMARC_BENCH_XLSX_TICKETS tickets: the most recent ones (the
whole history when it is the number of tickets of company A). bench/run.py
runs one process per size, so each export has its own peak.

Prints ``xlsx: tickets=N rows=N seconds=S before_kib=K peak_kib=K``: the
process's resident memory before the export and its peak (``ru_maxrss``)
after it, then the number of rows of the Tickets sheet, read back from the
file (streamed), which must be the number of tickets of the period."""

import io
import os
import re
import resource
import sys
import time
import zipfile

sys.path.insert(0, os.environ["AMARC_BENCH_DIR"])

from common import browser_context, fail, quality_manager

NAME = "xlsx_memory"
SIZE = int(os.environ["AMARC_BENCH_XLSX_TICKETS"])
env = env  # noqa: F821, PLW0127 (given by odoo shell)


def rss_kib():
    with open("/proc/self/status") as status:
        return int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1))


company = env.ref("base.main_company")
user = quality_manager(env, company)
Indicator = env["amarc.helpdesk.indicator"].with_user(user)
# the period of the SIZE most recent tickets of company A (local dates)
env.cr.execute(
    """
    SELECT date FROM amarc_helpdesk_indicator
     WHERE company_id = %s ORDER BY date DESC OFFSET %s LIMIT 1
    """,
    [company.id, SIZE - 1],
)
row = env.cr.fetchone()
env.cr.execute(
    "SELECT min(date), max(date) FROM amarc_helpdesk_indicator WHERE company_id = %s",
    [company.id],
)
first, last = env.cr.fetchone()
date_from = row[0] if row else first  # the whole history
env.cr.execute(
    """
    SELECT count(*) FROM amarc_helpdesk_indicator
     WHERE company_id = %s AND date BETWEEN %s AND %s
    """,
    [company.id, date_from, last],
)
tickets = env.cr.fetchone()[0]
env.invalidate_all()

context = browser_context(user, company)
wizard = (
    env["amarc.indicator.export"]
    .with_user(user)
    .with_context(context)
    .create(
        {
            "company_id": company.id,
            "period": "year",
            "date_from": date_from,
            "date_to": last,
        }
    )
)
before = rss_kib()
started = time.perf_counter()
action = wizard.action_export()
content, _format = (
    env["ir.actions.report"]
    .with_user(user)
    .with_context(context)
    ._render(action["report_name"], action["context"]["active_ids"], action["data"])
)
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

# read the Tickets sheet back from the file, streamed
with zipfile.ZipFile(io.BytesIO(content)) as archive:
    workbook = archive.read("xl/workbook.xml").decode()
    names = re.findall(r'<sheet name="([^"]+)" sheetId="(\d+)"', workbook)
    index = [
        position for position, (name, _id) in enumerate(names, 1) if name == "Tickets"
    ]
    rows = 0
    with archive.open(f"xl/worksheets/sheet{index[0]}.xml") as sheet:
        tail = b""
        while chunk := sheet.read(1 << 20):
            # "<row " has 5 bytes: none fits in the 4 kept, none counted twice
            rows += (tail + chunk).count(b"<row ")
            tail = chunk[-4:]
rows -= 1  # the header
if rows != tickets:
    fail(NAME, f"the Tickets sheet has {rows} rows for {tickets} tickets")
print(
    f"xlsx: tickets={tickets} rows={rows} seconds={seconds:.3f} "
    f"before_kib={before} peak_kib={peak}",
    flush=True,
)
env.cr.rollback()
