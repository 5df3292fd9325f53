from datetime import timedelta

from odoo import api, models

from ..tools.working_time import WorkingCalendar, holiday_dates


class ResCompany(models.Model):
    """The companies' working calendars, for every AMARC delay counted in
    working time (the helpdesk's deadlines, the surveys' delays, the control
    campaigns' 3.2 call-backs)."""

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    def _amarc_working_calendars(self, date_from, date_to):
        """{company id: WorkingCalendar} for the companies of ``self``.

        One lookup for all of them: the working weekdays of their calendars
        (company.resource_calendar_id) and their public holidays
        (resource.calendar.leaves without resource, of the calendar or of the
        whole company) between ``date_from`` and ``date_to`` (UTC naive), in two
        queries whatever the number of companies and tickets. A company without
        calendar (or with a calendar without attendance) works Monday to Friday."""
        companies = self.sudo()
        calendars = companies.resource_calendar_id
        weekdays = self._amarc_calendar_weekdays(calendars)
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search_fetch(
                [
                    ("resource_id", "=", False),
                    ("time_type", "=", "leave"),
                    ("date_to", ">=", date_from - timedelta(days=1)),
                    ("date_from", "<=", date_to + timedelta(days=1)),
                    "|",
                    ("calendar_id", "in", calendars.ids),
                    "&",
                    ("calendar_id", "=", False),
                    ("company_id", "in", companies.ids),
                ],
                ["calendar_id", "company_id", "date_from", "date_to"],
            )
        )
        result = {}
        for company in companies:
            calendar = company.resource_calendar_id
            tz = calendar.tz or company.partner_id.tz or "UTC"
            intervals = [
                (leave.date_from, leave.date_to)
                for leave in leaves
                if (calendar and leave.calendar_id == calendar)
                or (not leave.calendar_id and leave.company_id == company)
            ]
            result[company.id] = WorkingCalendar(
                tz=tz,
                weekdays=weekdays.get(calendar.id, ()),
                holidays=holiday_dates(intervals, tz),
            )
        return result

    @api.model
    def _amarc_calendar_weekdays(self, calendars):
        """{calendar id: set of its working weekdays (0 = Monday)} of
        ``calendars``, in one grouped query; a calendar without attendance is
        left out."""
        if not calendars:
            return {}
        groups = (
            self.env["resource.calendar.attendance"]
            .sudo()
            ._read_group(
                [
                    ("calendar_id", "in", calendars.ids),
                    ("display_type", "=", False),
                    ("day_period", "!=", "lunch"),
                ],
                ["calendar_id", "dayofweek"],
            )
        )
        weekdays = {}
        for calendar, dayofweek in groups:
            weekdays.setdefault(calendar.id, set()).add(int(dayofweek))
        return weekdays
