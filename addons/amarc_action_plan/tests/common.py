import base64
import io
import re
from contextlib import contextmanager
from datetime import date

import odoo
from odoo.tests.common import HOST, freeze_time
from odoo.tools.pdf import PdfFileReader

from odoo.addons.amarc_referential.tests.common import (
    AmarcAssertions,  # noqa: F401 (imported from here by other addons' tests)
    AmarcReferentialCommon,
)

# The day every test of this addon runs on (the clock is frozen for the whole
# class, set-up included); a test that needs another day freezes it inside. No
# test depends on the day the suite runs.
TODAY = date(2026, 4, 1)


@contextmanager
def pdf_rendering(case):
    """Within it, qweb-pdf reports rendered with ``force_report_rendering`` go
    through wkhtmltopdf for real.

    In tests Odoo returns the report's HTML instead of running wkhtmltopdf
    unless ``force_report_rendering`` is set; ``allow_pdf_render`` lets
    wkhtmltopdf fetch the report's assets from the test server. Without
    wkhtmltopdf the rendering raises, and the test fails.

    The Qt of Debian's wkhtmltopdf writes text set in a web font (the reports'
    Lato) as outlines, not as text: nothing could be read back. This test's
    transaction sets the reports' text in a system font instead (an addition to
    the company styles of the report assets), which wkhtmltopdf embeds."""
    readable_pdf_setup(case)
    with case.allow_pdf_render():
        yield


def readable_pdf_setup(case):
    """wkhtmltopdf fetches the reports' assets from the test server of
    ``case`` and sets their text in a system font (see ``pdf_rendering``); an
    ``HttpCase`` needs nothing else."""
    server = odoo.service.server.server
    case.assertIsNotNone(server, "the tests run with the HTTP server")
    case.env["ir.config_parameter"].sudo().set_param(
        "report.url", f"http://{HOST}:{server.httpd.server_port}"
    )
    styles = case.env.ref("web.asset_styles_company_report").sudo()
    styles.datas = base64.b64encode(
        base64.b64decode(styles.datas)
        + b"\nbody, body * { font-family: sans-serif !important; }\n"
    )
    case.env.registry.clear_cache("assets")


def render_pdf(case, report_ref, records):
    """Render a qweb-pdf report through wkhtmltopdf, for real (see
    :func:`pdf_rendering`).

    Returns the bytes and the document's text, its words separated by single
    spaces, no space before a colon or a closing parenthesis nor after an opening
    one."""
    with pdf_rendering(case):
        pdf, report_format = (
            case.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report_ref, records.ids)
        )
    case.assertEqual(report_format, "pdf")
    case.assertEqual(pdf[:5], b"%PDF-")
    pages = PdfFileReader(io.BytesIO(pdf)).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    # pieces of text set apart in the HTML come out with spaces around them
    text = re.sub(r"\(\s+", "(", re.sub(r"\s+([:;,.)])", r"\1", text))
    return pdf, text


class AmarcActionPlanCase(AmarcReferentialCommon):
    """The referential's world with the action plans' models and the review's
    input lines; no plan (the internal audit's tests build on this one)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Plan = cls.env["amarc.action.plan"]
        cls.Action = cls.env["amarc.action"]
        cls.Review = cls.env["amarc.review"]

    @staticmethod
    def _inputs(review):
        """The review's input lines as (category, name, value, source), in the
        order they are shown (``_order``)."""
        lines = review.env["amarc.review.input"].search([("review_id", "=", review.id)])
        return [
            (line.category, line.name, line.value, line.source or False)
            for line in lines
        ]


@freeze_time("2026-04-01 12:00:00")
class AmarcActionPlanCommon(AmarcActionPlanCase):
    """Two companies, one user per AMARC group, and the company's plan of 2026,
    on a frozen day (``TODAY``)."""

    COMPANIES = (("AMARC Plan Co", "B"), ("AMARC Other Co", "A"))
    LOGIN = "ap_"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.criterion_44 = cls.env.ref("amarc_referential.criterion_4_4")
        cls.criterion_61 = cls.env.ref("amarc_referential.criterion_6_1")
        cls.plan = cls.Plan.create(
            {
                "name": "Plan 2026",
                "company_id": cls.company.id,
                "year": 2026,
                "origin": "audit",
            }
        )
        cls.plan_b = cls.Plan.create(
            {
                "name": "Plan B 2026",
                "company_id": cls.company_b.id,
                "year": 2026,
                "origin": "audit",
            }
        )

    @classmethod
    def _action(cls, **vals):
        values = {
            "name": "Fix the acknowledgement template",
            "plan_id": cls.plan.id,
            "user_id": cls.user.id,
            "date_deadline": date(2026, 6, 30),
            "criterion_ids": [(6, 0, (cls.criterion_44 | cls.criterion_61).ids)],
        }
        values.update(vals)
        return cls.Action.create(values)

    @classmethod
    def _done_action(cls, **vals):
        action = cls._action(**vals)
        action.action_open()
        action.action_done()
        return action
