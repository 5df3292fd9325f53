"""The survey delay, answer window and cool-down are bounded (365 days, or
its hours): a typo cannot make the survey cron fail for everyone."""

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import AmarcSurveyCommon


@tagged("post_install", "-at_install")
class TestSurveySettingsBounds(AmarcSurveyCommon):
    def test_bounds_on_team_and_company(self):
        for vals in (
            {"amarc_survey_delay": 366, "amarc_survey_delay_unit": "days"},
            {"amarc_survey_delay": 365 * 24 + 1, "amarc_survey_delay_unit": "hours"},
            {"amarc_survey_expiry_days": 366},
            {"amarc_survey_cooldown_days": 3650},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError) as caught:
                self.team.write(vals)
            self.assertEqual(
                str(caught.exception),
                "AMARC complaints A: the survey delay, answer window and cool-down "
                "cannot exceed 365 days.",
            )
        with self.assertRaises(ValidationError):
            self.company.amarc_survey_expiry_days = 400
        self.team.write(
            {
                "amarc_survey_delay": 365 * 24,
                "amarc_survey_delay_unit": "hours",
                "amarc_survey_expiry_days": 365,
                "amarc_survey_cooldown_days": 365,
            }
        )
        self.assertEqual(
            (
                self.team.amarc_survey_delay,
                self.team.amarc_survey_expiry_days,
                self.team.amarc_survey_cooldown_days,
            ),
            (8760, 365, 365),
        )
