#!/usr/bin/env python3
"""Load test: the AMARC addons under several workers, with faults (never part
of the test suite).

    python3 bench/load.py [--agents 16] [--duration 120] [--http-port 8269]
                          [--db-prefix amarc_load] [--no-faults] [--keep]

Two databases are created: plain OCA helpdesk_mgmt, and the AMARC addons.
Each is served by a server the script starts in prefork mode (4 HTTP
workers, 2 cron workers, the websocket port), one after the other. On each,
K agents (real HTTP JSON-RPC sessions, one user each) create complaints,
acknowledge them, extend their response date, answer and close them for
``--duration`` seconds; on the AMARC side customers answer their
satisfaction surveys through the public survey pages meanwhile, and the
AMARC crons (acknowledgement deadlines and late flags, survey dispatch,
alerts) run every minute in the cron workers.

Faults (AMARC side): the script kills with SIGKILL one HTTP worker while it
serves the agents, and one cron worker while it runs an AMARC job (survey
dispatch, late flags, alerts); Odoo's prefork master starts new ones. A
request cut by a kill is retried by its agent once the step is known not to
be done (as a user would after reloading the page).

At the end it asserts zero HTTP errors, exactly one automatic satisfaction
request per answered closing, each sent once and none left due, one
acknowledgement deadline per ticket, no duplicate alert, and prints:

    bench: load_throughput_ratio RATIO x (amarc N closings/s, plain N closings/s)
    bench: load_close_p95 amarc S s, plain S s
    bench: load_kills_survived N of N
"""

import argparse
import http.client
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import rpc
from rpc import amarc

PLAIN_MODULES = ["helpdesk_mgmt"]
AMARC_MODULES = ["amarc_survey"]
AGENT_GROUPS = {
    "plain": ["helpdesk_mgmt.group_helpdesk_user"],
    "amarc": [
        "helpdesk_mgmt.group_helpdesk_user",
        "amarc_referential.group_amarc_user",
    ],
}
#: the AMARC jobs the crons run every minute during the load
AMARC_CRONS = [
    "amarc_helpdesk.ir_cron_amarc_refresh_late_flags",
    "amarc_helpdesk.ir_cron_amarc_raise_alerts",
    "amarc_survey.ir_cron_amarc_send_surveys",
]
CATEGORIES = 4
ALERT_THRESHOLD = 5
LOG_RE = re.compile(r"^\S+ \S+ (?P<pid>\d+) (?P<level>\w+) ")


def say(line=""):
    print(line, flush=True)


def xmlid(session, full):
    module, name = full.split(".")
    data = session.call(
        "ir.model.data",
        "search_read",
        [("module", "=", module), ("name", "=", name)],
        ["res_id"],
    )
    if not data:
        raise rpc.RpcError(f"no record {full}")
    return data[0]["res_id"]


