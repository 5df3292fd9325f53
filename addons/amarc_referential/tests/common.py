import io
from contextlib import contextmanager
from datetime import date

import openpyxl

from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase, freeze_time
from odoo.tools.safe_eval import safe_eval, time

# The day every test of this addon runs on (the clock is frozen for the whole
# class, set-up included); a test that needs another day freezes it inside. No
# test depends on the day the suite runs.
TODAY = date(2026, 6, 15)


def render_xlsx(case, action, user):
    """Render the XLSX report of ``action`` (what a button returned) for
    ``user``, as the web client has report_xlsx do it: the report of the
    action's records (its ``active_ids``), rendered as the user in their
    language, and the file named after the report's ``print_report_name``.

    Returns the workbook (openpyxl) and the file's name."""
    case.assertEqual(
        (action["type"], action["report_type"]), ("ir.actions.report", "xlsx")
    )
    ids = action["context"]["active_ids"]
    env = case.env(user=user, context=dict(case.env.context, lang=user.lang))
    Report = env["ir.actions.report"]
    content, report_format = Report._render(action["report_name"], ids, action["data"])
    case.assertEqual(report_format, "xlsx")
    report = Report._get_report(action["report_name"])
    records = env[report.model].browse(ids)
    name = safe_eval(report.print_report_name, {"object": records, "time": time})
    return openpyxl.load_workbook(io.BytesIO(content)), f"{name}.xlsx"


def xlsx_rows(workbook, sheet):
    """The rows of a sheet, as lists of values."""
    return [list(row) for row in workbook[sheet].iter_rows(values_only=True)]


@freeze_time("2026-06-15 12:00:00")
class AmarcReferentialCommon(TransactionCase):
    """Builds its own world: two companies and one user per AMARC group, on a
    frozen day (``TODAY``)."""

    # Obligations generated for a new company at level A, and added at level B:
    # (criterion code, checkpoint frequency or None).
    LEVEL_A_OBLIGATIONS = frozenset(
        {
            ("1.6", None),
            ("1.18", None),
            ("3.9", None),
            ("5.1", None),
            ("5.4", None),
            ("6.1", None),
            # 1.16: one obligation per audience, each with its own frequency
            ("1.16", "yearly"),
            ("1.16", "semiannual"),
            ("1.16", "monthly"),
        }
    )
    LEVEL_B_ONLY_OBLIGATIONS = frozenset(
        {("1.7", None), ("1.14", None), ("1.19", None), ("4.5", None)}
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.referential = cls.env.ref("amarc_referential.referential_re_mrc_03")
        cls.Criterion = cls.env["amarc.criterion"]
        cls.Obligation = cls.env["amarc.obligation"]
        cls.Evidence = cls.env["amarc.evidence"]
        cls.company = cls.env["res.company"].create(
            {"name": "AMARC Test Company A", "amarc_level": "A"}
        )
        cls.company_b = cls.env["res.company"].create(
            {"name": "AMARC Test Company B", "amarc_level": "B"}
        )
        common = {
            "company_id": cls.company.id,
            "company_ids": [(6, 0, cls.company.ids)],
        }
        cls.user = new_test_user(
            cls.env,
            login="amarc_user",
            groups="base.group_user,amarc_referential.group_amarc_user",
            **common,
        )
        cls.auditor = new_test_user(
            cls.env,
            login="amarc_auditor",
            groups="base.group_user,amarc_referential.group_amarc_auditor",
            **common,
        )
        cls.manager = new_test_user(
            cls.env,
            login="amarc_manager",
            groups="base.group_user,amarc_referential.group_amarc_manager",
            **common,
        )
        cls.user_b = new_test_user(
            cls.env,
            login="amarc_user_b",
            groups="base.group_user,amarc_referential.group_amarc_manager",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
        cls.stranger = new_test_user(
            cls.env, login="amarc_stranger", groups="base.group_user", **common
        )

    @classmethod
    def criterion(cls, code):
        return cls.Criterion.search(
            [("referential_id", "=", cls.referential.id), ("code", "=", code)]
        )

    @classmethod
    def obligation(cls, code, company=None, checkpoint=None):
        domain = [
            ("company_id", "=", (company or cls.company).id),
            ("criterion_id.code", "=", code),
        ]
        if checkpoint:
            domain.append(("checkpoint_id", "=", checkpoint.id))
        return cls.Obligation.search(domain)

    @classmethod
    def obligation_keys(cls, company):
        """(criterion code, checkpoint frequency or None) of the company's active
        obligations."""
        return {
            (o.criterion_id.code, o.checkpoint_id.frequency or None)
            for o in cls.Obligation.search([("company_id", "=", company.id)])
        }

    @contextmanager
    def assertRaisesMessage(self, exception, message):
        """Like assertRaises, and the exception's text is exactly ``message``."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertEqual(str(caught.exception), message)
