from datetime import date

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
            cls._ticket(paris(2026, 2, 2, 9))

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

    def test_monthly_and_semiannual_once(self):
        self._run(paris(2026, 3, 3, 8))
        communications = self._communications()
        # no management configured: no yearly communication
        self.assertEqual(communications.mapped("audience"), ["agents", "services"])
        agents = communications.filtered(lambda c: c.audience == "agents")
        self.assertEqual(agents.period_start, date(2026, 2, 1))
        self.assertEqual(agents.period_end, date(2026, 2, 28))
        self.assertEqual(agents.state, "sent")
        self.assertEqual(agents.partner_ids, (self.agent | self.agent_own).partner_id)
        self.assertTrue(agents.attachment_id.name.endswith(".xlsx"))
        message = agents.message_ids.filtered(lambda m: m.attachment_ids)
        self.assertEqual(message.attachment_ids, agents.attachment_id)
        self.assertEqual(message.partner_ids, agents.partner_ids)
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
        self.assertEqual(services.period_start, date(2025, 7, 1))
        self.assertEqual(services.period_end, date(2025, 12, 31))
        self.assertEqual(services.partner_ids, self.service)
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
        self.assertEqual(march.audience, "agents")
        self.assertEqual(march.period_start, date(2026, 3, 1))

    def test_yearly_to_management(self):
        director = self.env["res.partner"].create(
            {"name": "General director", "email": "director@a.example.com"}
        )
        self.company.amarc_indicator_management_partner_ids = director
        self._run(paris(2026, 1, 5, 8))
        management = self._communications().filtered(
            lambda c: c.audience == "management"
        )
        self.assertEqual(management.period_start, date(2025, 1, 1))
        self.assertEqual(management.period_end, date(2025, 12, 31))
        self.assertEqual(management.state, "sent")
        self.assertEqual(
            self._obligation("amarc_referential.checkpoint_1_16_1").last_done_date,
            date(2026, 1, 5),
        )
        # company B has agents only, and its own communication
        other = self.Communication.search([("company_id", "=", self.company_b.id)])
        self.assertEqual(other.mapped("audience"), ["agents"])
        self.assertEqual(other.partner_ids, self.agent_b.partner_id)