class Side:
    """One side of the measure: its database, server and counters."""

    def __init__(self, name, options, tmp):
        self.name, self.options, self.tmp = name, options, tmp
        self.db = f"{options.db_prefix}_{name}"
        self.url = f"http://127.0.0.1:{options.http_port}"
        self.log = tmp / f"{name}.log"
        self.lock = threading.Lock()
        self.errors, self.retries = [], 0
        self.closings, self.close_times = 0, []
        self.server = None
        #: the names of this run's tickets start with it
        self.run_tag = f"load {int(time.time())}"

    # -- setup ---------------------------------------------------------
    def install(self):
        if self.options.reuse_db and amarc.db_exists(self.db):
            say(f"load: reusing {self.db}")
            return
        amarc.drop_db(self.db)
        modules = AMARC_MODULES if self.name == "amarc" else PLAIN_MODULES
        say(f"load: installing {', '.join(modules)} on {self.db} ...")
        rpc.install(self.db, modules, self.tmp / f"install_{self.name}.log", demo=False)

    def start(self):
        gevent = self.options.http_port + 3
        self.server = rpc.odoo_server(
            self.db,
            self.options.http_port,
            self.log,
            "--workers",
            "4",
            "--max-cron-threads",
            "2",
            "--gevent-port",
            str(gevent),
            "--limit-time-real",
            "600",
        )
        rpc.wait_http(self.url, self.server)

    def prepare(self, agents):
        """Team, channel, reasons, customers and agents, through RPC as admin."""
        admin = rpc.Session(self.url, self.db, "admin", "admin")
        # no SMTP server here: the mails stay queued
        admin.call(
            "ir.cron",
            "write",
            [xmlid(admin, "mail.ir_cron_mail_scheduler_action")],
            {"active": False},
        )
        company = admin.call("res.users", "read", [admin.uid], ["company_id"])[0][
            "company_id"
        ][0]
        team = admin.call("helpdesk.ticket.team", "create", {"name": "Load team"})
        stages = admin.call(
            "helpdesk.ticket.stage",
            "search_read",
            [],
            ["closed"],
            order="sequence, id",
        )
        self.closed_stage = next(s["id"] for s in stages if s["closed"])
        channel_vals = {"name": "Load e-mail"}
        category_vals = [{"name": f"Load reason {i}"} for i in range(CATEGORIES)]
        if self.name == "amarc":
            channel_vals.update(amarc_ack_delay=24, amarc_ack_unit="working_hours")
            for vals in category_vals:
                vals.update(amarc_alert_threshold=ALERT_THRESHOLD)
                vals.update(amarc_alert_window_days=30)
            self.cron_ids = [xmlid(admin, cron) for cron in AMARC_CRONS]
            admin.call(
                "ir.cron",
                "write",
                self.cron_ids,
                {"interval_number": 1, "interval_type": "minutes", "active": True},
            )
            survey = xmlid(admin, "amarc_survey.survey_amarc_satisfaction")
            questions = admin.call(
                "survey.question",
                "search_read",
                [("survey_id", "=", survey), ("question_type", "=", "simple_choice")],
                ["suggested_answer_ids"],
                order="sequence, id",
            )
            self.score_question = questions[0]["id"]
            self.score_answers = questions[0]["suggested_answer_ids"]
            admin.call(
                "res.company",
                "write",
                [company],
                {
                    "amarc_survey_id": survey,
                    # the default question (the survey's first rating one):
                    # with one chosen explicitly, closing a ticket fails for
                    # an agent without survey rights (amarc_survey reads its
                    # survey_id as the agent)
                    "amarc_survey_question_id": False,
                    "amarc_survey_trigger": "auto",
                    "amarc_survey_delay": 0,
                    "amarc_survey_delay_unit": "hours",
                    "amarc_survey_cooldown_days": 0,
                    "amarc_survey_expiry_days": 30,
                },
            )
        self.team = team
        self.channel = admin.call("helpdesk.ticket.channel", "create", channel_vals)
        self.categories = admin.call(
            "helpdesk.ticket.category", "create", category_vals
        )
        self.customers = admin.call(
            "res.partner",
            "create",
            [
                {"name": f"Load customer {i}", "email": f"customer{i}@load.example"}
                for i in range(agents * 4)
            ],
        )
        groups = [xmlid(admin, g) for g in AGENT_GROUPS[self.name]]
        groups.append(xmlid(admin, "base.group_user"))
        self.agents = []
        for i in range(agents):
            login = f"load_agent_{i}"
            vals = {"name": f"Load agent {i}", "password": login}
            vals["group_ids"] = [(6, 0, groups)]
            user = admin.call("res.users", "search", [("login", "=", login)])
            if user:  # a database kept by --keep
                admin.call("res.users", "write", user, vals)
            else:
                admin.call("res.users", "create", dict(vals, login=login))
            self.agents.append(login)
        admin.call(
            "helpdesk.ticket.team",
            "write",
            [team],
            {"user_ids": [(6, 0, self.agent_ids(admin))]},
        )
        self.admin = admin

    def agent_ids(self, admin):
        return admin.call("res.users", "search", [("login", "in", self.agents)])

    # -- the agents ----------------------------------------------------
    def step(self, session, do, done=None):
        """Run ``do()``; a request cut by a killed worker is retried once
        ``done()`` (when given) says the step did not happen."""
        for _attempt in range(5):
            try:
                return do()
            except rpc.RpcError as exc:
                cut = (
                    isinstance(
                        exc.__cause__,
                        ConnectionError | http.client.HTTPException | TimeoutError,
                    )
                    or "Connection" in str(exc)
                    or "Remote end" in str(exc)
                )
                if not cut:
                    raise
                with self.lock:
                    self.retries += 1
                time.sleep(1)
                if done and done():
                    return None
        raise rpc.RpcError("a step failed five times")

    def agent(self, login, deadline):
        rng = random.Random(login)
        try:
            session = self.step(
                None, lambda: rpc.Session(self.url, self.db, login, login)
            )
        except rpc.RpcError as exc:
            with self.lock:
                self.errors.append(f"{login}: {exc}")
            return
        Ticket = "helpdesk.ticket"
        number = 0
        while time.time() < deadline:
            number += 1
            name = f"{self.run_tag} {login} {number}"
            try:
                ticket = self.step(
                    session,
                    lambda name=name: session.call(
                        Ticket,
                        "create",
                        {
                            "name": name,
                            "description": "<p>Complaint under load</p>",
                            "team_id": self.team,
                            "channel_id": self.channel,
                            "category_id": rng.choice(self.categories),
                            "partner_id": rng.choice(self.customers),
                        },
                    ),
                    lambda name=name: bool(
                        session.call(Ticket, "search", [("name", "=", name)])
                    ),
                )
                if ticket is None:  # created before its worker was killed
                    ticket = session.call(Ticket, "search", [("name", "=", name)])[0]
                self.lifecycle(session, ticket)
            except rpc.RpcError as exc:
                with self.lock:
                    self.errors.append(f"{login}: {exc}")

    def lifecycle(self, session, ticket):
        Ticket = "helpdesk.ticket"

        def field(name):
            return lambda: session.call(Ticket, "read", [ticket], [name])[0][name]

        if self.name == "amarc":
            self.step(
                session,
                lambda: session.call(
                    Ticket, "action_amarc_acknowledge", [ticket], button=True
                ),
                field("amarc_ack_date"),
            )
            deadline = field("amarc_response_deadline")()
            wizard = self.step(
                session,
                lambda: session.call(
                    "amarc.ticket.extension.wizard",
                    "create",
                    {
                        "ticket_id": ticket,
                        "new_deadline": deadline[:10] + " 23:00:00",
                        "reason": "More time to check the invoice",
                        "send_mail": False,
                    },
                ),
            )
            self.step(
                session,
                lambda: session.call(
                    "amarc.ticket.extension.wizard",
                    "action_confirm",
                    [wizard],
                    button=True,
                ),
                lambda: bool(field("amarc_extension_count")()),
            )
        else:
            for note in ("Acknowledged by phone", "Response date extended"):
                session.call(Ticket, "message_post", [ticket], body=note)
        started = time.perf_counter()
        self.step(
            session,
            lambda: session.call(
                Ticket, "write", [ticket], {"stage_id": self.closed_stage}
            ),
        )
        elapsed = time.perf_counter() - started
        with self.lock:
            self.closings += 1
            self.close_times.append(elapsed)

    # -- the customers -------------------------------------------------
    def customers_answer(self, stop):
        """Answer the sent surveys through the public pages until ``stop``."""
        answered = set()
        while not stop.is_set():
            self.answer_sent(answered)
            stop.wait(2)
        self.answered = answered

    def answer_sent(self, answered):
        try:
            requests = self.admin.call(
                "amarc.satisfaction.request",
                "search_read",
                [("state", "=", "sent"), ("id", "not in", list(answered))],
                ["user_input_id", "survey_id"],
                limit=50,
            )
            for request in requests:
                user_input = self.admin.call(
                    "survey.user_input",
                    "read",
                    [request["user_input_id"][0]],
                    ["access_token", "state"],
                )[0]
                if user_input["state"] == "done":  # answered, being processed
                    answered.add(request["id"])
                    continue
                token = user_input["access_token"]
                survey_token = self.admin.call(
                    "survey.survey", "read", [request["survey_id"][0]], ["access_token"]
                )[0]["access_token"]
                public = rpc.Session(self.url, self.db)
                path = f"{survey_token}/{token}"
                public.post(f"/survey/begin/{path}", {})
                score = random.choice(self.score_answers)
                result = public.post(
                    f"/survey/submit/{path}", {str(self.score_question): score}
                )
                # [correct answers, the next page]; an error: {"error": ...}
                if isinstance(result, list) and "error" in (result[1] or {}):
                    raise rpc.RpcError(f"survey answer refused: {result[1]}")
                answered.add(request["id"])
        except rpc.RpcError as exc:
            with self.lock:
                self.errors.append(f"customer: {exc}")

    # -- faults --------------------------------------------------------
    def workers(self, kind):
        """The pids of the live workers of ``kind`` (WorkerHTTP,
        WorkerCron) from the server's log, newest first."""
        pids = re.findall(rf"Worker {kind} \((\d+)\) alive", self.log.read_text())
        return [int(pid) for pid in reversed(pids) if Path(f"/proc/{pid}").exists()]

    def kill_http_worker(self):
        """SIGKILL the HTTP worker that logged the last request."""
        text = self.log.read_text()
        http = set(self.workers("WorkerHTTP"))
        for line in reversed(text.splitlines()):
            match = LOG_RE.match(line)
            if match and int(match["pid"]) in http and "werkzeug" in line:
                pid = int(match["pid"])
                amarc.os.kill(pid, signal.SIGKILL)
                return pid
        return None

    def kill_cron_worker(self, timeout):
        """SIGKILL a cron worker as soon as it logs the start of an AMARC job."""
        deadline = time.time() + timeout
        seen = len(self.log.read_text())
        while time.time() < deadline:
            text = self.log.read_text()
            for line in text[seen:].splitlines():
                match = LOG_RE.match(line)
                if match and "Job 'AMARC" in line and "starting" in line:
                    pid = int(match["pid"])
                    if Path(f"/proc/{pid}").exists():
                        amarc.os.kill(pid, signal.SIGKILL)
                        return pid, line.split("Job ", 1)[1][:60]
            seen = len(text)
            time.sleep(0.05)
        return None, None

    def faults(self, duration, report):
        time.sleep(duration / 3)
        pid = self.kill_http_worker()
        report.append(("HTTP worker", pid, "serving the agents"))
        pid, job = self.kill_cron_worker(duration)
        report.append(("cron worker", pid, job))

    # -- one run ---------------------------------------------------------
    def run(self, agents, duration, faults):
        stop = threading.Event()
        threads = [
            threading.Thread(target=self.agent, args=(login, time.time() + duration))
            for login in self.agents
        ]
        self.answered, self.kills = set(), []
        extra = []
        if self.name == "amarc":
            extra.append(
                threading.Thread(
                    target=self.customers_answer, args=(stop,), daemon=True
                )
            )
            if faults:
                extra.append(
                    threading.Thread(target=self.faults, args=(duration, self.kills))
                )
        started = time.time()
        for thread in threads + extra:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.time() - started
        if self.name == "amarc":
            for thread in extra[1:]:
                thread.join()
            try:
                self.finish_crons()
            finally:
                stop.set()
                extra[0].join()
        return elapsed

    def finish_crons(self):
        """Run the AMARC jobs once more (the due surveys sent, the flags and
        alerts raised), and answer what they sent."""
        for cron in self.cron_ids:
            for _attempt in range(30):
                try:
                    self.admin.call(
                        "ir.cron", "method_direct_trigger", [cron], button=True
                    )
                    break
                except rpc.RpcError as exc:  # running in a cron worker: wait
                    if "already" not in str(exc) and "running" not in str(exc):
                        raise
                    time.sleep(2)

    # -- checks ----------------------------------------------------------
    def sql(self, query):
        proc = subprocess.run(
            ["psql", "-d", self.db, "-Atc", query],
            check=True,
            capture_output=True,
            text=True,
        )
        return proc.stdout.strip()

    def checks(self):
        """(name, value, expected) of the final checks of the AMARC side."""
        load = f"t.name LIKE '{self.run_tag} %'"
        return [
            ("HTTP errors", len(self.errors), 0),
            (
                "answered closings without exactly one automatic request",
                self.sql(
                    "SELECT count(*) FROM (SELECT t.id FROM helpdesk_ticket t"
                    " LEFT JOIN amarc_satisfaction_request r ON r.ticket_id = t.id"
                    " AND r.trigger = 'auto' AND r.state != 'cancelled'"
                    f" WHERE {load} AND t.amarc_response_date IS NOT NULL"
                    " GROUP BY t.id HAVING count(r.id) != 1) x"
                ),
                "0",
            ),
            (
                "requests sent more than once (survey answers, mails)",
                self.sql(
                    "SELECT count(*) FROM amarc_satisfaction_request r WHERE"
                    " (SELECT count(*) FROM mail_mail m JOIN mail_message mm ON"
                    " mm.id = m.mail_message_id WHERE mm.model ="
                    " 'amarc.satisfaction.request' AND mm.res_id = r.id"
                    # the invitation, not the follow-up activity's notice
                    " AND mm.message_type != 'user_notification') > 1"
                    " OR (SELECT count(*) FROM survey_user_input u JOIN"
                    " amarc_satisfaction_request r2 ON r2.user_input_id = u.id"
                    " WHERE r2.id = r.id) > 1"
                ),
                "0",
            ),
            (
                "requests due and not sent (lost)",
                self.sql(
                    "SELECT count(*) FROM amarc_satisfaction_request"
                    " WHERE state = 'scheduled' AND scheduled_date <= now()"
                    " AT TIME ZONE 'UTC'"
                ),
                "0",
            ),
            (
                "tickets without one acknowledgement deadline",
                self.sql(
                    "SELECT count(*) FROM helpdesk_ticket t"
                    f" WHERE {load} AND t.amarc_ack_deadline IS NULL"
                ),
                "0",
            ),
            (
                "duplicate alerts (a reason twice in progress, a ticket twice)",
                self.sql(
                    "SELECT (SELECT count(*) FROM (SELECT category_id FROM amarc_alert"
                    " WHERE alert_type = 'frequency' AND state IN ('open',"
                    " 'action_planned') GROUP BY company_id, category_id"
                    " HAVING count(*) > 1) a) + (SELECT count(*) FROM (SELECT"
                    " ticket_id FROM amarc_alert WHERE alert_type = 'serious'"
                    " GROUP BY ticket_id HAVING count(*) > 1) b)"
                ),
                "0",
            ),
        ]

    def figures(self):
        return {
            "tickets": self.sql(
                f"SELECT count(*) FROM helpdesk_ticket t WHERE t.name LIKE"
                f" '{self.run_tag} %'"
            ),
            "requests": self.sql("SELECT count(*) FROM amarc_satisfaction_request"),
            "sent": self.sql(
                "SELECT count(*) FROM amarc_satisfaction_request"
                " WHERE state IN ('sent', 'answered')"
            ),
            "answered": self.sql(
                "SELECT count(*) FROM amarc_satisfaction_request"
                " WHERE state = 'answered'"
            ),
            "alerts": self.sql("SELECT count(*) FROM amarc_alert"),
        }


