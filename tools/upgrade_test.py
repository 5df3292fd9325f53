#!/usr/bin/env python3
"""Upgrade tests for real: from each previous release to today's code.

    python3 tools/upgrade_test.py [--keep] [PATH ...]

For each upgrade path (a release commit of this repository):

1. ``git archive <commit> addons`` into a temporary directory;
2. a new database (``amarc_upg_<path>_<pid>``) with the addons of that commit
   installed with ``-i`` and demo data, from that addons path;
3. real data that the migrations act on, created with the release's own code
   (``odoo shell``): the shape the previous version really left in databases;
4. ``-u`` of those addons with today's addons path: Odoo's own migration
   manager runs ``migrations/<version>/*-migrate.py``;
5. every record the migrations touch is checked against exact expected values
   (renamed columns keep their values and their physical column, back-filled
   values, rebuilt links), every other value of the seeded records is
   unchanged, no record is lost, the update log has no WARNING or ERROR, and
   the product's code still behaves on the migrated data (reminder cron).

Every check prints ``PASS`` or ``FAIL``; the run ends with
``upgrade: N passed, N failed`` and exits non-zero on any failure. The
databases and temporary directories are dropped at the end (``--keep`` keeps
them, for inspection). A migration script of today's addons that no path runs
and checks is a failure too. Logs are kept in ``.test-logs/upgrade_*.log``.

The release commits must be in the clone (``git fetch --unshallow`` in a
shallow CI checkout). ``AMARC_UPGRADE_STEP_TIMEOUT`` (seconds, default 2400)
bounds each Odoo run. A new migration needs a path here (``PATHS``: a release
commit below its version, the data it acts on, its checks)."""

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path

TOOLS_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(TOOLS_DIR))

import amarc  # tools/amarc.py: Odoo and PostgreSQL helpers

ROOT = amarc.ROOT
LOG_DIR = ROOT / ".test-logs"
MARKER = "AMARC_UPGRADE_RESULT "
STEP_TIMEOUT = int(os.environ.get("AMARC_UPGRADE_STEP_TIMEOUT", "2400"))
# Columns every ORM write changes: not data.
VOLATILE_COLUMNS = {"write_date", "write_uid"}


# ----------------------------------------------------------------------
# Real data, created in the release's own code (run inside "odoo shell")
# ----------------------------------------------------------------------
def _user(env, login, name, groups, company, **values):
    from odoo.tests import new_test_user

    return new_test_user(
        env,
        login=login,
        name=name,
        groups=groups,
        company_id=company.id,
        company_ids=[(6, 0, company.ids)],
        **values,
    )


def _utc(tz_name, *args):
    """Wall-clock time in ``tz_name`` -> the UTC naive datetime Odoo stores."""
    import pytz

    tz = pytz.timezone(tz_name)
    return tz.localize(datetime(*args)).astimezone(pytz.utc).replace(tzinfo=None)


def _calendar(env, company, tz, weekdays):
    attendances = [
        (
            0,
            0,
            {
                "name": f"Day {day} {period}",
                "dayofweek": str(day),
                "hour_from": hour_from,
                "hour_to": hour_to,
                "day_period": period,
            },
        )
        for day in weekdays
        for hour_from, hour_to, period in ((8, 12, "morning"), (13, 17, "afternoon"))
    ]
    return env["resource.calendar"].create(
        {
            "name": f"Schedule {company.name}",
            "company_id": company.id,
            "tz": tz,
            "attendance_ids": [(5, 0, 0), *attendances],
        }
    )


def _holiday(env, calendar, day):
    """A public holiday of ``calendar`` (the whole local day)."""
    leave = (
        env["resource.calendar.leaves"]
        .with_company(calendar.company_id)
        .create(
            {
                "name": "Public holiday",
                "calendar_id": calendar.id,
                "date_from": _utc(calendar.tz, day.year, day.month, day.day),
                "date_to": _utc(calendar.tz, day.year, day.month, day.day, 23, 59, 59),
            }
        )
    )
    leave.flush_recordset()
    return leave


def _expect(label, got, expected):
    """The premise of a check, asserted on the release's own data."""
    if got != expected:
        raise AssertionError(f"seed: {label}: expected {expected!r}, got {got!r}")


#: amarc_referential 19.0.1.4.0: criteria titles, as shipped before (the
#: release's) and as corrected (the referential's wording)
OLD_TITLES = {
    "4.2.2": {
        "en_US": "Email acknowledgement within 24 hours",
        "fr_FR": "Accusé de réception courriel sous 24 h",
    },
    "4.2.3": {
        "en_US": "Letter acknowledgement within 10 days",
        "fr_FR": "Accusé de réception courrier sous 10 jours",
    },
    "6.4": {
        "en_US": "Effectiveness of implemented actions measured",
        "fr_FR": "Efficacité des actions mise en œuvre mesurée",
    },
}
NEW_TITLES = {
    "4.2.2": {
        "en_US": "Email acknowledgement within 24 working hours",
        "fr_FR": "Accusé de réception courriel sous 24 heures ouvrés",
    },
    "4.2.3": {
        "en_US": "Letter acknowledgement or a holding or final reply within 10 "
        "working days",
        "fr_FR": "Accusé de réception ou une réponse d’attente ou définitive par "
        "courrier sous 10 jours ouvrés",
    },
    "6.4": {
        "en_US": "Effectiveness of implemented actions measured",
        "fr_FR": "Efficacité des actions mises en œuvre mesurée",
    },
}
#: a title a company wrote itself: kept by the migration
OWN_TITLE_FR = "Accusé de réception des courriels sous 24 heures ouvrées"
OWN_TITLE_EN = "Our letters acknowledged within 10 working days"
ACK_TEMPLATE = "amarc_helpdesk.mail_template_amarc_acknowledgement"
OWN_ACK_BODY = '<p>Hello, we have your request <t t-out="object.number"/>.</p>'


def _criteria(env):
    return {
        code: env.ref(f"amarc_referential.criterion_{code.replace('.', '_')}")
        for code in OLD_TITLES
    }


def _titles(env, criterion):
    env.flush_all()
    env.cr.execute("SELECT name FROM amarc_criterion WHERE id = %s", [criterion.id])
    return env.cr.fetchone()[0]


def _french(env, modules):
    """French installed, the release's French terms of ``modules`` loaded."""
    env["res.lang"]._activate_lang("fr_FR")
    env["ir.module.module"]._load_module_terms(modules, ["fr_FR"])
    env.invalidate_all()


def _template_bodies(env):
    template = env.ref(ACK_TEMPLATE)
    return {
        lang: str(template.with_context(lang=lang).body_html)
        for lang in ("en_US", "fr_FR")
    }


