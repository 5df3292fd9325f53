#!/usr/bin/env python3
"""Run the Odoo server (same arguments as ``python3 -m odoo``) and record every
test outcome as the test runner sees it, one JSON object per line, in the file
named by ``AMARC_TEST_RECORD``.

Odoo's closing log line ("N failed, N error(s) of N tests") counts the
per-class setUpClass / tearDownClass entries and the subtests as tests, and
says nothing of skips; ``tools/amarc.py test`` counts test methods from this
record instead. Each line is one of:

    {"event": "start", "id": "odoo.addons.<module>.tests.<file>.<Class>.<method>"}
    {"event": "fail" | "error", "id": ..., "subtest": "..."}  (a method or a subtest)
    {"event": "skip", "id": ..., "reason": "..."}
    {"event": "class_error" | "class_skip", "id": "<module path>.<Class>", "phase": "setUpClass", ...}
    {"event": "unexpected_success", "id": ...}
"""

import json
import os
import re
import sys
import threading

HOLDER_RE = re.compile(r"^(?P<phase>\w+) \((?P<path>[\w.]+)\)$")


def _install(path):
    from odoo.tests import result as odoo_result

    lock = threading.Lock()
    out = open(path, "a", encoding="utf-8")  # noqa: SIM115 - kept open for the run

    def record(**event):
        with lock:
            out.write(json.dumps(event) + "\n")
            out.flush()

    def test_id(test):
        case = getattr(test, "test_case", None)  # a subtest
        return (case or test).id()

    def holder(test, kind):
        """Class- or module-level entries (unittest's _ErrorHolder): their id
        is "setUpClass (odoo.addons.x.tests.test_y.TestZ)"."""
        match = HOLDER_RE.match(test.id())
        if not match or hasattr(test, "_testMethodName"):
            return False
        record(event=kind, id=match["path"], phase=match["phase"])
        return True

    cls = odoo_result.OdooTestResult
    start_test, add_error, add_failure = cls.startTest, cls.addError, cls.addFailure
    add_skip = cls.addSkip

    def startTest(self, test):
        record(event="start", id=test_id(test))
        return start_test(self, test)

    def addError(self, test, err):
        if not self._soft_fail and not holder(test, "class_error"):
            record(event="error", id=test_id(test), subtest=_subtest(test))
        return add_error(self, test, err)

    def addFailure(self, test, err):
        if not self._soft_fail and not holder(test, "class_error"):
            record(event="fail", id=test_id(test), subtest=_subtest(test))
        return add_failure(self, test, err)

    def addSkip(self, test, reason):
        if not holder(test, "class_skip"):
            record(event="skip", id=test_id(test), reason=str(reason))
        return add_skip(self, test, reason)

    def addUnexpectedSuccess(self, test):
        record(event="unexpected_success", id=test_id(test))
        self.failures_count += 1

    cls.startTest = startTest
    cls.addError = addError
    cls.addFailure = addFailure
    cls.addSkip = addSkip
    cls.addUnexpectedSuccess = addUnexpectedSuccess


def _subtest(test):
    if getattr(test, "test_case", None) is not None:
        return test._subDescription()
    return None


def _sleep_without_clock_nanosleep():
    """Under libfaketime 0.9.10 with the real monotonic clock (see
    tools/amarc.py, faketime_env), ``time.sleep`` fails with EINVAL in
    clock_nanosleep; a timed ``select`` waits the same without it."""
    import select
    import time

    def sleep(seconds):
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        select.select([], [], [], seconds)

    time.sleep = sleep


def main():
    if os.environ.get("FAKETIME"):
        _sleep_without_clock_nanosleep()
        # The server's clock is moved, not the browser's or wkhtmltopdf's:
        # Chromium does not start under libfaketime.
        os.environ.pop("LD_PRELOAD", None)
    path = os.environ.get("AMARC_TEST_RECORD")
    if path:
        _install(path)
    from odoo.cli.command import main as odoo_main

    sys.argv = ["odoo", *sys.argv[1:]]
    odoo_main()


if __name__ == "__main__":
    main()
