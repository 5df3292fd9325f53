"""A JSON-RPC session on an Odoo server, as the web client opens one, and
the servers that bench/load.py and bench/replica.py start (never part of the
test suite)."""

import http.client
import itertools
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import amarc


class RpcError(Exception):
    """An HTTP error, or a JSON-RPC error answer."""


class Session:
    """One user's session: cookies kept, each call timed."""

    _ids = itertools.count(1)

    def __init__(self, url, db, login=None, password=None, timeout=120):
        """A user's session, or an anonymous visitor's without ``login``."""
        self.url, self.db, self.timeout = url, db, timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar())
        )
        self.uid = None
        if login:
            self.uid = self.post(
                "/web/session/authenticate",
                {"db": db, "login": login, "password": password},
            )["uid"]

    def post(self, route, params):
        body = json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "call",
                "id": next(self._ids),
                "params": params,
            }
        ).encode()
        request = urllib.request.Request(
            self.url + route, body, {"Content-Type": "application/json"}
        )
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                answer = json.loads(response.read())
        except (OSError, ValueError, http.client.HTTPException) as exc:
            raise RpcError(f"{route}: {exc}") from exc
        if answer.get("error"):
            data = answer["error"].get("data") or {}
            raise RpcError(f"{route}: {data.get('message') or answer['error']}")
        return answer.get("result")

    def call(self, model, method, *args, button=False, **kwargs):
        """``model.method(*args, **kwargs)`` through call_kw, or through
        call_button (as a form's button) when ``button``."""
        route = "call_button" if button else "call_kw"
        return self.post(
            f"/web/dataset/{route}/{model}.{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


def wait_http(url, proc, timeout=300):
    """Wait until the server at ``url`` answers (or ``proc`` died)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RpcError(f"the server exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/web/health", timeout=10):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except (urllib.error.URLError, OSError):
            time.sleep(1)
    raise RpcError(f"{url} did not answer within {timeout} s")


def odoo_server(db, port, log_path, *args, env=None):
    """Start ``python3 -m odoo`` serving ``db`` on ``port`` (its own process
    group, its log in ``log_path``); return the process."""
    info = amarc.odoo_info()
    cmd = amarc.odoo_cmd(
        info,
        "-d",
        db,
        "--db-filter",
        f"^{db}$",
        "--http-port",
        str(port),
        "--logfile",
        str(log_path),
        *args,
        launcher=amarc.server_launcher(info),
    )
    return subprocess.Popen(
        cmd,
        env=dict(amarc.python_env(), **(env or {})),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )


def stop(proc):
    """Stop a server started by :func:`odoo_server` and its workers."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def install(db, modules, log_path, *args, env=None, demo=True):
    """Create ``db`` with ``modules`` (and their demo data), no HTTP."""
    info = amarc.odoo_info()
    proc = subprocess.run(
        amarc.odoo_cmd(
            info,
            "-d",
            db,
            "-i",
            ",".join(modules),
            "--with-demo" if demo else "--without-demo",
            "--stop-after-init",
            "--no-http",
            "--max-cron-threads",
            "0",
            "--logfile",
            str(log_path),
            *args,
        ),
        env=dict(amarc.python_env(), **(env or {})),
        check=False,
    )
    if proc.returncode:
        raise RpcError(f"installing {modules} on {db} failed: see {log_path}")