def seed_referential(env):
    """19.0.1.0.0 of amarc_referential (commit a5289dd): companies created
    without a quality manager, whose obligations were generated without a
    responsible."""
    env = env(context=dict(env.context, tracking_disable=True))
    Company = env["res.company"]
    Obligation = env["amarc.obligation"].with_context(active_test=False)
    manager_groups = "base.group_user,amarc_referential.group_amarc_manager"
    main = env.ref("base.main_company")
    company_b = Company.create({"name": "Upgrade Referential B"})
    company_c = Company.create({"name": "Upgrade Referential C"})
    # B: one active quality manager; an archived one and a plain user who must
    # not be chosen. C: nobody of the group, the administrator takes it.
    retired = _user(
        env, "upg_retired_b", "A retired manager", manager_groups, company_b
    )
    retired.active = False
    manager_b = _user(
        env, "upg_manager_b", "B quality manager", manager_groups, company_b
    )
    clerk_b = _user(
        env,
        "upg_clerk_b",
        "A clerk",
        "base.group_user,amarc_referential.group_amarc_user",
        company_b,
    )
    obligations_b = Obligation.search([("company_id", "=", company_b.id)])
    obligations_c = Obligation.search([("company_id", "=", company_c.id)])
    (obligations_b | obligations_c).write({"date_start": date(2025, 3, 1)})
    assigned = obligations_b.filtered(lambda o: o.criterion_id.code == "1.6")[:1]
    assigned.write({"user_id": clerk_b.id, "last_done_date": date(2025, 9, 1)})
    archived = (obligations_b - assigned)[-1:]
    archived.active = False
    env.flush_all()
    _expect("company B quality manager", company_b.amarc_quality_manager_id.id, False)
    _expect("company C quality manager", company_c.amarc_quality_manager_id.id, False)
    _expect("obligations of B", len(obligations_b) > 5, True)
    _expect("obligations of C", len(obligations_c) > 5, True)
    _expect("assigned and archived obligations", (len(assigned), len(archived)), (1, 1))
    _expect(
        "responsibles of B before",
        set((obligations_b - assigned).mapped("user_id").ids),
        set(),
    )
    _expect("responsibles of C before", set(obligations_c.mapped("user_id").ids), set())
    main_obligations = Obligation.search([("company_id", "=", main.id)])
    _expect("obligations of the main company", len(main_obligations) > 5, True)
    # 1.6: one obligation per company, before processes existed
    reviews_1_6 = {
        key: Obligation.search(
            [("company_id", "=", c.id), ("criterion_id.code", "=", "1.6")]
        )
        for key, c in (
            ("main", main),
            ("company_b", company_b),
            ("company_c", company_c),
        )
    }
    _expect(
        "one 1.6 obligation per company",
        {k: (len(o), o.name) for k, o in reviews_1_6.items()},
        dict.fromkeys(reviews_1_6, (1, "1.6 Annual process review")),
    )
    _expect(
        "B's 1.6 obligation is the assigned one", reviews_1_6["company_b"], assigned
    )
    # the company rewrote the English title of 4.2.3 and the acknowledgement
    # e-mail (a user of its own, not the installation)
    criteria = _criteria(env)
    criteria["4.2.3"].with_context(lang="en_US").name = OWN_TITLE_EN
    template = env.ref(ACK_TEMPLATE).with_user(manager_b).sudo()
    template.body_html = OWN_ACK_BODY
    env.flush_all()
    _expect(
        "titles before",
        {code: _titles(env, c) for code, c in criteria.items()},
        {
            "4.2.2": {"en_US": OLD_TITLES["4.2.2"]["en_US"]},
            "4.2.3": {"en_US": OWN_TITLE_EN},
            "6.4": {"en_US": OLD_TITLES["6.4"]["en_US"]},
        },
    )
    _expect(
        "template edited by a user",
        env.ref(ACK_TEMPLATE).write_uid.id,
        manager_b.id,
    )
    own_body = str(env.ref(ACK_TEMPLATE).body_html)
    return {
        "tables": {
            "res_company": [main.id, company_b.id, company_c.id],
            "amarc_obligation": (obligations_b | obligations_c | main_obligations).ids,
            "amarc_criterion": [c.id for c in criteria.values()],
        },
        "ids": {
            "main": main.id,
            "main_manager": main.amarc_quality_manager_id.id,
            "company_b": company_b.id,
            "company_c": company_c.id,
            "manager_b": manager_b.id,
            "clerk_b": clerk_b.id,
            "admin": env.ref("base.user_admin").id,
            "obligations_b": obligations_b.ids,
            "obligations_c": obligations_c.ids,
            "assigned": assigned.id,
            "archived": archived.id,
            "main_obligations": main_obligations.ids,
            "obligations_1_6": {k: o.id for k, o in reviews_1_6.items()},
            "criteria": {code: c.id for code, c in criteria.items()},
            "own_ack_body": own_body,
        },
        # values checked by check_referential, not by the generic comparison
        "explicit": [["amarc_obligation", archived.id, "active"]]
        + [["amarc_obligation", o.id, "name"] for o in reviews_1_6.values()],
    }


def probe_referential(env, ids):
    """After the upgrade, in today's code: the processes of each company and
    their 1.6 obligations (archived ones included), the acknowledgement
    e-mail."""
    Obligation = env["amarc.obligation"].with_context(active_test=False)
    Process = env["amarc.process"].with_context(active_test=False)
    companies = {k: ids[k] for k in ("main", "company_b", "company_c")}
    main_process = env.ref(
        "amarc_referential.process_complaint_management", raise_if_not_found=False
    )
    return {
        "processes": {
            k: [
                [p.id, p.name, p.active, p.user_id.id]
                for p in Process.search([("company_id", "=", c)])
            ]
            for k, c in companies.items()
        },
        "obligations_1_6": {
            k: [
                [o.id, o.process_id.id, o.active, str(o.last_done_date or ""), o.name]
                for o in Obligation.search(
                    [("company_id", "=", c), ("criterion_id.code", "=", "1.6")]
                )
            ]
            for k, c in companies.items()
        },
        "main_process": main_process.id if main_process else None,
        # the acknowledgement e-mail through today's ORM
        "template": str(env.ref(ACK_TEMPLATE).with_context(lang="en_US").body_html),
    }


