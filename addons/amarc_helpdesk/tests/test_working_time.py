from datetime import date, datetime

from odoo.tests import BaseCase, tagged

from ..tools.working_time import (
    WorkingCalendar,
    WorkingTimeError,
    holiday_dates,
    to_utc,
)
from .common import PARIS, paris


@tagged("post_install", "-at_install")
class TestWorkingTime(BaseCase):
    """The pure-Python working time helper, without database."""

    def setUp(self):
        super().setUp()
        self.week = WorkingCalendar("Europe/Paris", range(5))

    def test_24_working_hours_from_friday_is_monday(self):
        start = paris(2026, 1, 9, 10)  # Friday
        self.assertEqual(self.week.add_working_hours(start, 24), paris(2026, 1, 12, 10))

    def test_holiday_monday_moves_to_tuesday(self):
        calendar = WorkingCalendar("Europe/Paris", range(5), {date(2026, 1, 12)})
        self.assertEqual(
            calendar.add_working_hours(paris(2026, 1, 9, 10), 24),
            paris(2026, 1, 13, 10),
        )

    def test_start_on_a_day_off_counts_from_next_working_day(self):
        # Saturday 15:00: counting starts on Monday 00:00, ends Tuesday 00:00
        self.assertEqual(
            self.week.add_working_hours(paris(2026, 1, 10, 15), 24),
            paris(2026, 1, 13, 0),
        )
        # a holiday is a day off too
        calendar = WorkingCalendar("Europe/Paris", range(5), {date(2026, 1, 12)})
        self.assertEqual(
            calendar.add_working_hours(paris(2026, 1, 12, 9, 30), 1),
            paris(2026, 1, 13, 1),
        )

    def test_10_working_days_from_wednesday(self):
        self.assertEqual(
            self.week.add_working_days(paris(2026, 1, 14, 10, 30), 10),
            paris(2026, 1, 28, 10, 30),
        )

    def test_10_working_days_with_a_holiday_inside(self):
        calendar = WorkingCalendar("Europe/Paris", range(5), {date(2026, 1, 23)})
        self.assertEqual(
            calendar.add_working_days(paris(2026, 1, 14, 10, 30), 10),
            paris(2026, 1, 29, 10, 30),
        )

    def test_end_at_midnight_rolls_to_next_working_day(self):
        self.assertEqual(
            self.week.add_working_days(paris(2026, 1, 9, 0), 1),
            paris(2026, 1, 12, 0),
        )

    def test_wall_clock_days_across_dst(self):
        # Paris switches to summer time on Sunday 29 March 2026
        self.assertEqual(
            self.week.add_working_hours(paris(2026, 3, 27, 10), 24),
            paris(2026, 3, 30, 10),
        )
        self.assertEqual(paris(2026, 3, 30, 10), datetime(2026, 3, 30, 8))

    def test_other_weekdays_and_timezone(self):
        # Sunday to Thursday, UTC: Thursday 10:00 + 24h = Sunday 10:00
        calendar = WorkingCalendar("UTC", (6, 0, 1, 2, 3))
        self.assertEqual(
            calendar.add_working_hours(datetime(2026, 1, 8, 10), 24),
            datetime(2026, 1, 11, 10),
        )

    def test_subtract_working_days(self):
        self.assertEqual(
            self.week.subtract_working_days(paris(2026, 1, 12, 10), 1),
            paris(2026, 1, 9, 10),
        )
        self.assertEqual(
            self.week.subtract_working_days(paris(2026, 1, 12, 10), 0),
            paris(2026, 1, 12, 10),
        )

    def test_zero_delay_and_errors(self):
        start = paris(2026, 1, 9, 10)
        self.assertEqual(self.week.add_working_hours(start, 0), start)
        with self.assertRaises(WorkingTimeError):
            self.week.add_working_hours(start, -1)
        with self.assertRaises(WorkingTimeError):
            self.week.add_delay(start, 1, "fortnights")

    def test_calendar_without_weekdays_works_monday_to_friday(self):
        calendar = WorkingCalendar("Europe/Paris", ())
        self.assertEqual(calendar.weekdays, frozenset(range(5)))

    def test_holiday_dates_are_local_whole_days(self):
        # 12 January 00:00 to 13 January 00:00 Paris: one day, not two
        intervals = [(paris(2026, 1, 12, 0), paris(2026, 1, 13, 0))]
        self.assertEqual(holiday_dates(intervals, "Europe/Paris"), {date(2026, 1, 12)})
        # a half day still makes the whole day off; two days are two days
        intervals = [
            (paris(2026, 5, 1, 14), paris(2026, 5, 1, 18)),
            (paris(2026, 12, 24, 0), paris(2026, 12, 25, 23, 59)),
        ]
        self.assertEqual(
            holiday_dates(intervals, PARIS),
            {date(2026, 5, 1), date(2026, 12, 24), date(2026, 12, 25)},
        )
        # 23:30 UTC on 11 January is already 12 January in Paris
        self.assertEqual(
            holiday_dates(
                [(datetime(2026, 1, 11, 23, 30), datetime(2026, 1, 12, 22, 59))],
                "Europe/Paris",
            ),
            {date(2026, 1, 12)},
        )

    def test_to_utc_handles_dst_gap(self):
        # 02:30 does not exist in Paris on 29 March 2026: read as standard time
        self.assertEqual(
            to_utc(datetime(2026, 3, 29, 2, 30), PARIS), datetime(2026, 3, 29, 1, 30)
        )
