from datetime import datetime

import pytz
from freezegun import freeze_time

from odoo.addons.amarc_referential.tests.common import (
    AUDITOR,
    MANAGER,
    AmarcCase,
    render_xlsx,
)

PARIS = pytz.timezone("Europe/Paris")
#: helpdesk users' groups, as new_test_user takes them (they are in the names)
AGENT = "helpdesk_mgmt.group_helpdesk_user,amarc_referential.group_amarc_user"
AGENT_OWN = "helpdesk_mgmt.group_helpdesk_user_own,amarc_referential.group_amarc_user"
AGENT_TEAM = "helpdesk_mgmt.group_helpdesk_user_team,amarc_referential.group_amarc_user"


def paris(*args):
    """A Europe/Paris wall-clock time as the UTC naive datetime Odoo stores."""
    return PARIS.localize(datetime(*args)).astimezone(pytz.utc).replace(tzinfo=None)


#: The moment every test of these classes runs at, unless it freezes another
#: one: Monday 16 March 2026, noon in Paris. Nothing depends on the day the
#: suite runs (the whole clock may be moved ahead, see ./test.sh).
TODAY = paris(2026, 3, 16, 12)


class AmarcHelpdeskCase(AmarcCase):
    """Working schedules and public holidays, for the tests that build a
    helpdesk world (this addon's, and the end-to-end loop's); no tracking."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))

    @classmethod
    def _paris_user(cls, login, groups, email=None):
        """A user of the class's ``company`` in Paris time, with ``email`` (by
        default the one new_test_user makes up)."""
        values = {"email": email} if email else {}
        return cls._user(login, groups, tz="Europe/Paris", **values)

    @classmethod
    def _create_calendar(cls, company, tz, weekdays):
        """The working schedule of ``company``: 8-12 and 13-17 on ``weekdays``
        (0 is Monday), in timezone ``tz``."""
        attendances = []
        for day in weekdays:
            for hour_from, hour_to, period in (
                (8, 12, "morning"),
                (13, 17, "afternoon"),
            ):
                attendances.append(
                    (
                        0,
                        0,
                        {
                            "name": f"Day {day} {period}",
                            "dayofweek": str(day),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": period,
                        },
                    )
                )
        return cls.env["resource.calendar"].create(
            {
                "name": f"AMARC test schedule {company.name}",
                "company_id": company.id,
                "tz": tz,
                "attendance_ids": [(5, 0, 0), *attendances],
            }
        )

    @classmethod
    def _holiday(cls, calendar, day, company=None):
        """A public holiday (whole day, local time of the calendar)."""
        tz = pytz.timezone(calendar.tz)
        start = tz.localize(datetime(day.year, day.month, day.day))
        end = tz.localize(datetime(day.year, day.month, day.day, 23, 59, 59))
        # flushed in its company, as at the end of the request that creates it
        # (its company is computed from the current company)
        leave = (
            cls.env["resource.calendar.leaves"]
            .with_company(company or calendar.company_id)
            .create(
                {
                    "name": "Public holiday",
                    "calendar_id": calendar.id if not company else False,
                    "date_from": start.astimezone(pytz.utc).replace(tzinfo=None),
                    "date_to": end.astimezone(pytz.utc).replace(tzinfo=None),
                }
            )
        )
        leave.flush_recordset()
        return leave


@freeze_time(TODAY)
class AmarcHelpdeskCommon(AmarcHelpdeskCase):
    """Builds its own world: two companies with their own working schedules,
    helpdesk agents and AMARC users, a team per company. No demo data. The
    Python clock is frozen at ``TODAY`` for the whole class."""

    maxDiff = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the messages shown to the user running the tests are in Paris time,
        # whatever timezone the demo data (if any) gives him
        cls.env.user.tz = "Europe/Paris"
        cls.Ticket = cls.env["helpdesk.ticket"]
        cls.Extension = cls.env["amarc.ticket.extension"]
        cls.channel_email = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email")
        cls.channel_phone = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone")
        cls.channel_letter = cls.env.ref(
            "amarc_helpdesk.helpdesk_ticket_channel_letter"
        )
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        # Company A: Monday to Friday, Paris. Company B: Sunday to Thursday, UTC.
        cls.company = cls.env["res.company"].create(
            {"name": "AMARC Helpdesk Test A", "email": "care@a.example.com"}
        )
        cls.company_b = cls.env["res.company"].create(
            {"name": "AMARC Helpdesk Test B", "email": "care@b.example.com"}
        )
        cls.calendar = cls._create_calendar(cls.company, "Europe/Paris", range(5))
        cls.calendar_b = cls._create_calendar(cls.company_b, "UTC", (6, 0, 1, 2, 3))
        cls.company.write(
            {
                "resource_calendar_id": cls.calendar.id,
                "amarc_response_delay": 10,
                "amarc_response_warning_days": 1,
            }
        )
        cls.company_b.resource_calendar_id = cls.calendar_b
        cls.agent = cls._paris_user("amarc_hd_agent", AGENT, "agent@a.example.com")
        cls.agent_own = cls._paris_user(
            "amarc_hd_agent_own",
            "helpdesk_mgmt.group_helpdesk_user_own",
            "agent_own@a.example.com",
        )
        cls.helpdesk_manager = cls._paris_user(
            "amarc_hd_manager",
            "helpdesk_mgmt.group_helpdesk_manager",
            "manager@a.example.com",
        )
        cls.auditor = cls._paris_user("amarc_hd_auditor", AUDITOR)
        cls.stranger = cls._paris_user("amarc_hd_stranger", "base.group_user")
        cls.agent_b = cls._user(
            "amarc_hd_agent_b",
            "helpdesk_mgmt.group_helpdesk_manager,amarc_referential.group_amarc_manager",
            cls.company_b,
            email="agent@b.example.com",
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "AMARC complaints A",
                "company_id": cls.company.id,
                "user_ids": [(6, 0, (cls.agent | cls.agent_own).ids)],
            }
        )
        cls.team_b = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "AMARC complaints B",
                "company_id": cls.company_b.id,
                "user_ids": [(6, 0, cls.agent_b.ids)],
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Camille Client", "email": "camille@example.com"}
        )
        cls.mediator = cls.env["res.partner"].create(
            {"name": "Médiateur de la consommation", "is_company": True}
        )

    @classmethod
    def _ticket(cls, received, channel=None, company=None, **values):
        company = company or cls.company
        vals = {
            "name": "Product arrived broken",
            "description": "<p>The parcel was damaged.</p>",
            "company_id": company.id,
            "team_id": (cls.team if company == cls.company else cls.team_b).id,
            "channel_id": (channel or cls.channel_email).id,
            "partner_id": cls.customer.id,
            "amarc_received_date": received,
        }
        vals.update(values)
        return cls.Ticket.create(vals)

    def _indicator_workbook(self, user, date_from, date_to, company=None):
        """The indicator workbook of a period as ``user`` gets it: the export
        wizard filled in and its button clicked by them, the report of its
        action rendered for them. Returns the workbook (openpyxl) and the
        file's name."""
        wizard = (
            self.env["amarc.indicator.export"]
            .with_user(user)
            .create(
                {
                    "company_id": (company or self.company).id,
                    "date_from": date_from,
                    "date_to": date_to,
                }
            )
        )
        action = wizard.action_export()
        self.assertEqual(
            (action["report_name"], action["context"]["active_ids"], action["data"]),
            ("amarc_helpdesk.report_indicators_xlsx", wizard.ids, None),
        )
        return render_xlsx(self, action, user)


class AmarcHelpdeskReportingCommon(AmarcHelpdeskCommon):
    """Adds a quality manager, reasons with alert settings, and a small known
    set of tickets helpers for alerts, indicators and communications."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Alert = cls.env["amarc.alert"]
        cls.Indicator = cls.env["amarc.helpdesk.indicator"]
        cls.Objective = cls.env["amarc.objective"]
        cls.quality_manager = cls._user(
            "amarc_hd_quality", MANAGER, email="quality@a.example.com"
        )
        cls.company.amarc_quality_manager_id = cls.quality_manager
        cls.company_b.amarc_quality_manager_id = cls.agent_b
        Category = cls.env["helpdesk.ticket.category"]
        cls.reason_late = Category.create(
            {
                "name": "AMARC test late delivery",
                "company_id": cls.company.id,
                "amarc_alert_threshold": 3,
                "amarc_alert_window_days": 10,
            }
        )
        cls.reason_rude = Category.create(
            {
                "name": "AMARC test staff behaviour",
                "company_id": cls.company.id,
                "amarc_serious": True,
            }
        )
        cls.reason_other = Category.create(
            {"name": "AMARC test other", "company_id": cls.company.id}
        )