def seed_release(env):
    """19.0.1.0.0 of amarc_action_plan, amarc_internal_audit, amarc_helpdesk
    and amarc_survey (commit e57c976)."""
    from freezegun import freeze_time

    from odoo import SUPERUSER_ID

    env = env(context=dict(env.context, tracking_disable=True))
    ids = {}
    # French installed with the release's terms; the company rewrote the
    # French title of 4.2.2; the acknowledgement e-mail was never edited
    _french(env, ["amarc_referential", "amarc_helpdesk"])
    criteria = _criteria(env)
    admin = env.ref("base.user_admin")
    criteria["4.2.2"].with_user(admin).sudo().with_context(
        lang="fr_FR"
    ).name = OWN_TITLE_FR
    _expect(
        "titles before",
        {code: _titles(env, c) for code, c in criteria.items()},
        {
            "4.2.2": {**OLD_TITLES["4.2.2"], "fr_FR": OWN_TITLE_FR},
            "4.2.3": OLD_TITLES["4.2.3"],
            "6.4": OLD_TITLES["6.4"],
        },
    )
    bodies = _template_bodies(env)
    _expect(
        "the release's acknowledgement e-mail, never edited",
        (
            env.ref(ACK_TEMPLATE).write_uid.id,
            "amarc_customer_reference" in bodies["en_US"],
            "Sa référence est" in bodies["fr_FR"],
        ),
        (SUPERUSER_ID, False, True),
    )
    ids["criteria"] = {code: c.id for code, c in criteria.items()}
    ids["admin"] = admin.id
    Company = env["res.company"]
    company = Company.create(
        {"name": "Upgrade Co", "email": "care@upgrade.example.com", "amarc_level": "A"}
    )
    company_2 = Company.create(
        {"name": "Upgrade Co 2", "email": "care@upgrade2.example.com"}
    )
    # Upgrade Co: Monday to Friday in Paris. Upgrade Co 2: Monday to Saturday
    # in UTC, Monday 12 January 2026 a public holiday.
    calendar = _calendar(env, company, "Europe/Paris", range(5))
    calendar_2 = _calendar(env, company_2, "UTC", range(6))
    company.write({"resource_calendar_id": calendar.id, "amarc_response_delay": 10})
    company_2.write({"resource_calendar_id": calendar_2.id})
    _holiday(env, calendar_2, date(2026, 1, 12))
    owner = _user(
        env,
        "upg_owner",
        "Action owner",
        "base.group_user,amarc_referential.group_amarc_user",
        company,
    )
    auditor = _user(
        env,
        "upg_auditor",
        "Auditor",
        "base.group_user,amarc_referential.group_amarc_auditor",
        company,
    )
    auditor_2 = _user(
        env,
        "upg_auditor_2",
        "Auditor 2",
        "base.group_user,amarc_referential.group_amarc_auditor",
        company_2,
    )
    criterion = env.ref("amarc_referential.criterion_4_4")

    # amarc_action_plan: reminder marks, set by the release's reminder cron --
    Action = env["amarc.action"]
    plan = env["amarc.action.plan"].create(
        {
            "name": "Upgrade plan 2026",
            "company_id": company.id,
            "year": 2026,
            "origin": "audit",
        }
    )
    deadlines = {
        "ahead": date(2026, 6, 30),
        "overdue": date(2026, 3, 31),
        "later": date(2026, 12, 31),
        "done": date(2026, 6, 30),
        "moved": date(2026, 6, 30),
    }
    actions = {
        key: Action.create(
            {
                "name": f"Upgrade action {key}",
                "plan_id": plan.id,
                "user_id": owner.id,
                "date_deadline": deadline,
                "criterion_ids": [(6, 0, criterion.ids)],
            }
        )
        for key, deadline in deadlines.items()
    }
    all_actions = Action.browse([a.id for a in actions.values()])
    with freeze_time("2026-03-01"):
        all_actions.action_open()
    with freeze_time("2026-03-02"):
        actions["done"].action_done()
    with freeze_time("2026-03-28"):
        Action._cron_remind_actions()
    with freeze_time("2026-06-25"):
        Action._cron_remind_actions()
    # a moved deadline re-arms the reminder (still within the 7 days)
    actions["moved"].date_deadline = date(2026, 7, 1)
    env.flush_all()
    env.invalidate_all()
    _expect(
        "reminder marks before",
        {
            k: (a.reminder_before_date, a.reminder_overdue_date)
            for k, a in actions.items()
        },
        {
            "ahead": (date(2026, 6, 30), False),
            "overdue": (date(2026, 3, 31), date(2026, 3, 31)),
            "later": (False, False),
            "done": (False, False),
            "moved": (date(2026, 6, 30), False),
        },
    )
    _expect(
        "reminders before",
        {k: len(a.activity_ids) for k, a in actions.items()},
        {"ahead": 1, "overdue": 2, "later": 0, "done": 0, "moved": 1},
    )
    ids["actions"] = {k: a.id for k, a in actions.items()}

    # amarc_helpdesk: answered tickets without their response delay --------
    Ticket = env["helpdesk.ticket"]
    Team = env["helpdesk.ticket.team"]
    team = Team.create({"name": "Upgrade complaints", "company_id": company.id})
    team_2 = Team.create({"name": "Upgrade complaints 2", "company_id": company_2.id})
    customer = env["res.partner"].create(
        {"name": "Camille Client", "email": "camille@example.com"}
    )
    channel = env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email")

    def ticket(name, received, company=company, team=team):
        return Ticket.create(
            {
                "name": name,
                "description": f"<p>{name}</p>",
                "company_id": company.id,
                "team_id": team.id,
                "channel_id": channel.id,
                "partner_id": customer.id,
                "amarc_received_date": received,
            }
        )

    paris = "Europe/Paris"
    tickets = {
        # answered by a script (SQL), Friday 10:00 -> Tuesday 16:00 in Paris
        "script": ticket("Answered by a script", _utc(paris, 2026, 1, 9, 10)),
        # taken over from a previous tool with an empty delay, 09:00 -> 15:00
        "imported": ticket("Imported", _utc(paris, 2026, 1, 12, 9)),
        # Upgrade Co 2, Friday 12:00 -> Tuesday 06:00 UTC over a holiday
        "script_2": ticket(
            "Answered by a script 2",
            _utc("UTC", 2026, 1, 9, 12),
            company=company_2,
            team=team_2,
        ),
        # answered in Odoo: Monday 09:00 -> Wednesday 09:00, 2 working days
        "odoo": ticket("Answered in Odoo", _utc(paris, 2026, 1, 19, 9)),
        "open": ticket("Still open", _utc(paris, 2026, 1, 20, 9)),
        "backdated": ticket(
            "Answer dated before receipt", _utc(paris, 2026, 1, 14, 10)
        ),
    }
    # closed as cancelled: the release gave it a response date and a delay
    stage_cancelled = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
    tickets["cancelled"] = ticket("Cancelled", _utc(paris, 2026, 1, 19, 9))
    tickets["cancelled"].stage_id = stage_cancelled
    ids["stages"] = {
        key: env.ref(f"helpdesk_mgmt.helpdesk_ticket_stage_{key}").id
        for key in ("done", "rejected", "cancelled")
    }
    tickets["odoo"].amarc_response_date = _utc(paris, 2026, 1, 21, 9)
    env.flush_all()
    _expect("delay computed in Odoo", tickets["odoo"].amarc_response_working_days, 2.0)
    answers = {
        "script": _utc(paris, 2026, 1, 13, 16),
        "imported": _utc(paris, 2026, 1, 12, 15),
        "script_2": _utc("UTC", 2026, 1, 13, 6),
        "backdated": _utc(paris, 2026, 1, 14, 9),
    }
    for key, answered in answers.items():
        env.cr.execute(
            "UPDATE helpdesk_ticket SET amarc_response_date = %s WHERE id = %s",
            (answered, tickets[key].id),
        )
    env.cr.execute(
        "UPDATE helpdesk_ticket SET amarc_response_working_days = NULL WHERE id = %s",
        (tickets["imported"].id,),
    )
    env.invalidate_all()
    # a holiday added afterwards: the stored delay of an answered ticket is
    # history, the migration must not recompute it (today's count: 1.0)
    _holiday(env, calendar, date(2026, 1, 20))
    ids["tickets"] = {k: t.id for k, t in tickets.items()}

    # amarc_survey: tickets and their last satisfaction survey --------------
    company.write(
        {
            "amarc_survey_trigger": "auto",
            "amarc_survey_delay": 2,
            "amarc_survey_delay_unit": "days",
            "amarc_survey_expiry_days": 30,
            "amarc_survey_cooldown_days": 0,
        }
    )
    stage_new = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
    stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
    received = _utc(paris, 2026, 1, 5, 9)
    surveyed = {
        key: ticket(f"Surveyed {key}", received)
        for key in ("scheduled", "reopened", "answered", "cancelled")
    }
    surveyed_all = Ticket.browse([t.id for t in surveyed.values()])
    surveyed_all.stage_id = stage_done
    surveyed["reopened"].stage_id = stage_new
    surveyed["reopened"].stage_id = stage_done
    surveyed["cancelled"].amarc_survey_request_ids.action_cancel()
    answered_request = surveyed["answered"].amarc_survey_request_ids
    answered_request.action_send_now()
    question = env.ref("amarc_survey.survey_amarc_satisfaction_q_score")
    scores = {a.amarc_score: a for a in question.suggested_answer_ids}
    user_input = answered_request.user_input_id.sudo()
    user_input._mark_in_progress()
    user_input._save_lines(question, scores[2].id)
    user_input._mark_done()
    env.flush_all()
    env.invalidate_all()
    requests = {k: t.amarc_survey_request_ids for k, t in surveyed.items()}
    _expect(
        "survey requests before",
        {k: sorted(r.mapped("state")) for k, r in requests.items()},
        {
            "scheduled": ["scheduled"],
            "reopened": ["cancelled", "scheduled"],
            "answered": ["answered"],
            "cancelled": ["cancelled"],
        },
    )
    _expect(
        "dissatisfied answer before",
        (
            answered_request.score,
            answered_request.resatisfaction_state,
            surveyed["answered"].amarc_dissatisfied,
        ),
        (2, "pending", True),
    )
    last = {
        "scheduled": requests["scheduled"].id,
        "reopened": requests["reopened"].filtered(lambda r: r.state == "scheduled").id,
        "answered": requests["answered"].id,
        "cancelled": requests["cancelled"].id,
    }
    _expect(
        "last survey before (release's field)",
        {k: t.amarc_survey_request_id.id for k, t in surveyed.items()},
        last,
    )
    ids["surveyed"] = {k: t.id for k, t in surveyed.items()}
    ids["last_request"] = last

    # amarc_survey: the release's "Re-satisfaction follow-up by" of the
    # company, beside its AMARC quality manager (amarc_referential) ----------
    follower_2 = _user(
        env,
        "upg_follower_2",
        "Follow-up 2",
        "base.group_user,amarc_referential.group_amarc_user",
        company_2,
    )
    # Upgrade Co: no quality manager, a follow-up person; Upgrade Co 2: both,
    # two different people
    company.write(
        {
            "amarc_quality_manager_id": False,
            "amarc_survey_quality_manager_id": auditor.id,
        }
    )
    company_2.write(
        {
            "amarc_quality_manager_id": auditor_2.id,
            "amarc_survey_quality_manager_id": follower_2.id,
        }
    )
    Obligation = env["amarc.obligation"].with_context(active_test=False)
    obligations = Obligation.search([("company_id", "=", company.id)])
    objective = env["amarc.objective"].create(
        {
            "name": "Upgrade satisfaction 2026",
            "company_id": company.id,
            "indicator": "satisfaction_rate",
            "comparison": ">=",
            "target": 80,
            "date_from": date(2026, 1, 1),
        }
    )
    env.flush_all()
    _expect(
        "quality managers and follow-up people before",
        [
            (c.amarc_quality_manager_id.id, c.amarc_survey_quality_manager_id.id)
            for c in (company, company_2)
        ],
        [(False, auditor.id), (auditor_2.id, follower_2.id)],
    )
    _expect(
        "obligations of Upgrade Co without responsible",
        (bool(obligations), obligations.user_id.ids),
        (True, []),
    )
    _expect(
        "the satisfaction indicator belongs to amarc_helpdesk",
        env.ref(
            "amarc_helpdesk.selection__amarc_objective__indicator__satisfaction_rate"
        ).value,
        "satisfaction_rate",
    )
    ids["quality"] = {
        "company": company.id,
        "company_2": company_2.id,
        "auditor": auditor.id,
        "auditor_2": auditor_2.id,
        "follower_2": follower_2.id,
        "obligations": obligations.ids,
        "objective": objective.id,
    }
    all_requests = env["amarc.satisfaction.request"].browse(
        [r.id for rs in requests.values() for r in rs]
    )

    # amarc_internal_audit: audits integrated into process reviews ----------
    Audit = env["amarc.audit"]
    Review = env["amarc.review"]
    Input = env["amarc.review.input"]

    def audit(year, company=company, lead=auditor, finish=True):
        record = Audit.create(
            {
                "company_id": company.id,
                "year": year,
                "level": "A",
                "lead_auditor_id": lead.id,
                "date_start": date(year, 3, 2),
            }
        )
        record.action_start()
        if not finish:
            return record
        record.line_ids.write({"result": "conform"})
        gap = record.line_ids.filtered(lambda line: line.criterion_id.code == "4.4")
        gap.write({"result": "major_gap", "finding": f"Late notices in {year}"})
        gap.action_create_action(date_deadline=date(year, 9, 30))
        record.date_end = date(year, 3, 20)
        record.action_done()
        return record

    def review(review_type, year, day, cited=()):
        record = Review.create(
            {
                "review_type": review_type,
                "company_id": company.id,
                "year": year,
                "date": day,
            }
        )
        Input.create(
            [
                {
                    "review_id": record.id,
                    "category": "audit_results",
                    "name": f"Internal audit {a.year} ({a.company_id.name})",
                    "source": f"amarc.audit,{a.id}",
                }
                for a in cited
            ]
        )
        return record

    audits = {
        "collected": audit(2024),
        "cited_twice": audit(2025),
        "plan_linked": audit(2023),
        "management_only": audit(2026, finish=False),
        "not_cited": Audit.create(
            {
                "company_id": company.id,
                "year": 2027,
                "level": "A",
                "lead_auditor_id": auditor.id,
                "date_start": date(2027, 3, 2),
            }
        ),
        "other_company": audit(2026, company=company_2, lead=auditor_2, finish=False),
    }
    reviews = {}
    # collected by the release: the link is there and must stay
    reviews["collected"] = review("process", 2024, date(2024, 11, 15))
    reviews["collected"].action_collect_inputs()
    # a management review whose plan link was set by hand
    reviews["plan_review"] = review("management", 2023, date(2023, 12, 1))
    audits["plan_linked"].plan_id.review_id = reviews["plan_review"]
    # process reviews typed by hand, citing the audits they took in
    reviews["first"] = review(
        "process",
        2025,
        date(2026, 1, 15),
        cited=[audits["cited_twice"], audits["plan_linked"]],
    )
    reviews["latest"] = review(
        "process",
        2026,
        date(2026, 6, 10),
        cited=[audits["cited_twice"], audits["collected"], audits["other_company"]],
    )
    reviews["management"] = review(
        "management", 2026, date(2026, 6, 20), cited=[audits["management_only"]]
    )
    # a process review completed with the release (no completion date then)
    reviews["done"] = review("process", 2022, date(2022, 11, 20))
    Input.create(
        {"review_id": reviews["done"].id, "category": "issues", "name": "Regulation"}
    )
    reviews["done"].action_done()
    env.flush_all()
    env.invalidate_all()
    _expect(
        "audit links before",
        {
            k: (a.state, a.review_id.id, a.plan_id.review_id.id)
            for k, a in audits.items()
        },
        {
            "collected": (
                "done",
                reviews["collected"].id,
                reviews["collected"].id,
            ),
            "cited_twice": ("done", False, False),
            "plan_linked": ("done", False, reviews["plan_review"].id),
            "management_only": ("in_progress", False, False),
            "not_cited": ("draft", False, False),
            "other_company": ("in_progress", False, False),
        },
    )
    ids["audits"] = {k: a.id for k, a in audits.items()}
    ids["audit_plans"] = {k: a.plan_id.id for k, a in audits.items()}
    ids["reviews"] = {k: r.id for k, r in reviews.items()}

    all_audits = Audit.browse([a.id for a in audits.values()])
    all_reviews = Review.browse([r.id for r in reviews.values()])
    all_tickets = Ticket.browse([t.id for t in tickets.values()]) | surveyed_all
    return {
        "tables": {
            "res_company": [company.id, company_2.id],
            "amarc_objective": objective.ids,
            "amarc_action": (all_actions | all_audits.plan_id.action_ids).ids,
            "amarc_action_plan": (plan | all_audits.plan_id).ids,
            "helpdesk_ticket": all_tickets.ids,
            "amarc_satisfaction_request": all_requests.ids,
            "survey_user_input": user_input.ids,
            "amarc_audit": all_audits.ids,
            "amarc_audit_line": all_audits.line_ids.ids,
            "amarc_review": all_reviews.ids,
            "amarc_review_input": all_reviews.input_ids.ids,
            "amarc_criterion": list(ids["criteria"].values()),
        },
        "ids": ids,
    }


