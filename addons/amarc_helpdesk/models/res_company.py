from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.working_time import MAX_DELAY_DAYS, WorkingCalendar, holiday_dates


class ResCompany(models.Model):
    _inherit = "res.company"

    amarc_response_delay = fields.Integer(
        string="AMARC response delay (working days)",
        default=10,
        help="Response delay announced to the customer, in working days, when the "
        "ticket's team has none.",
    )
    amarc_response_warning_days = fields.Integer(
        string="AMARC response warning (working days)",
        default=1,
        help="The assigned agent gets an activity this many working days before "
        "the response date announced to the customer passes.",
    )
    amarc_mediator_id = fields.Many2one(
        "res.partner",
        string="Consumer mediator",
        help="The consumer mediator the company adheres to (Code de la "
        "consommation, L612-1), proposed on referrals.",
    )

    amarc_indicator_service_partner_ids = fields.Many2many(
        "res.partner",
        "res_company_amarc_indicator_service_rel",
        "company_id",
        "partner_id",
        string="Services concerned",
        help="They receive the indicator results every six months (AMARC 1.16).",
    )
    amarc_indicator_management_partner_ids = fields.Many2many(
        "res.partner",
        "res_company_amarc_indicator_management_rel",
        "company_id",
        "partner_id",
        string="General management",
        help="They receive the indicator results every year (AMARC 1.16).",
    )

    @api.constrains("amarc_response_delay", "amarc_response_warning_days")
    def _check_amarc_delays(self):
        for company in self:
            if (
                company.amarc_response_delay < 0
                or company.amarc_response_warning_days < 0
            ):
                raise ValidationError(
                    self.env._(
                        "The AMARC response delay and warning of company %(company)s "
                        "cannot be negative.",
                        company=company.name,
                    )
                )
            longest = max(
                company.amarc_response_delay, company.amarc_response_warning_days
            )
            if longest > MAX_DELAY_DAYS:
                raise ValidationError(
                    self.env._(
                        "The AMARC response delay and warning of company %(company)s "
                        "cannot exceed %(max)s working days.",
                        company=company.name,
                        max=MAX_DELAY_DAYS,
                    )
                )

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
