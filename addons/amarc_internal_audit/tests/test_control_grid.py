from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .control_common import AmarcControlCommon, paris


@tagged("post_install", "-at_install")
class TestControlGrid(AmarcControlCommon):
    """The grid of a sample and its thresholds: 3.1 (30 s, or 3 min through an
    IVR), 3.2 (24 working hours, Whit Monday off), 3.3, 3.4, 3.7."""

    def test_31_answered_within_30_seconds(self):
        self.assertEqual(self._sample(answer_seconds=30).result_31, "conform")
        self.assertEqual(self._sample(answer_seconds=31).result_31, "gap")
        # not taken within 30 s, but the caller reached a voicemail or the
        # opening hours: conform (3.1); nothing at all: a gap
        for outcome, result in (
            ("voicemail", "conform"),
            ("opening_hours", "conform"),
            ("none", "gap"),
        ):
            sample = self._sample(answer_seconds=0, unanswered_outcome=outcome)
            self.assertEqual(sample.result_31, result, outcome)

    def test_31_ivr_reaches_a_person_within_3_minutes(self):
        self.assertEqual(
            self._sample(ivr=True, answer_seconds=2, person_seconds=180).result_31,
            "conform",
        )
        self.assertEqual(
            self._sample(ivr=True, answer_seconds=2, person_seconds=181).result_31,
            "gap",
        )
        # no one reached through the IVR: a gap, and 3.3 is not measured
        sample = self._sample(ivr=True, answer_seconds=2, person_seconds=0)
        self.assertEqual(self._results(sample), ("gap", False, False, False, False))

    def test_32_called_back_within_24_working_hours_with_a_holiday(self):
        # Message on Friday 22 May 2026 at 10:00 (Paris): Friday counts 14
        # hours, the weekend and Whit Monday nothing, so the 24 working hours
        # end on Tuesday 26 May at 10:00.
        message = paris(2026, 5, 22, 10, 0)
        cases = [
            # (call-back, working hours, result)
            (paris(2026, 5, 25, 23, 0), 14.0, "conform"),  # on the holiday
            (paris(2026, 5, 26, 9, 59), 23.98, "conform"),
            (paris(2026, 5, 26, 10, 0), 24.0, "conform"),
            (paris(2026, 5, 26, 10, 1), 24.02, "gap"),
        ]
        for callback, hours, result in cases:
            sample = self._sample(
                answer_seconds=0,
                unanswered_outcome="voicemail",
                message_date=message,
                callback_date=callback,
            )
            self.assertEqual(
                (sample.callback_working_hours, sample.result_32),
                (hours, result),
                callback,
            )
        # never called back: a gap; no message left: 3.2 is not measured
        never = self._sample(
            answer_seconds=0, unanswered_outcome="voicemail", message_date=message
        )
        self.assertEqual(never.result_32, "gap")
        self.assertFalse(self._sample().result_32)

    def test_32_without_the_holiday(self):
        self.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", self.company.resource_calendar_id.id)]
        ).unlink()
        sample = self._sample(
            message_date=paris(2026, 5, 22, 10, 0),
            callback_date=paris(2026, 5, 26, 9, 59),
        )
        self.assertEqual(
            (sample.callback_working_hours, sample.result_32), (47.98, "gap")
        )

    def test_33_34_checkpoints_and_37_referral(self):
        self.assertEqual(
            self._results(self._sample(referral="informed")),
            ("conform", False, "conform", False, "conform"),
        )
        self.assertEqual(
            self._results(self._sample(listened=False, referral="not_informed")),
            ("conform", False, "gap", False, "gap"),
        )
        visit = self._sample(
            campaign=self._campaign(control_method_id=self.mystery_visit.id),
            channel="visit",
            answer_seconds=0,
            isolated=True,
        )
        self.assertEqual(self._results(visit), (False, False, False, "conform", False))
        visit.isolated = False
        self.assertEqual(self._results(visit), (False, False, False, "gap", False))

    def test_rates_per_criterion_against_the_target(self):
        # 10 calls: 3.1 taken late twice (8/10); 3.3 always right (10/10);
        # 3.2: 2 messages, one called back in time (1/2)
        for _i in range(8):
            self._sample()
        self._sample(answer_seconds=40, unanswered_outcome="none")
        self._sample(answer_seconds=45)
        self.campaign.sample_ids[:2].write({"message_date": paris(2026, 5, 22, 10, 0)})
        self.campaign.sample_ids[0].callback_date = paris(2026, 5, 26, 9, 0)
        results = {
            criterion.code: (measured, conform)
            for criterion, measured, conform in self.campaign._criterion_results()[
                self.campaign
            ]
        }
        # the two late calls were answered, so 3.3 is measured on all 10
        self.assertEqual(results, {"3.1": (10, 8), "3.2": (2, 1), "3.3": (10, 10)})
        self.assertInOrder(
            self.campaign.result_summary,
            [
                "Criterion",
                "Samples",
                "Conform",
                "Conformity rate",
                "Target",
                "text-danger",
                "3.1",
                "<td>10</td><td>8</td><td>80.0 %</td><td>90.0 %</td>",
                "text-danger",
                "3.2",
                "<td>2</td><td>1</td><td>50.0 %</td>",
                '<tr class=""><td>3.3',
                "<td>10</td><td>10</td><td>100.0 %</td>",
            ],
        )
        self.company.amarc_control_target = 80.0
        self.campaign.invalidate_recordset(["result_summary"])
        self.assertIn('<tr class=""><td>3.1', self.campaign.result_summary)

    def test_bad_grids_are_refused(self):
        with self.assertRaisesMessage(
            ValidationError, "Call 7: a call-back needs the date the message was left."
        ):
            self._sample(name="Call 7", callback_date=paris(2026, 5, 22, 10, 0))
        with self.assertRaisesMessage(
            ValidationError,
            "2026-05-12 08:00:00: the call-back cannot be before the message was left.",
        ):
            self._sample(
                message_date=paris(2026, 5, 22, 10, 0),
                callback_date=paris(2026, 5, 22, 9, 0),
            )
        with self.assertRaisesMessage(
            ValidationError,
            "The control target of company Audit Co must be between 0 and 100 %.",
        ):
            self.company.amarc_control_target = 120

    def test_done_campaign_is_frozen(self):
        sample = self._sample()
        with self.assertRaisesMessage(
            UserError,
            f"Campaign {self._campaign().name} has no sample: import or record "
            "them first.",
        ):
            self._campaign().action_done()
        self.campaign.action_done()
        with self.assertRaisesMessage(
            UserError,
            f"Campaign {self.campaign.name} is done: its samples cannot change.",
        ):
            sample.answer_seconds = 50
        with self.assertRaises(UserError):
            self._sample()
        self.assertEqual(sample.result_31, "conform")
