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


class AmarcAssertions:
    """Exact assertions shared by the AMARC test cases."""

    @contextmanager
    def assertRaisesMessage(self, exception, message):
        """Like assertRaises, and the exception's text is exactly ``message``."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertEqual(str(caught.exception), message)

    def assertInOrder(self, text, fragments):
        """Each fragment is in ``text``, after the previous one."""
        position = 0
        for fragment in fragments:
            found = text.find(fragment, position)
            self.assertNotEqual(
                found,
                -1,
                f"{fragment!r} not found in {text[position:]!r} (the text after "
                f"{text[:position]!r})",
            )
            position = found + len(fragment)


class AmarcCase(AmarcAssertions, TransactionCase):
    """What every AMARC test case builds its world with: users that belong to
    one company; and the exact assertions. The base of the addons' commons and
    of the tests that build a world of their own."""

    @classmethod
    def _user(cls, login, groups, company=None, **values):
        """A user of ``company`` only (by default the class's ``company``),
        with ``groups`` (comma-separated external ids, as new_test_user takes
        them; they are also in the user's name)."""
        company = company or cls.company
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
            **values,
        )

    @classmethod
    def _french(cls, *modules):
        """The environment in French, with the terms of ``modules`` loaded
        from their i18n/fr.po (replacing those already loaded)."""
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(
            list(modules), ["fr_FR"], overwrite=True
        )
        return cls.env(context=dict(cls.env.context, lang="fr_FR"))


USER = "base.group_user,amarc_referential.group_amarc_user"
AUDITOR = "base.group_user,amarc_referential.group_amarc_auditor"
MANAGER = "base.group_user,amarc_referential.group_amarc_manager"


@freeze_time("2026-06-15 12:00:00")
class AmarcReferentialCommon(AmarcCase):
    """Builds its own world: two companies and one user per AMARC group, on a
    frozen day (``TODAY``). The addons above build theirs on this one, with
    their own companies (``COMPANIES``) and logins (``LOGIN``)."""

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
    #: (name, AMARC level) of the two companies, and the users' logins prefix
    COMPANIES = (("AMARC Test Company A", "A"), ("AMARC Test Company B", "B"))
    LOGIN = "amarc_"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.referential = cls.env.ref("amarc_referential.referential_re_mrc_03")
        cls.Criterion = cls.env["amarc.criterion"]
        cls.Obligation = cls.env["amarc.obligation"]
        cls.Evidence = cls.env["amarc.evidence"]
        cls.company, cls.company_b = (
            cls.env["res.company"].create({"name": name, "amarc_level": level})
            for name, level in cls.COMPANIES
        )
        cls.user = cls._user(f"{cls.LOGIN}user", USER)
        cls.auditor = cls._user(f"{cls.LOGIN}auditor", AUDITOR)
        cls.manager = cls._user(f"{cls.LOGIN}manager", MANAGER)
        # the quality manager of the other company
        cls.user_b = cls._user(f"{cls.LOGIN}user_b", MANAGER, cls.company_b)
        cls.stranger = cls._user(f"{cls.LOGIN}stranger", "base.group_user")

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
            for o in cls.Obligation.search(
                [("company_id", "=", company.id), ("criterion_id", "!=", False)]
            )
        }