def probe_release(env, ids):
    """After the upgrade, in today's code: the migrated fields through the
    ORM, and the reminder cron on the migrated marks."""
    from freezegun import freeze_time

    Action = env["amarc.action"]
    actions = {k: Action.browse(v) for k, v in ids["actions"].items()}
    result = {
        "marks": {
            k: [
                str(a.reminded_before_deadline or ""),
                str(a.reminded_overdue_deadline or ""),
            ]
            for k, a in actions.items()
        },
        "activities_before": {k: len(a.activity_ids) for k, a in actions.items()},
    }
    with freeze_time("2026-06-25"):
        Action._cron_remind_actions()
    env.invalidate_all()
    result["activities_after"] = {k: len(a.activity_ids) for k, a in actions.items()}
    result["moved_mark_after"] = str(actions["moved"].reminded_before_deadline)
    Ticket = env["helpdesk.ticket"]
    result["surveys"] = {
        k: [
            t.amarc_survey_last_request_id.id,
            t.amarc_survey_state,
            t.amarc_survey_score,
            t.amarc_resatisfaction_state,
            t.amarc_dissatisfied,
        ]
        for k, t in ((k, Ticket.browse(v)) for k, v in ids["surveyed"].items())
    }
    result["delays"] = {
        k: Ticket.browse(v).amarc_response_working_days
        for k, v in ids["tickets"].items()
    }
    result["stages"] = {
        k: env["helpdesk.ticket.stage"].browse(v).amarc_answered
        for k, v in ids["stages"].items()
    }
    quality = ids["quality"]
    request = env["amarc.satisfaction.request"].browse(ids["last_request"]["answered"])
    objective = env["amarc.objective"].browse(quality["objective"])
    selection = env["ir.model.fields.selection"].search(
        [
            ("field_id.model", "=", "amarc.objective"),
            ("field_id.name", "=", "indicator"),
            ("value", "=", "satisfaction_rate"),
        ]
    )
    result["quality"] = {
        "resatisfaction_user": request._amarc_resatisfaction_user().id,
        "obligation_users": sorted(
            set(
                env["amarc.obligation"]
                .with_context(active_test=False)
                .browse(quality["obligations"])
                .mapped("user_id")
                .ids
            )
        ),
        "objective": [objective.indicator, objective.name],
        "selection": sorted(selection._get_external_ids()[selection.id]),
    }
    Review = env["amarc.review"]
    result["reviews"] = {
        k: [
            Review.browse(v).process_id.name or None,
            Review.browse(v).process_id.company_id.id or None,
            str(Review.browse(v).done_date or ""),
        ]
        for k, v in ids["reviews"].items()
    }
    result["ack_template"] = _template_bodies(env)
    result["criterion_versions"] = {
        code: sorted(
            [v.lang, v.name, v.user_id.id]
            for v in env["amarc.criterion"].browse(cid).version_ids
        )
        for code, cid in ids["criteria"].items()
    }
    template = env.ref("amarc_survey.mail_template_amarc_satisfaction_request")
    result["survey_template"] = {
        "plain_paths": "object.survey_link_html" in template.body_html
        and "t-att-href" not in template.body_html,
        "email_from": template.email_from,
        "partner_to": template.partner_to,
    }
    return result


def _dates(*values):
    return [str(v) if v else "" for v in values]


