from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TODAY
from .control_common import AmarcControlCommon


@tagged("post_install", "-at_install")
class TestControlAudit(AmarcControlCommon):
    """The audit line of a controlled criterion shows the year's campaigns and
    proposes its result."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audit = cls._audit()
        cls.audit.action_start()
        cls.line_31 = cls._line(cls.audit, "3.1")
        cls.line_33 = cls._line(cls.audit, "3.3")
        # another campaign of the same year: its samples count too
        cls.campaign_june = cls._campaign(
            date_start=TODAY.replace(day=1), date_end=TODAY
        )

    def _calls(self, conform, late, campaign=None):
        for _i in range(conform):
            self._sample(campaign=campaign)
        for _i in range(late):
            self._sample(campaign=campaign, answer_seconds=50)

    def _proposal(self, line):
        line.invalidate_recordset()
        return (
            line.control_measured,
            line.control_conform,
            round(line.control_rate, 1),
            line.control_proposal,
        )

    def test_proposal_by_threshold(self):
        self.assertEqual(self._proposal(self.line_31), (0, 0, 0.0, False))
        # 9 of 10 conform: 90 %, the target
        self._calls(5, 1)
        self._calls(4, 0, campaign=self.campaign_june)
        self.assertEqual(self._proposal(self.line_31), (10, 9, 90.0, "conform"))
        self.assertEqual(
            self.line_31.control_campaign_ids, self.campaign | self.campaign_june
        )
        # 16 of 20: 80 %, 10 points below: an observation
        self._calls(7, 3)
        self.assertEqual(self._proposal(self.line_31), (20, 16, 80.0, "observation"))
        # 16 of 21: 76.2 %, a minor gap
        self._calls(0, 1)
        self.assertEqual(self._proposal(self.line_31), (21, 16, 76.2, "minor_gap"))
        # a lower target of the company
        self.company.amarc_control_target = 75.0
        self.assertEqual(self._proposal(self.line_31), (21, 16, 76.2, "conform"))
        # 3.3 is measured on the calls taken by a person: all right
        self.assertEqual(self._proposal(self.line_33), (21, 21, 100.0, "conform"))
        # another company's campaign and last year's do not count
        other = self._campaign(company_id=self.company_b.id)
        self._calls(3, 0, campaign=other)
        last_year = self._campaign(
            date_start=TODAY.replace(year=2025), date_end=TODAY.replace(year=2025)
        )
        self._calls(3, 0, campaign=last_year)
        self.assertEqual(self._proposal(self.line_31), (21, 16, 76.2, "conform"))

    def test_apply_the_proposal_and_open_the_corrective_action(self):
        self._calls(6, 4)
        line = self.line_31.with_user(self.auditor)
        self.assertEqual(self._proposal(line), (10, 6, 60.0, "minor_gap"))
        line.action_apply_control_proposal()
        self.assertEqual(
            (line.result, line.auditor_id, line.date),
            ("minor_gap", self.auditor, TODAY),
        )
        self.assertEqual(
            line.finding,
            f"Control campaigns of 2026 ({self.campaign.name}): 6 of 10 samples "
            "conform (60.0 %), target 90.0 %.",
        )
        self.assertEqual(line.control_method_ids, self.mystery_call)
        evidence = line.evidence_ids
        self.assertEqual(
            (
                evidence.criterion_id,
                evidence.company_id,
                evidence.res_model,
                evidence.res_id,
                evidence.date,
                evidence.evidence_type,
            ),
            (
                line.criterion_id,
                self.company,
                "amarc.control.campaign",
                self.campaign.id,
                self.campaign.date_end,
                "control_plan",
            ),
        )
        # applied again: the same evidence, not a second one
        line.action_apply_control_proposal()
        self.assertEqual(line.evidence_ids, evidence)
        # the gap opens its corrective action, as any gap
        action = line.action_create_action()
        corrective = self.env["amarc.action"].browse(action["res_id"])
        self.assertEqual(
            (corrective.action_type, corrective.criterion_ids, line.action_ids),
            ("corrective", line.criterion_id, corrective),
        )

    def test_no_campaign_no_proposal(self):
        with self.assertRaisesMessage(
            UserError, "No control campaign of 2026 measured criterion 3.1."
        ):
            self.line_31.action_apply_control_proposal()
        self.assertEqual(self.line_31.result, "todo")

    def test_plain_users_cannot_apply(self):
        self._calls(1, 0)
        with self.assertRaises(AccessError):
            self.line_31.with_user(self.user).action_apply_control_proposal()
        self.assertEqual(self.line_31.result, "todo")
        # they read the line's figures, not the campaigns
        self.assertEqual(
            self._proposal(self.line_31.with_user(self.user)), (1, 1, 100.0, "conform")
        )
