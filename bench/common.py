"""Helpers of the measures run inside ``odoo shell`` (see bench/README.md).

Every measure follows the same protocol:

1. each side runs once (warm-up) and their outputs are compared: a difference
   stops the measure with an error before any time is printed;
2. the two sides then run alternately, ``repeat`` times each (ours first on
   odd rounds, the baseline first on even rounds), their outputs compared
   again at every round;
3. the medians are compared and one line is printed:
   ``bench: NAME RATIO x (ours S s, baseline S s)``."""

import os
import statistics
import sys
import time

REPEAT = int(os.environ.get("AMARC_BENCH_REPEAT", "5"))


class Mismatch(Exception):
    """The two sides of a measure do not give the same result."""


def say(line=""):
    print(line, flush=True)


def fail(name, message):
    say(f"bench: {name} FAILED: {message}")
    sys.exit(3)


def line(name, ratio, ours, baseline, extra=""):
    say(
        f"bench: {name} {ratio:.2f} x (ours {ours:.3f} s, baseline {baseline:.3f} s"
        f"{extra})"
    )


def alternate(name, ours, baseline, compare, repeat=REPEAT, prepare=None):
    """Run ``ours()`` and ``baseline()`` alternately (after one warm-up run
    of each), check ``compare(ours_output, baseline_output)`` (which raises
    :class:`Mismatch` when they differ) at every round, and return the median
    wall times ``(ours, baseline)``. ``prepare()``, when given, runs before
    each call, outside the time."""
    times = {"ours": [], "baseline": []}
    sides = {"ours": ours, "baseline": baseline}

    def run(side):
        if prepare:
            prepare()
        started = time.perf_counter()
        output = sides[side]()
        return time.perf_counter() - started, output

    try:
        outputs = {side: run(side)[1] for side in ("ours", "baseline")}
        compare(outputs["ours"], outputs["baseline"])
        for round_ in range(repeat):
            order = ("ours", "baseline") if round_ % 2 == 0 else ("baseline", "ours")
            outputs = {}
            for side in order:
                elapsed, outputs[side] = run(side)
                times[side].append(elapsed)
            compare(outputs["ours"], outputs["baseline"])
    except Mismatch as exc:
        fail(name, f"ours and the baseline differ: {exc}")
    return statistics.median(times["ours"]), statistics.median(times["baseline"])


def quality_manager(env, company, login="bench_quality_manager"):
    """A quality manager of ``company`` only, also helpdesk user: AMARC manager
    + helpdesk user, so that the record rules of both apply."""
    Users = env["res.users"].with_context(no_reset_password=True)
    user = Users.search([("login", "=", login)])
    groups = [
        env.ref("base.group_user").id,
        env.ref("amarc_referential.group_amarc_manager").id,
        env.ref("helpdesk_mgmt.group_helpdesk_user").id,
    ]
    values = {
        "company_id": company.id,
        "company_ids": [(6, 0, company.ids)],
        "group_ids": [(6, 0, groups)],
        "tz": company.resource_calendar_id.tz or "UTC",
    }
    if user:
        user.write(values)
    else:
        user = Users.create(dict(values, name="Bench quality manager", login=login))
    env.flush_all()
    return user


def browser_context(user, company):
    """The context the web client sends with every call."""
    return {
        "lang": user.lang or "en_US",
        "tz": user.tz,
        "uid": user.id,
        "allowed_company_ids": company.ids,
    }