# ----------------------------------------------------------------------
# The checks
# ----------------------------------------------------------------------
class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, label, ok, detail=""):
        if ok:
            self.passed += 1
            amarc.say(f"PASS {label}")
        else:
            self.failed += 1
            amarc.say(f"FAIL {label}" + (f": {detail}" if detail else ""))
        return ok

    def equal(self, label, got, expected):
        return self.check(label, got == expected, f"expected {expected!r}, got {got!r}")


def check_referential(report, ctx):
    ids, after, before = ctx["ids"], ctx["after"], ctx["before"]
    companies = after["rows"]["res_company"]
    obligations = after["rows"]["amarc_obligation"]
    report.equal(
        "referential: company B gets its only active quality manager",
        companies[ids["company_b"]]["amarc_quality_manager_id"],
        ids["manager_b"],
    )
    report.equal(
        "referential: company C (no quality manager user) gets the administrator",
        companies[ids["company_c"]]["amarc_quality_manager_id"],
        ids["admin"],
    )
    report.equal(
        "referential: the main company keeps its quality manager",
        companies[ids["main"]]["amarc_quality_manager_id"],
        ids["main_manager"],
    )
    unassigned_b = [i for i in ids["obligations_b"] if i != ids["assigned"]]
    report.equal(
        f"referential: the {len(unassigned_b)} unassigned obligations of B "
        "(archived one included) get B's quality manager",
        {i: obligations[i]["user_id"] for i in unassigned_b},
        dict.fromkeys(unassigned_b, ids["manager_b"]),
    )
    report.equal(
        "referential: the obligation of B archived by hand stays archived",
        obligations[ids["archived"]]["active"],
        False,
    )
    report.equal(
        "referential: the obligation of B that had a responsible keeps it",
        obligations[ids["assigned"]]["user_id"],
        ids["clerk_b"],
    )
    report.equal(
        f"referential: the {len(ids['obligations_c'])} obligations of C get "
        "the administrator",
        {i: obligations[i]["user_id"] for i in ids["obligations_c"]},
        dict.fromkeys(ids["obligations_c"], ids["admin"]),
    )
    report.equal(
        f"referential: the {len(ids['main_obligations'])} obligations of the "
        "main company keep their responsible",
        {i: obligations[i]["user_id"] for i in ids["main_obligations"]},
        {
            i: before["rows"]["amarc_obligation"][i]["user_id"]
            for i in ids["main_obligations"]
        },
    )
    check_referential_processes(report, ctx)
    check_referential_titles_kept(report, ctx)


def check_referential_processes(report, ctx):
    """amarc_referential 19.0.1.3.0: every company gets the complaint
    management process; its 1.6 obligation is linked to it, history kept."""
    ids, probe = ctx["ids"], ctx["probe"]
    processes = probe["processes"]
    owners = {
        "main": ids["main_manager"],
        "company_b": ids["manager_b"],
        "company_c": ids["admin"],
    }
    report.equal(
        "referential: each company has one process, the complaint management "
        "process, owned by its quality manager",
        {k: [p[1:] for p in v] for k, v in processes.items()},
        {k: [["Complaint management", True, owners[k]]] for k in processes},
    )
    report.equal(
        "referential: the main company's process is the data's",
        probe["main_process"],
        processes["main"][0][0],
    )
    # B's set by the seed (2025-09-01), the main company's by the demo data
    before = ctx["before"]["rows"]["amarc_obligation"]
    last_done = {
        k: str(before[ids["obligations_1_6"][k]]["last_done_date"] or "")
        for k in processes
    }
    report.equal(
        "referential: B's 1.6 obligation was done on 2025-09-01 before",
        last_done["company_b"],
        "2025-09-01",
    )
    report.equal(
        "referential: each company keeps its one 1.6 obligation (same record, "
        "active, last done date kept), now of its process",
        probe["obligations_1_6"],
        {
            k: [
                [
                    ids["obligations_1_6"][k],
                    processes[k][0][0],
                    True,
                    last_done[k],
                    "1.6 Annual process review (Complaint management)",
                ]
            ]
            for k in processes
        },
    )


def check_referential_titles_kept(report, ctx):
    """amarc_referential 19.0.1.4.0 and amarc_helpdesk 19.0.1.3.0 on a
    database without French whose company wrote its own texts."""
    ids, after = ctx["ids"], ctx["after"]
    criteria = after["rows"]["amarc_criterion"]
    report.equal(
        "referential: criteria titles corrected where still the shipped ones, "
        "the company's own English title of 4.2.3 kept",
        {code: criteria[cid]["name"] for code, cid in ids["criteria"].items()},
        {
            "4.2.2": {"en_US": NEW_TITLES["4.2.2"]["en_US"]},
            "4.2.3": {"en_US": OWN_TITLE_EN},
            "6.4": {"en_US": NEW_TITLES["6.4"]["en_US"]},
        },
    )
    report.equal(
        "helpdesk: the acknowledgement e-mail a user rewrote is kept as written",
        ctx["probe"]["template"],
        ids["own_ack_body"],
    )


