import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.tests import tagged

from .common import AmarcHelpdeskReportingCommon, paris


@tagged("post_install", "-at_install")
class TestCommunication(AmarcHelpdeskReportingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Communication = cls.env["amarc.indicator.communication"]
        cls.service = cls.env["res.partner"].create(
            {"name": "Logistics department", "email": "logistics@a.example.com"}
        )
        cls.company.amarc_indicator_service_partner_ids = cls.service
        with freeze_time(paris(2026, 2, 10, 12)):
            cls.february = cls._ticket(paris(2026, 2, 2, 9))

    def _run(self, when):
        with freeze_time(when):
            return self.Communication._cron_amarc_communicate_indicators()

    def _communications(self):
        return self.Communication.search(
            [("company_id", "=", self.company.id)], order="audience"
        )

    def _obligation(self, checkpoint):
        return self.env["amarc.obligation"].search(
            [
                ("company_id", "=", self.company.id),
                ("checkpoint_id", "=", self.env.ref(checkpoint).id),
            ]
        )

    @staticmethod
    def _body(start, end, values):
        rows = zip(
            (
                "Complaints received",
                "Answered",
                "Not answered yet",
                "Acknowledgement on time (%)",
                "Mean response delay (working days)",
                "90th percentile of the response delay (working days)",
            ),
            values,
            strict=True,
        )
        return (
            f"<p>The indicator results of the complaints received from {start} to "
            f"{end} (AMARC 1.16).</p><table>"
            + "".join(
                f"<tr><td>{label}</td><td>{value}</td></tr>" for label, value in rows
            )
            + "</table><p>The detail is in the attached workbook.</p>"
        )

    def test_monthly_and_semiannual_once(self):
        self._run(paris(2026, 3, 3, 8))
        communications = self._communications()
        # no management configured: no yearly communication
        self.assertEqual(communications.mapped("audience"), ["agents", "services"])
        agents = communications.filtered(lambda c: c.audience == "agents")
        name = "Indicators 2026-02-01 - 2026-02-28: Agents (monthly)"
        self.assertEqual(
            (
                agents.name,
                agents.period_start,
                agents.period_end,
                agents.state,
                agents.sent_date,
                agents.attachment_id.name,
            ),
            (
                name,
                date(2026, 2, 1),
                date(2026, 2, 28),
                "sent",
                paris(2026, 3, 3, 8),
                f"{name}.xlsx",
            ),
        )
        self.assertEqual(agents.partner_ids, (self.agent | self.agent_own).partner_id)
        # the workbook holds the one complaint of February
        workbook = openpyxl.load_workbook(
            io.BytesIO(base64.b64decode(agents.attachment_id.datas)), read_only=True
        )
        tickets = list(workbook["Tickets"].iter_rows(values_only=True))
        self.assertEqual(len(tickets), 2, "header and the ticket of February")
        self.assertEqual(
            tickets[1][0], f"{self.february.number} Product arrived broken"
        )
        message = agents.message_ids.filtered(lambda m: m.attachment_ids)
        self.assertEqual(message.attachment_ids, agents.attachment_id)
        self.assertEqual(message.partner_ids, agents.partner_ids)
        self.assertEqual(message.subject, name)
        # one complaint, not answered, acknowledged late (not at all)
        self.assertEqual(
            str(message.body),
            self._body("2026-02-01", "2026-02-28", (1, 0, 1, 0.0, "-", "-")),
        )
        evidence = agents.evidence_id
        self.assertEqual(
            evidence.criterion_id, self.env.ref("amarc_referential.criterion_1_16")
        )
        self.assertEqual(evidence.attachment_ids, agents.attachment_id)
        self.assertEqual(evidence.record_ref, agents)
        self.assertEqual(evidence.company_id, self.company)
        monthly = self._obligation("amarc_referential.checkpoint_1_16_3")
        self.assertEqual(monthly.last_done_date, date(2026, 3, 3))
        self.assertEqual(evidence.obligation_id, monthly)
        services = communications - agents
        self.assertEqual(
            (services.name, services.period_start, services.period_end),
            (
                (
                    "Indicators 2025-07-01 - 2025-12-31: Services concerned "
                    "(every six months)"
                ),
                date(2025, 7, 1),
                date(2025, 12, 31),
            ),
        )
        self.assertEqual(services.partner_ids, self.service)
        self.assertEqual(
            str(services.message_ids.filtered(lambda m: m.attachment_ids).body),
            self._body("2025-07-01", "2025-12-31", (0, 0, 0, "-", "-", "-")),
        )
        self.assertEqual(
            self._obligation("amarc_referential.checkpoint_1_16_2").last_done_date,
            date(2026, 3, 3),
        )
        # never twice for the same period and audience
        evidence_count = self.env["amarc.evidence"].search_count(
            [("company_id", "=", self.company.id)]
        )
        self._run(paris(2026, 3, 20, 8))
        self.assertEqual(self._communications(), communications)
        self.assertEqual(
            self.env["amarc.evidence"].search_count(
                [("company_id", "=", self.company.id)]
            ),
            evidence_count,
        )
        # next month: the agents get March
        self._run(paris(2026, 4, 1, 8))
        march = self._communications() - communications
        self.assertEqual(
            (march.audience, march.period_start, march.period_end),
            ("agents", date(2026, 3, 1), date(2026, 3, 31)),
        )
        self.assertEqual(monthly.last_done_date, date(2026, 4, 1))

    def test_yearly_to_management(self):
        director = self.env["res.partner"].create(
            {"name": "General director", "email": "director@a.example.com"}
        )
        self.company.amarc_indicator_management_partner_ids = director
        self._run(paris(2026, 1, 5, 8))
        management = self._communications().filtered(
            lambda c: c.audience == "management"
        )
        self.assertEqual(
            (
                management.period_start,
                management.period_end,
                management.state,
                management.partner_ids,
            ),
            (date(2025, 1, 1), date(2025, 12, 31), "sent", director),
        )
        self.assertEqual(
            self._obligation("amarc_referential.checkpoint_1_16_1").last_done_date,
            date(2026, 1, 5),
        )
        # company B has agents only, and its own communication
        other = self.Communication.search([("company_id", "=", self.company_b.id)])
        self.assertEqual(other.mapped("audience"), ["agents"])
        self.assertEqual(
            (other.period_start, other.period_end, other.state),
            (date(2025, 12, 1), date(2025, 12, 31), "sent"),
        )
        self.assertEqual(other.partner_ids, self.agent_b.partner_id)