def p95(values):
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=20)[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=16)
    parser.add_argument("--duration", type=int, default=120, help="seconds per side")
    parser.add_argument("--http-port", type=int, default=8269)
    parser.add_argument("--db-prefix", default="amarc_load")
    parser.add_argument("--no-faults", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="use the databases kept by --keep before they were prepared",
    )
    options = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="amarc-load-"))
    say(f"load: logs in {tmp}")
    sides = {name: Side(name, options, tmp) for name in ("plain", "amarc")}
    failed = 0
    try:
        for side in sides.values():
            side.install()
        results = {}
        for side in sides.values():
            try:
                side.start()
                side.prepare(options.agents)
                say(
                    f"load: {side.name}: {options.agents} agents for "
                    f"{options.duration} s ..."
                )
                elapsed = side.run(
                    options.agents, options.duration, not options.no_faults
                )
                results[side.name] = side.closings / elapsed
                say(
                    f"load: {side.name}: {side.closings} closings in {elapsed:.0f} s,"
                    f" {len(side.errors)} errors, {side.retries} requests retried"
                )
                for error in side.errors[:10]:
                    say(f"    {error}")
                if side.name == "amarc":
                    say(f"load: amarc: {side.figures()}")
                    for name, value, expected in side.checks():
                        ok = str(value) == str(expected)
                        failed += not ok
                        say(f"{'PASS' if ok else 'FAIL'} {name}: {value}")
                else:
                    failed += bool(side.errors)
            finally:
                if side.server:
                    rpc.stop(side.server)
        amarc_side = sides["amarc"]
        survived = sum(1 for _kind, pid, _what in amarc_side.kills if pid)
        for kind, pid, what in amarc_side.kills:
            say(f"load: killed {kind} {pid or '(none found)'} ({what})")
        ratio = results["amarc"] / results["plain"]
        say(
            f"bench: load_throughput_ratio {ratio:.2f} x (amarc "
            f"{results['amarc']:.2f} closings/s, plain {results['plain']:.2f} "
            "closings/s)"
        )
        say(
            f"bench: load_close_p95 amarc {p95(amarc_side.close_times):.3f} s, "
            f"plain {p95(sides['plain'].close_times):.3f} s"
        )
        planned = 0 if options.no_faults else 2
        say(f"bench: load_kills_survived {survived if not failed else 0} of {planned}")
        if planned and survived < planned:
            failed += 1
    except (rpc.RpcError, subprocess.CalledProcessError, amarc.SetupError) as exc:
        say(f"load: FAILED: {exc}")
        failed += 1
    finally:
        if not options.keep:
            for side in sides.values():
                amarc.drop_db(side.db)
            shutil.rmtree(tmp, ignore_errors=True)
    say(f"load: {'FAILED' if failed else 'passed'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