def check_release(report, ctx):
    ids, after, probe = ctx["ids"], ctx["after"], ctx["probe"]
    actions = after["rows"]["amarc_action"]
    a = ids["actions"]

    # amarc_action_plan 19.0.1.1.0 pre-migrate: reminder marks renamed
    renamed = {
        "reminder_before_date": "reminded_before_deadline",
        "reminder_overdue_date": "reminded_overdue_deadline",
    }
    _check_renamed(report, "action_plan", "amarc.action", "amarc_action", renamed, ctx)
    report.equal(
        "action_plan: reminder marks kept under their new names (SQL)",
        {
            k: _dates(
                actions[v]["reminded_before_deadline"],
                actions[v]["reminded_overdue_deadline"],
            )
            for k, v in a.items()
        },
        {
            "ahead": ["2026-06-30", ""],
            "overdue": ["2026-03-31", "2026-03-31"],
            "later": ["", ""],
            "done": ["", ""],
            "moved": ["2026-06-30", ""],
        },
    )
    report.equal(
        "action_plan: reminder marks read through today's ORM",
        probe["marks"],
        {
            "ahead": ["2026-06-30", ""],
            "overdue": ["2026-03-31", "2026-03-31"],
            "later": ["", ""],
            "done": ["", ""],
            "moved": ["2026-06-30", ""],
        },
    )
    report.equal(
        "action_plan: the reminders already sent are kept",
        probe["activities_before"],
        {"ahead": 1, "overdue": 2, "later": 0, "done": 0, "moved": 1},
    )
    report.equal(
        "action_plan: today's reminder cron (2026-06-25) reminds only the action "
        "whose deadline moved, nobody twice",
        probe["activities_after"],
        {"ahead": 1, "overdue": 2, "later": 0, "done": 0, "moved": 2},
    )
    report.equal(
        "action_plan: the moved deadline is marked reminded by today's cron",
        probe["moved_mark_after"],
        "2026-07-01",
    )

    # amarc_survey 19.0.1.1.0 pre-migrate: last survey request renamed
    _check_renamed(
        report,
        "survey",
        "helpdesk.ticket",
        "helpdesk_ticket",
        {"amarc_survey_request_id": "amarc_survey_last_request_id"},
        ctx,
    )
    tickets = after["rows"]["helpdesk_ticket"]
    report.equal(
        "survey: each ticket keeps its last survey (SQL)",
        {
            k: tickets[v]["amarc_survey_last_request_id"]
            for k, v in ids["surveyed"].items()
        },
        ids["last_request"],
    )
    open_id = ids["tickets"]["open"]
    report.equal(
        "survey: a ticket without survey still has none",
        tickets[open_id]["amarc_survey_last_request_id"],
        None,
    )
    last = ids["last_request"]
    report.equal(
        "survey: last survey, state, score, re-satisfaction and dissatisfaction "
        "through today's ORM",
        probe["surveys"],
        {
            "scheduled": [last["scheduled"], "scheduled", 0, False, False],
            "reopened": [last["reopened"], "scheduled", 0, False, False],
            "answered": [last["answered"], "answered", 2, "pending", True],
            "cancelled": [last["cancelled"], "cancelled", 0, False, False],
        },
    )
    field = "helpdesk.ticket.amarc_survey_last_request_id"
    report.check(
        "survey: the stored last surveys were not recomputed at the update",
        not any(
            f"Prepare computation of {field}" in line for line in ctx["update_log"]
        ),
        f"the update log says 'Prepare computation of {field}'",
    )
    report.equal(
        "survey: one index on the renamed column, named as Odoo names it",
        _indexes_on(after, "helpdesk_ticket", "amarc_survey_last_request_id"),
        ["helpdesk_ticket__amarc_survey_last_request_id_index"],
    )

    # amarc_survey 19.0.1.2.0 post-migrate: one quality manager per company
    q, companies = ids["quality"], after["rows"]["res_company"]
    report.equal(
        "survey: a company without quality manager takes its re-satisfaction "
        "follow-up person; one with both keeps its quality manager",
        [companies[q[k]]["amarc_quality_manager_id"] for k in ("company", "company_2")],
        [q["auditor"], q["auditor_2"]],
    )
    report.equal(
        "survey: the column of the removed follow-up field is dropped",
        "amarc_survey_quality_manager_id" in after["columns"]["res_company"],
        False,
    )
    report.equal(
        "survey: the new quality manager becomes the responsible of the "
        "company's obligations without one, and follows up its dissatisfied "
        "customers (today's ORM)",
        (probe["quality"]["obligation_users"], probe["quality"]["resatisfaction_user"]),
        ([q["auditor"]], q["auditor"]),
    )
    report.equal(
        "survey: the objective on the satisfaction rate is kept, its indicator "
        "now declared by amarc_survey",
        (probe["quality"]["objective"], probe["quality"]["selection"]),
        (
            ["satisfaction_rate", "Upgrade satisfaction 2026"],
            ["amarc_survey.selection__amarc_objective__indicator__satisfaction_rate"],
        ),
    )

    # amarc_survey 19.0.1.3.0 post-migrate: the shipped survey e-mail again
    report.equal(
        "survey: the e-mail template never edited by a user is the shipped one "
        "again (plain field paths, rendered without code evaluation)",
        probe["survey_template"],
        {
            "plain_paths": True,
            "email_from": "{{ object.company_id.email_formatted }}",
            "partner_to": "{{ object.partner_id.id }}",
        },
    )

    # amarc_helpdesk 19.0.1.1.0 post-migrate: response delays back-filled
    t = ids["tickets"]
    expected_delays = {
        "script": Decimal("2.25"),  # Fri 10:00-24:00, Mon, Tue 00:00-16:00
        "imported": Decimal("0.25"),  # 09:00-15:00 the same Monday
        "script_2": Decimal("1.75"),  # Fri 12h, Sat 24h, holiday Mon, Tue 6h
        "odoo": Decimal("2.00"),  # computed by the release, kept as it was
        "open": Decimal("0.00"),  # not answered
        "backdated": Decimal("0.00"),  # answer dated before receipt
        "cancelled": Decimal("0.00"),  # closed without an answer (1.2.0)
    }
    report.equal(
        "helpdesk: response delays in working days back-filled on each "
        "company's calendar, the others untouched",
        {k: tickets[v]["amarc_response_working_days"] for k, v in t.items()},
        expected_delays,
    )
    report.equal(
        "helpdesk: the same delays through today's ORM",
        {
            k: Decimal(str(v)).quantize(Decimal("0.01"))
            for k, v in probe["delays"].items()
        },
        expected_delays,
    )

    # amarc_helpdesk 19.0.1.2.0 pre-migrate: answered or not, first contact
    report.equal(
        "helpdesk: the shipped closed stages answer the complaint, but Cancelled "
        "(today's ORM)",
        probe["stages"],
        {"done": True, "rejected": True, "cancelled": False},
    )
    everyone = {**t, **{f"surveyed_{k}": v for k, v in ids["surveyed"].items()}}
    report.equal(
        "helpdesk: answered = closed in an answering stage; a cancelled ticket "
        "loses its response date",
        {
            k: [tickets[v]["amarc_answered"], bool(tickets[v]["amarc_response_date"])]
            for k, v in everyone.items()
        },
        {
            "script": [False, True],
            "imported": [False, True],
            "script_2": [False, True],
            "odoo": [False, True],
            "open": [False, False],
            "backdated": [False, True],
            "cancelled": [False, False],
            "surveyed_scheduled": [True, True],
            "surveyed_reopened": [True, True],
            "surveyed_answered": [True, True],
            "surveyed_cancelled": [True, True],
        },
    )
    report.equal(
        "helpdesk: an answer given before any acknowledgement is the first "
        "written contact (its date, kind 'answer'); none before the receipt",
        {
            k: [
                tickets[v]["amarc_ack_kind"],
                tickets[v]["amarc_ack_date"] == tickets[v]["amarc_response_date"],
            ]
            for k, v in everyone.items()
        },
        {
            "script": ["answer", True],
            "imported": ["answer", True],
            "script_2": ["answer", True],
            "odoo": ["answer", True],
            "open": [None, True],
            "backdated": [None, False],
            "cancelled": [None, True],
            "surveyed_scheduled": ["answer", True],
            "surveyed_reopened": ["answer", True],
            "surveyed_answered": ["answer", True],
            "surveyed_cancelled": ["answer", True],
        },
    )

    # amarc_action_plan 19.0.1.3.0 post-migrate: process reviews get the
    # company's process; a completed review its completion date
    company = ids["quality"]["company"]
    process_review = ["Complaint management", company, ""]
    report.equal(
        "action_plan: process reviews review the company's complaint management "
        "process, management reviews none; the review completed with the release "
        "gets its date as completion date",
        probe["reviews"],
        {
            "collected": process_review,
            "plan_review": [None, None, ""],
            "first": process_review,
            "latest": process_review,
            "management": [None, None, ""],
            "done": ["Complaint management", company, "2022-11-20"],
        },
    )

    # amarc_referential 19.0.1.4.0 post-migrate: criteria titles corrected
    criteria = after["rows"]["amarc_criterion"]
    report.equal(
        "referential: titles of 4.2.2, 4.2.3 and 6.4 corrected in English and "
        "French where still the shipped ones; the company's own French title "
        "of 4.2.2 kept (SQL)",
        {code: criteria[cid]["name"] for code, cid in ids["criteria"].items()},
        {
            "4.2.2": {"en_US": NEW_TITLES["4.2.2"]["en_US"], "fr_FR": OWN_TITLE_FR},
            "4.2.3": NEW_TITLES["4.2.3"],
            "6.4": NEW_TITLES["6.4"],
        },
    )
    report.equal(
        "referential: each replaced title kept as a version of its criterion, "
        "changed by the upgrade (superuser)",
        probe["criterion_versions"],
        {
            # the company's own change of the French title, then the upgrade's
            "4.2.2": [
                ["en_US", OLD_TITLES["4.2.2"]["en_US"], 1],
                ["fr_FR", OLD_TITLES["4.2.2"]["fr_FR"], ids["admin"]],
            ],
            "4.2.3": sorted(
                [lang, title, 1] for lang, title in OLD_TITLES["4.2.3"].items()
            ),
            "6.4": [["fr_FR", OLD_TITLES["6.4"]["fr_FR"], 1]],
        },
    )

    # amarc_helpdesk 19.0.1.3.0 post-migrate: the acknowledgement e-mail
    bodies = probe["ack_template"]
    report.equal(
        "helpdesk: the acknowledgement e-mail never edited is the shipped one "
        "again, in English and French (4.3: the customer's reference, the "
        "response delay in working days)",
        {
            lang: [
                "object.amarc_customer_reference or object.number" in body,
                "object.team_id.amarc_response_delay" in body,
                phrase in body,
            ]
            for lang, body, phrase in (
                ("en_US", bodies["en_US"], "working days, by"),
                ("fr_FR", bodies["fr_FR"], "jours ouvrés, au plus tard le"),
            )
        },
        {"en_US": [True, True, True], "fr_FR": [True, True, True]},
    )

    # amarc_internal_audit 19.0.1.1.0 post-migrate: audits linked to reviews
    audits = after["rows"]["amarc_audit"]
    plans = after["rows"]["amarc_action_plan"]
    r = ids["reviews"]
    report.equal(
        "internal_audit: audits linked to the process review that cited them "
        "(the latest when two do; never a management review or another company's)",
        {k: audits[v]["review_id"] for k, v in ids["audits"].items()},
        {
            "collected": r["collected"],
            "cited_twice": r["latest"],
            "plan_linked": r["first"],
            "management_only": None,
            "not_cited": None,
            "other_company": None,
        },
    )
    report.equal(
        "internal_audit: improvement plans follow their audit, a plan already "
        "linked keeps its review",
        {k: plans[v]["review_id"] for k, v in ids["audit_plans"].items() if v},
        {
            "collected": r["collected"],
            "cited_twice": r["latest"],
            "plan_linked": r["plan_review"],
        },
    )


