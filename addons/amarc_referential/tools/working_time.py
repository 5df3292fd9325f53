"""Working time of the AMARC referential, in pure Python.

"Heures ouvrées" and "jours ouvrés" are counted on working days only, by whole
days: a working day counts its 24 hours, a day off (a weekday without
attendance, a public holiday) counts nothing. So 24 working hours from Friday
10:00 end on Monday 10:00 when the weekend is not worked, and 10 working days
from a Wednesday end on the Wednesday two weeks later at the same time. A start
on a day off counts from the next working day at 00:00.

Days are the calendar's local days (wall-clock time): the computation is done
in the calendar's timezone on naive local datetimes, and the caller converts
from and to the UTC naive datetimes stored by Odoo with :func:`to_local` and
:func:`to_utc`.

When the required working time ends exactly at a midnight followed by days off
(1 working day from Friday 00:00), the deadline is the next working day at
00:00 (Monday 00:00): in working time every instant of the weekend is the same
instant, and the latest one is the fair deadline.
"""

from datetime import datetime, time, timedelta

import pytz

#: upper bound of every AMARC delay and window, in days: a typo in a setting
#: cannot make ticket creation or a scheduled action fail for everyone
MAX_DELAY_DAYS = 365

DAY = timedelta(days=1)
#: Monday..Friday, the fallback when a company has no usable calendar.
DEFAULT_WEEKDAYS = frozenset(range(5))
#: A computation that walks further than this is a configuration error.
MAX_DAYS = 3660


class WorkingTimeError(ValueError):
    """The calendar cannot produce a deadline (no working day in reach)."""


def to_local(value, tz):
    """UTC naive datetime -> naive datetime in ``tz``."""
    return pytz.utc.localize(value).astimezone(tz).replace(tzinfo=None)


def to_utc(value, tz):
    """Naive datetime in ``tz`` -> UTC naive datetime (non-existent or ambiguous
    local times of a DST change are resolved as standard time)."""
    return tz.localize(value, is_dst=False).astimezone(pytz.utc).replace(tzinfo=None)


class WorkingCalendar:
    """Working weekdays and holidays of one calendar, loaded once, then used for
    any number of computations without touching the database."""

    def __init__(self, tz="UTC", weekdays=DEFAULT_WEEKDAYS, holidays=()):
        self.tz = pytz.timezone(tz or "UTC")
        self.weekdays = frozenset(weekdays) or DEFAULT_WEEKDAYS
        self.holidays = frozenset(holidays)

    def is_working_day(self, day):
        return day.weekday() in self.weekdays and day not in self.holidays

    def next_working_day(self, day):
        """The first working day strictly after ``day``."""
        for _i in range(MAX_DAYS):
            day += DAY
            if self.is_working_day(day):
                return day
        raise WorkingTimeError(f"No working day within {MAX_DAYS} days after {day}.")

    def previous_working_day(self, day):
        """The last working day strictly before ``day``."""
        for _i in range(MAX_DAYS):
            day -= DAY
            if self.is_working_day(day):
                return day
        raise WorkingTimeError(f"No working day within {MAX_DAYS} days before {day}.")

    def start_of_count(self, local_start):
        """Where counting starts: the start itself on a working day, the next
        working day at 00:00 otherwise."""
        if self.is_working_day(local_start.date()):
            return local_start
        return datetime.combine(self.next_working_day(local_start.date()), time.min)

    # Local (naive, calendar timezone) computations --------------------------
    def add_working_hours_local(self, local_start, hours):
        if hours < 0:
            raise WorkingTimeError("A working time delay cannot be negative.")
        current = self.start_of_count(local_start)
        remaining = timedelta(hours=hours)
        for _i in range(MAX_DAYS):
            end_of_day = datetime.combine(current.date() + DAY, time.min)
            available = end_of_day - current
            if remaining < available:
                return current + remaining
            remaining -= available
            current = datetime.combine(self.next_working_day(current.date()), time.min)
        raise WorkingTimeError(f"Delay of {hours} working hours is out of reach.")

    def add_working_days_local(self, local_start, days):
        return self.add_working_hours_local(local_start, 24 * days)

    def subtract_working_days_local(self, local_end, days):
        """The instant ``days`` working days before ``local_end``: the same time
        on the ``days``-th working day before it."""
        if days < 0:
            raise WorkingTimeError("A working time delay cannot be negative.")
        day = local_end.date()
        for _i in range(days):
            day = self.previous_working_day(day)
        return datetime.combine(day, local_end.time())

    # UTC naive computations (what Odoo stores) ------------------------------
    def add_working_hours(self, start, hours):
        local = self.add_working_hours_local(to_local(start, self.tz), hours)
        return to_utc(local, self.tz)

    def add_working_days(self, start, days):
        return self.add_working_hours(start, 24 * days)

    def subtract_working_days(self, end, days):
        local = self.subtract_working_days_local(to_local(end, self.tz), days)
        return to_utc(local, self.tz)

    def working_hours_between(self, start, end):
        """Working hours elapsed from ``start`` to ``end`` (UTC naive): the part
        of the interval that falls on working days, in hours. 0 when ``end`` is
        not after ``start``."""
        if not start or not end or end <= start:
            return 0.0
        local_start, local_end = to_local(start, self.tz), to_local(end, self.tz)
        total = timedelta()
        day = local_start.date()
        for _i in range(MAX_DAYS):
            if day > local_end.date():
                break
            if self.is_working_day(day):
                low = max(local_start, datetime.combine(day, time.min))
                high = min(local_end, datetime.combine(day + DAY, time.min))
                if high > low:
                    total += high - low
            day += DAY
        return total.total_seconds() / 3600.0

    def working_days_between(self, start, end):
        """Working days (fractional) elapsed from ``start`` to ``end``."""
        return self.working_hours_between(start, end) / 24.0

    def add_delay(self, start, delay, unit):
        """``start`` + ``delay`` in ``unit`` ("working_hours" or "working_days")."""
        if unit == "working_hours":
            return self.add_working_hours(start, delay)
        if unit == "working_days":
            return self.add_working_days(start, delay)
        raise WorkingTimeError(f"Unknown working time unit {unit!r}.")


def holiday_dates(intervals, tz):
    """Local dates touched by the given ``(date_from, date_to)`` UTC naive
    intervals: a public holiday is a whole day off. An interval that ends at
    local midnight does not touch the day that begins then."""
    tz = pytz.timezone(tz or "UTC") if isinstance(tz, str) else tz
    dates = set()
    for date_from, date_to in intervals:
        start = to_local(date_from, tz)
        end = to_local(date_to, tz)
        if end > start and end.time() == time.min:
            end -= timedelta(microseconds=1)
        day = start.date()
        while day <= end.date():
            dates.add(day)
            day += DAY
    return dates
