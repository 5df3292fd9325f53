#!/usr/bin/env python3
"""Take screenshots of a running Odoo in headless Chromium.

    python3 tools/screenshot.py URL_PATH OUT.png [URL_PATH OUT.png ...]

Logs in as admin/admin on http://127.0.0.1:$AMARC_PORT (default 8069) through
the login form, then opens each path (e.g. "/odoo/action-amarc_referential.
amarc_criterion_action") and saves a PNG. A path may end with
"#click=CSS" to click an element (a menu) before the screenshot. Uses the Chrome DevTools protocol
(websocket-client) and Debian's chromium; only talks to 127.0.0.1.
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket

PORT = os.environ.get("AMARC_PORT", "8069")
BASE = f"http://127.0.0.1:{PORT}"
DEBUG_PORT = int(os.environ.get("AMARC_CDP_PORT", "9333"))


class Browser:
    def __init__(self, width=1440, height=900):
        self.profile = tempfile.mkdtemp(prefix="amarc-chromium-")
        self.proc = subprocess.Popen(
            [
                shutil.which("chromium") or "chromium",
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--remote-allow-origins=*",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--window-size={width},{height}",
                f"--user-data-dir={self.profile}",
                f"--remote-debugging-port={DEBUG_PORT}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{DEBUG_PORT}/json"
                ) as resp:
                    targets = json.load(resp)
                page = next(t for t in targets if t["type"] == "page")
                break
            except (OSError, StopIteration, ValueError):
                time.sleep(0.2)
        else:
            raise RuntimeError("Chromium did not start")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.msg_id = 0
        self.send("Page.enable")
        self.send("Runtime.enable")

    def send(self, method, **params):
        self.msg_id += 1
        self.ws.send(
            json.dumps({"id": self.msg_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.msg_id:
                if "error" in message:
                    raise RuntimeError(message["error"])
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True
        )
        return result.get("result", {}).get("value")

    def goto(self, url, wait_selector=None, settle=2.5):
        self.send("Page.navigate", url=url)
        deadline = time.time() + 30
        while time.time() < deadline:
            time.sleep(0.3)
            if self.evaluate("document.readyState") == "complete" and (
                not wait_selector
                or self.evaluate(
                    f"!!document.querySelector({json.dumps(wait_selector)})"
                )
            ):
                break
        time.sleep(settle)

    def login(self, login="admin", password="admin"):
        self.goto(f"{BASE}/web/login", "input[name=login]", settle=0.5)
        self.evaluate(
            f"""document.querySelector('input[name=login]').value = {json.dumps(login)};
                document.querySelector('input[name=password]').value = {json.dumps(password)};
                document.querySelector('form.oe_login_form').submit();"""
        )
        time.sleep(3)

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as out:
            out.write(base64.b64decode(data))

    def close(self):
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            shutil.rmtree(self.profile, ignore_errors=True)


def main(argv):
    if len(argv) < 2 or len(argv) % 2:
        print(__doc__)
        return 2
    browser = Browser()
    try:
        browser.login()
        for path, out in zip(argv[::2], argv[1::2], strict=True):
            path, _sep, click = path.partition("#click=")
            browser.goto(
                BASE + path, ".o_action_manager .o_view_controller, .o_form_view"
            )
            if click:
                browser.evaluate(f"document.querySelector({json.dumps(click)}).click()")
                time.sleep(2.5)
            browser.screenshot(out)
            print(f"{out}: {path}")
    finally:
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