def _check_renamed(report, label, model, table, renamed, ctx):
    before, after = ctx["before"], ctx["after"]
    for old, new in renamed.items():
        report.equal(
            f"{label}: {table}.{old} renamed to {new} (the same column, values "
            "kept: not a new empty one)",
            (
                old in after["columns"][table],
                after["columns"][table].get(new),
            ),
            (False, before["columns"][table].get(old)),
        )
        report.equal(
            f"{label}: the field {model}.{new} is the release's field record "
            f"of {old}, renamed",
            (
                after["fields"].get(f"{model}.{new}"),
                after["fields"].get(f"{model}.{old}"),
            ),
            (before["fields"].get(f"{model}.{old}"), None),
        )


def _indexes_on(snapshot, table, column):
    return sorted(
        name
        for name, (tbl, definition) in snapshot["indexes"].items()
        if tbl == table and re.search(rf"\({re.escape(column)}\)", definition)
    )


# ----------------------------------------------------------------------
# Upgrade paths
# ----------------------------------------------------------------------
PATHS = [
    {
        "name": "referential",
        "commit": "a5289dd",
        "addons": [
            "amarc_referential",
            "amarc_action_plan",
            "amarc_internal_audit",
            "amarc_helpdesk",
        ],
        "checks": ["amarc_referential"],
        "seed": "seed_referential",
        "probe": "probe_referential",
        "verify": check_referential,
        "expected_changes": {
            "res_company": {"amarc_quality_manager_id"},
            "amarc_obligation": {"user_id"},
            "amarc_criterion": {"name"},
        },
        "renamed": {},
    },
    {
        "name": "release",
        "commit": "e57c976",
        "addons": [
            "amarc_referential",
            "amarc_action_plan",
            "amarc_internal_audit",
            "amarc_helpdesk",
            "amarc_survey",
        ],
        "checks": [
            "amarc_referential",
            "amarc_action_plan",
            "amarc_internal_audit",
            "amarc_helpdesk",
            "amarc_survey",
        ],
        "seed": "seed_release",
        "probe": "probe_release",
        "verify": check_release,
        "expected_changes": {
            "res_company": {
                "amarc_quality_manager_id",
                "amarc_survey_quality_manager_id",
            },
            "amarc_audit": {"review_id"},
            "amarc_action_plan": {"review_id"},
            "amarc_criterion": {"name"},
            "helpdesk_ticket": {
                "amarc_response_working_days",
                # 19.0.1.2.0: answered or not, the first written contact
                "amarc_response_date",
                "amarc_response_late",
                "amarc_ack_date",
                "amarc_ack_late",
            },
        },
        "renamed": {
            "amarc_action": {
                "reminder_before_date": "reminded_before_deadline",
                "reminder_overdue_date": "reminded_overdue_deadline",
            },
            "helpdesk_ticket": {
                "amarc_survey_request_id": "amarc_survey_last_request_id",
            },
        },
    },
]


def git(*args, binary=False):
    proc = subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=not binary
    )
    if proc.returncode != 0:
        err = proc.stderr if not binary else proc.stderr.decode(errors="replace")
        raise amarc.SetupError(f"git {' '.join(args)} failed: {err.strip()}")
    return proc.stdout


def manifest_version(text):
    import ast

    return ast.literal_eval(text)["version"]


def version_key(version):
    return tuple(int(part) for part in version.split("."))


def today_migrations():
    """{(addon, version, stage)} of today's migration scripts."""
    scripts = set()
    for script in amarc.ADDONS_DIR.glob("*/migrations/*/*-migrate.py"):
        stage = script.name.split("-", 1)[0]
        scripts.add((script.parts[-4], script.parts[-2], stage))
    return scripts


def expected_migrations(path):
    """Today's migration scripts that Odoo must run on this path: those of a
    version above the release's and up to today's."""
    expected = []
    for addon, version, stage in sorted(today_migrations()):
        if addon not in path["addons"]:
            continue
        old = path["old_versions"][addon]
        new = manifest_version(
            (amarc.ADDONS_DIR / addon / "__manifest__.py").read_text()
        )
        if version_key(old) < version_key(version) <= version_key(new):
            expected.append((addon, version, stage))
    return expected


def odoo(info, addons_path, *args, shell=False):
    return [
        sys.executable,
        "-m",
        "odoo",
        *(["shell"] if shell else []),
        "-c",
        str(amarc.CONFIG),
        "--addons-path",
        addons_path,
        *args,
    ]


def run_logged(cmd, log_path, stdin=None):
    """Run ``cmd``, its output (stdout and stderr) into ``log_path``; return
    (exit status, output lines)."""
    started = time.time()
    try:
        proc = subprocess.run(
            cmd,
            input=stdin,
            env=amarc.python_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            timeout=STEP_TIMEOUT,
        )
        rc, output = proc.returncode, proc.stdout
    except subprocess.TimeoutExpired as exc:
        rc = "timeout"
        output = exc.stdout or ""
        if isinstance(output, bytes):
            output = output.decode(errors="replace")
    log_path.write_text(output)
    amarc.say(f"  {log_path.relative_to(ROOT)} ({time.time() - started:.0f}s)")
    return rc, output.splitlines()


def shell_call(info, addons_path, db, function, log_path, argument=None):
    """Run ``function`` of this module inside ``odoo shell`` on ``db`` and
    return what it returned (JSON); the transaction is committed."""
    script = "\n".join(
        [
            "import json, sys",
            f"sys.path.insert(0, {str(TOOLS_DIR)!r})",
            "import upgrade_test",
            f"_arg = json.loads({json.dumps(json.dumps(argument))})",
            f"_fn = upgrade_test.{function}",
            "_res = _fn(env, _arg) if _arg is not None else _fn(env)",
            "env.cr.commit()",
            f"print({MARKER!r} + json.dumps(_res, default=str), flush=True)",
        ]
    )
    rc, lines = run_logged(
        odoo(info, addons_path, "-d", db, "--log-level", "warn", shell=True),
        log_path,
        stdin=script,
    )
    results = [line[len(MARKER) :] for line in lines if line.startswith(MARKER)]
    if rc != 0 or not results:
        tail = "\n".join(lines[-25:])
        raise StepError(f"{function} failed (exit status {rc}):\n{tail}")
    return json.loads(results[-1])


class StepError(Exception):
    pass


# ----------------------------------------------------------------------
# Database snapshots (plain SQL, outside Odoo)
# ----------------------------------------------------------------------
KEPT_TABLES_SQL = """
    SELECT c.table_name
      FROM information_schema.columns c
      JOIN information_schema.tables t
        ON t.table_name = c.table_name AND t.table_schema = c.table_schema
     WHERE c.table_schema = 'public' AND c.column_name = 'id'
       AND t.table_type = 'BASE TABLE'
       AND (c.table_name LIKE 'amarc\\_%'
            OR c.table_name IN ('helpdesk_ticket', 'res_company', 'res_users',
                                'survey_user_input'))
"""


def snapshot(db, tables):
    import psycopg2

    conn = psycopg2.connect(dbname=db)
    try:
        with conn.cursor() as cr:
            result = {"rows": {}, "columns": {}, "ids": {}, "fields": {}, "indexes": {}}
            for table, ids in tables.items():
                cr.execute(f'SELECT * FROM "{table}" WHERE id = ANY(%s)', (list(ids),))
                names = [d.name for d in cr.description]
                result["rows"][table] = {
                    row[0]: dict(zip(names, row, strict=True)) for row in cr.fetchall()
                }
                cr.execute(
                    """SELECT attname, attnum FROM pg_attribute
                        WHERE attrelid = %s::regclass AND attnum > 0
                          AND NOT attisdropped""",
                    (table,),
                )
                result["columns"][table] = dict(cr.fetchall())
            cr.execute(KEPT_TABLES_SQL)
            for (table,) in cr.fetchall():
                cr.execute(f'SELECT id FROM "{table}"')
                result["ids"][table] = {row[0] for row in cr.fetchall()}
            cr.execute(
                "SELECT model || '.' || name, id FROM ir_model_fields "
                "WHERE model IN ('amarc.action', 'helpdesk.ticket')"
            )
            result["fields"] = dict(cr.fetchall())
            cr.execute(
                "SELECT indexname, tablename, indexdef FROM pg_indexes "
                "WHERE schemaname = 'public' AND tablename = ANY(%s)",
                (list(tables),),
            )
            result["indexes"] = {name: (tbl, d) for name, tbl, d in cr.fetchall()}
            cr.execute(
                "SELECT name, latest_version FROM ir_module_module "
                "WHERE state = 'installed' AND name LIKE 'amarc\\_%'"
            )
            result["modules"] = dict(cr.fetchall())
            return result
    finally:
        conn.close()


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def check_generic(report, path, ctx):
    """Every seeded record keeps every value but the ones the migrations
    change (checked exactly elsewhere), and no record disappears."""
    before, after = ctx["before"], ctx["after"]
    name = path["name"]
    for table, rows in before["rows"].items():
        renamed = path["renamed"].get(table, {})
        changing = path["expected_changes"].get(table, set())
        explicit = {
            (rid, column) for tbl, rid, column in ctx["explicit"] if tbl == table
        }
        differences = []
        for rid, row in sorted(rows.items()):
            new_row = after["rows"][table].get(rid)
            if new_row is None:
                differences.append(f"id {rid} is gone")
                continue
            for column, value in row.items():
                column_now = renamed.get(column, column)
                if (
                    column_now in VOLATILE_COLUMNS
                    or column_now in changing
                    or (rid, column_now) in explicit
                ):
                    continue
                if column_now not in new_row:
                    differences.append(f"id {rid}: column {column} is gone")
                elif new_row[column_now] != value:
                    differences.append(
                        f"id {rid}: {column_now} {_plain(value)!r} -> "
                        f"{_plain(new_row[column_now])!r}"
                    )
        report.check(
            f"{name}: {table}: the {len(rows)} seeded records keep every other value",
            not differences,
            "; ".join(differences[:10])
            + (
                f" ... and {len(differences) - 10} more"
                if len(differences) > 10
                else ""
            ),
        )
    lost = {
        table: sorted(ids - after["ids"].get(table, set()))
        for table, ids in before["ids"].items()
    }
    lost = {table: ids for table, ids in lost.items() if ids}
    report.check(
        f"{name}: no record lost in the {len(before['ids'])} AMARC, ticket, "
        "company, user and survey answer tables "
        f"({sum(len(i) for i in before['ids'].values())} records)",
        not lost,
        "; ".join(f"{t}: ids {ids[:10]}" for t, ids in lost.items()),
    )


def check_update_log(report, path, expected, lines, log_path):
    name = path["name"]
    for addon, version, stage in expected:
        pattern = re.compile(
            rf"module {addon}: Running migration \S*{re.escape(version)}\S* "
            rf"{stage}-migrate\b"
        )
        report.check(
            f"{name}: Odoo's migration manager ran {addon} {version} {stage}-migrate",
            any(pattern.search(line) for line in lines),
            "not in the update log",
        )
    problems = amarc.log_problems(log_path)  # checklog-odoo, as ./test.sh
    report.check(
        f"{name}: no WARNING or ERROR in the update log",
        not problems,
        "; ".join(problems[:5]),
    )


# ----------------------------------------------------------------------
# Running a path
# ----------------------------------------------------------------------
def run_path(report, info, path, keep):
    name, commit = path["name"], path["commit"]
    db = f"amarc_upg_{name}_{os.getpid()}"
    tmp = Path(tempfile.mkdtemp(prefix=f"amarc_upg_{name}_"))
    amarc.say(f"\n== upgrade path {name!r}: release {commit} -> today's code")
    try:
        archive = git("archive", "--format=tar", commit, "addons", binary=True)
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            try:
                tar.extractall(tmp, filter="data")
            except TypeError:  # Python without extraction filters
                tar.extractall(tmp)  # our own repository's archive
        old_path = ",".join(
            [str(tmp / "addons")] + amarc.addons_path(info).split(",")[1:]
        )
        today_path = amarc.addons_path(info)
        expected = expected_migrations(path)
        amarc.say(
            "  release versions: "
            + ", ".join(f"{a} {v}" for a, v in path["old_versions"].items())
        )
        amarc.drop_db(db)
        logs = {
            step: LOG_DIR / f"upgrade_{name}_{step}.log"
            for step in ("install", "seed", "update", "probe")
        }
        amarc.say(f"  installing the release's addons in {db} (-i, demo data)")
        rc, _lines = run_logged(
            odoo(
                info,
                old_path,
                "-d",
                db,
                "-i",
                ",".join(path["addons"]),
                "--with-demo",
                "--stop-after-init",
                "--no-http",
                "--max-cron-threads",
                "0",
                "--log-level",
                "warn",
            ),
            logs["install"],
        )
        if not report.check(
            f"{name}: the release {commit} installs", rc == 0, f"exit status {rc}"
        ):
            return
        amarc.say("  creating real data with the release's code")
        seeded = shell_call(info, old_path, db, path["seed"], logs["seed"])
        before = snapshot(db, seeded["tables"])
        report.equal(
            f"{name}: the release's versions are installed",
            {a: before["modules"].get(a) for a in path["addons"]},
            path["old_versions"],
        )
        amarc.say("  updating with today's code (-u)")
        rc, update_log = run_logged(
            odoo(
                info,
                today_path,
                "-d",
                db,
                "-u",
                ",".join(path["addons"]),
                "--stop-after-init",
                "--no-http",
                "--max-cron-threads",
                "0",
                "--log-level",
                "info",
            ),
            logs["update"],
        )
        if not report.check(
            f"{name}: the update with today's code succeeds",
            rc == 0,
            f"exit status {rc}, see {logs['update']}",
        ):
            return
        after = snapshot(db, seeded["tables"])
        today_versions = {
            a: manifest_version((amarc.ADDONS_DIR / a / "__manifest__.py").read_text())
            for a in path["addons"]
        }
        report.equal(
            f"{name}: today's versions are installed",
            {a: after["modules"].get(a) for a in path["addons"]},
            today_versions,
        )
        check_update_log(report, path, expected, update_log, logs["update"])
        probe = None
        if path["probe"]:
            probe = shell_call(
                info,
                today_path,
                db,
                path["probe"],
                logs["probe"],
                argument=seeded["ids"],
            )
        ctx = {
            "ids": seeded["ids"],
            "before": before,
            "after": after,
            "probe": probe,
            "update_log": update_log,
            "explicit": seeded.get("explicit", []),
        }
        check_generic(report, path, ctx)
        path["verify"](report, ctx)
    except (StepError, amarc.SetupError) as exc:
        report.check(f"{name}: {exc}", False)
    finally:
        if keep:
            amarc.say(f"  kept: database {db}, release addons in {tmp}")
        else:
            amarc.drop_db(db)
            shutil.rmtree(tmp, ignore_errors=True)


def check_coverage(report, paths):
    """Every migration script of today's addons is run and checked by a path."""
    covered = set()
    for path in paths:
        covered |= {m for m in expected_migrations(path) if m[0] in path["checks"]}
    for addon, version, stage in sorted(today_migrations()):
        report.check(
            f"coverage: {addon} {version} {stage}-migrate is run and checked by "
            "an upgrade path",
            (addon, version, stage) in covered,
            "no path installs a release of this addon below that version and "
            "checks its data: add one to PATHS in tools/upgrade_test.py",
        )


def main(argv):
    keep = "--keep" in argv
    names = [a for a in argv if not a.startswith("-")]
    unknown = set(names) - {p["name"] for p in PATHS}
    if unknown or "-h" in argv or "--help" in argv:
        amarc.say(__doc__)
        amarc.say("Paths: " + ", ".join(p["name"] for p in PATHS))
        return 2 if unknown else 0
    report = Report()
    started = time.time()
    try:
        info = amarc.odoo_info()
        amarc.pg_check().close()
        amarc.require_module("checklog_odoo", "checklog-odoo")  # the update log
        LOG_DIR.mkdir(exist_ok=True)
        for path in PATHS:
            path["old_versions"] = {
                addon: manifest_version(
                    git("show", f"{path['commit']}:addons/{addon}/__manifest__.py")
                )
                for addon in path["addons"]
            }
    except amarc.SetupError as exc:
        amarc.say(str(exc))
        amarc.say("upgrade: 0 passed, 1 failed")
        return 2
    if not names:
        check_coverage(report, PATHS)
    for path in PATHS:
        if not names or path["name"] in names:
            run_path(report, info, path, keep)
    amarc.say(f"\n({time.time() - started:.0f}s)")
    amarc.say(f"upgrade: {report.passed} passed, {report.failed} failed")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
