from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import SQL

from odoo.addons.amarc_referential.tests.common import render_xlsx, xlsx_rows

from .common import AmarcHelpdeskReportingCommon, paris


@tagged("post_install", "-at_install")
class TestIndicator(AmarcHelpdeskReportingCommon):
    """A small known data set (company A, Paris, Monday to Friday):

    ====  =================  =======  ===========  ====================
    T     received           channel  ack          answered (delay)
    ====  =================  =======  ===========  ====================
    T1    Mon 2 Feb 09:00    e-mail   on time      Wed 4 Feb 09:00 (2)
    T2    Mon 2 Feb 09:00    e-mail   late         Mon 9 Feb 09:00 (5)
    T3    Tue 3 Feb 09:00    e-mail   none (late)  not answered
    T4    Wed 4 Feb 09:00    letter   on time      Wed 4 Feb 15:00 (0.25)
    T5    Mon 2 Mar 09:00    phone    not due      Tue 3 Mar 09:00 (1)
    L1    Mon 3 Feb 2025     e-mail   on time      Thu 6 Feb 2025 (3)
    ====  =================  =======  ===========  ====================
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(paris(2026, 3, 15, 12)):
            cls.t1 = cls._answered(
                paris(2026, 2, 2, 9),
                paris(2026, 2, 2, 10),
                paris(2026, 2, 4, 9),
                category_id=cls.reason_late.id,
            )
            cls.t2 = cls._answered(
                paris(2026, 2, 2, 9),
                paris(2026, 2, 5, 10),
                paris(2026, 2, 9, 9),
                category_id=cls.reason_late.id,
                amarc_resolution="compensation",
                amarc_compensation_amount=20.0,
            )
            cls.t3 = cls._ticket(paris(2026, 2, 3, 9), category_id=cls.reason_other.id)
            cls.t4 = cls._answered(
                paris(2026, 2, 4, 9),
                paris(2026, 2, 4, 12),
                paris(2026, 2, 4, 15),
                channel=cls.channel_letter,
                amarc_resolution="repair",
            )
            cls.t5 = cls._answered(
                paris(2026, 3, 2, 9),
                False,
                paris(2026, 3, 3, 9),
                channel=cls.channel_phone,
                amarc_resolution="rejection",
            )
            cls.l1 = cls._answered(
                paris(2025, 2, 3, 9),
                paris(2025, 2, 3, 10),
                paris(2025, 2, 6, 9),
            )
            # another company's ticket never counts in company A
            cls._answered(
                paris(2026, 2, 2, 9),
                False,
                paris(2026, 2, 27, 9),
                company=cls.company_b,
            )
        cls.tickets = cls.t1 | cls.t2 | cls.t3 | cls.t4 | cls.t5

    @classmethod
    def _answered(cls, received, ack, answered, channel=None, company=None, **values):
        ticket = cls._ticket(received, channel=channel, company=company, **values)
        if ack:
            ticket.amarc_ack_date = ack
        ticket.amarc_response_date = answered
        return ticket

    def _sql(self, ticket_ids):
        """The same measures in raw SQL on the ticket table."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """SELECT count(*),
                          count(amarc_response_date),
                          count(*) FILTER (WHERE amarc_response_date IS NULL),
                          avg(amarc_response_working_days)
                              FILTER (WHERE amarc_response_date IS NOT NULL),
                          percentile_cont(0.9) WITHIN GROUP (
                              ORDER BY CASE WHEN amarc_response_date IS NOT NULL
                                            THEN amarc_response_working_days END)
                     FROM helpdesk_ticket WHERE id = ANY(%s)""",
                list(ticket_ids),
            )
        )
        return self.env.cr.fetchone()

    def test_response_delay_in_working_days(self):
        self.assertAlmostEqual(self.t1.amarc_response_working_days, 2.0)
        self.assertAlmostEqual(self.t2.amarc_response_working_days, 5.0)
        self.assertAlmostEqual(self.t3.amarc_response_working_days, 0.0)
        self.assertAlmostEqual(self.t4.amarc_response_working_days, 0.25)
        self.assertAlmostEqual(self.t5.amarc_response_working_days, 1.0)

    def test_values_against_raw_sql(self):
        with freeze_time(paris(2026, 3, 15, 12)):
            totals = self.Indicator._amarc_totals(
                date(2026, 1, 1), date(2026, 12, 31), self.company
            )
        count, answered, backlog, mean, p90 = self._sql(self.tickets.ids)
        self.assertEqual(totals["received"], count)
        self.assertEqual(totals["received"], 5)
        self.assertEqual(totals["answered"], answered)
        self.assertEqual(totals["answered"], 4)
        self.assertEqual(totals["backlog"], backlog)
        self.assertEqual(totals["backlog"], 1)
        self.assertAlmostEqual(totals["response_delay_mean"], float(mean))
        self.assertAlmostEqual(totals["response_delay_mean"], 8.25 / 4)
        self.assertAlmostEqual(totals["response_delay_p90"], float(p90))
        # sorted 0.25, 1, 2, 5: position 0.9 * 3 = 2.7 -> 2 + 0.7 * 3
        self.assertAlmostEqual(totals["response_delay_p90"], 4.1)
        # T1, T4 on time; T2, T3 late; T5 without deadline
        self.assertEqual(totals["ack_on_time"], 2)
        self.assertEqual(totals["ack_late"], 2)
        self.assertAlmostEqual(totals["ack_on_time_rate"], 50.0)

    def test_local_day_of_the_company(self):
        ticket = self._ticket(paris(2026, 4, 1, 0, 30))
        self.assertEqual(ticket.amarc_received_date.day, 31, "31 March in UTC")
        row = self.Indicator.search([("ticket_id", "=", ticket.id)])
        self.assertEqual(row.date, date(2026, 4, 1), "1 April in Paris")

    def test_grouped_by_month_and_read_group(self):
        domain = [("company_id", "=", self.company.id), ("date", ">=", "2026-01-01")]
        rows = self.Indicator._amarc_aggregate(domain, ["date:month"])
        self.assertEqual(
            [(row["date:month"], row["received"]) for row in rows],
            [(date(2026, 2, 1), 4), (date(2026, 3, 1), 1)],
        )
        february = rows[0]
        _count, _answered, _backlog, mean, p90 = self._sql(
            (self.t1 | self.t2 | self.t3 | self.t4).ids
        )
        self.assertAlmostEqual(february["response_delay_mean"], float(mean))
        self.assertAlmostEqual(february["response_delay_p90"], float(p90))
        self.assertAlmostEqual(february["response_delay_p90"], 4.4)
        # the pivot's read_group gives the same counts and means
        groups = self.Indicator._read_group(
            domain,
            ["date:month"],
            ["__count", "answered_count:sum", "response_delay:avg"],
        )
        self.assertEqual(groups[0][1:3], (4, 3))
        self.assertAlmostEqual(groups[0][3], float(mean))
        by_team = self.Indicator._amarc_aggregate(domain, ["team_id", "channel_id"])
        self.assertEqual(sum(row["received"] for row in by_team), 5)
        self.assertEqual({row["team_id"] for row in by_team}, {self.team.id})

    def test_objectives(self):
        common = {
            "company_id": self.company.id,
            "period": "month",
            "date_from": date(2026, 2, 1),
        }
        with freeze_time(paris(2026, 3, 15, 12)):
            mean, p90, backlog, ack, empty = self.Objective.create(
                [
                    dict(
                        common,
                        name="Mean",
                        indicator="response_delay_mean",
                        comparison="<=",
                        target=3,
                    ),
                    dict(
                        common,
                        name="P90",
                        indicator="response_delay_p90",
                        comparison="<=",
                        target=4,
                    ),
                    dict(
                        common,
                        name="Backlog",
                        indicator="backlog",
                        comparison="<=",
                        target=0,
                    ),
                    dict(
                        common,
                        name="Ack",
                        indicator="ack_on_time_rate",
                        comparison=">=",
                        target=50,
                    ),
                    dict(
                        common,
                        name="January",
                        indicator="response_delay_mean",
                        comparison="<=",
                        target=3,
                        date_from=date(2026, 1, 1),
                    ),
                ]
            )
        self.assertEqual(mean.date_to, date(2026, 2, 28))
        self.assertAlmostEqual(mean.value, 7.25 / 3, places=2)
        self.assertTrue(mean.met)
        self.assertAlmostEqual(p90.value, 4.4, places=2)
        self.assertFalse(p90.met)
        self.assertEqual(backlog.value, 1)
        self.assertFalse(backlog.met)
        self.assertAlmostEqual(ack.value, 50.0)
        self.assertTrue(ack.met)
        self.assertFalse(empty.value_known)
        self.assertFalse(empty.met)
        with self.assertRaises(ValidationError):
            ack.target = 120
        other_team = self.env["helpdesk.ticket.team"].create(
            {"name": "AMARC other team", "company_id": self.company.id}
        )
        team_backlog = self.Objective.create(
            dict(
                common,
                name="Team backlog",
                indicator="backlog",
                comparison="<=",
                target=0,
                team_id=self.team.id,
            )
        )
        self.assertEqual(team_backlog.value, 1)
        team_backlog.team_id = other_team
        self.assertEqual(team_backlog.value, 0)
        self.assertTrue(team_backlog.met)

    def test_year_on_year(self):
        with freeze_time(paris(2026, 3, 15, 12)):
            lines = {
                line["indicator"]: line
                for line in self.Objective._amarc_year_on_year(self.company, 2026)
            }
        mean = lines["response_delay_mean"]
        self.assertAlmostEqual(mean["previous"], 3.0)
        self.assertAlmostEqual(mean["current"], 8.25 / 4)
        self.assertEqual(mean["trend"], "improved")
        self.assertEqual(lines["ack_on_time_rate"]["trend"], "degraded")
        self.assertEqual(lines["backlog"]["trend"], "degraded")
        Objective = self.Objective
        self.assertEqual(Objective._amarc_trend("backlog", 2, 2), "maintained")
        self.assertEqual(Objective._amarc_trend("backlog", 1, 2), "improved")
        self.assertEqual(Objective._amarc_trend("ack_on_time_rate", 99, 98), "improved")

    def test_xlsx_export(self):
        """The workbook of February as the quality manager gets it from the
        export wizard: its sheets and their exact cells."""
        with freeze_time(paris(2026, 3, 15, 12)):
            workbook, name = self._indicator_workbook(
                self.quality_manager, date(2026, 2, 1), date(2026, 2, 28)
            )
        self.assertEqual(name, "Indicators 2026-02-01 - 2026-02-28.xlsx")
        sheets = self.env[
            "report.amarc_helpdesk.report_indicators_xlsx"
        ]._amarc_sheets()
        self.assertEqual(workbook.sheetnames, [sheet[1] for sheet in sheets])
        self.assertEqual(
            workbook.sheetnames[:9],
            [
                "By month",
                "By team",
                "By channel",
                "By reason",
                "Resolutions",
                "Recourses",
                "Year on year",
                "Objectives",
                "Tickets",
            ],
        )
        measures = [
            "Received",
            "Answered",
            "Backlog",
            "Acknowledged on time",
            "Acknowledged late",
            "Acknowledgement on time (%)",
            "Mean response delay (working days)",
            "P90 response delay (working days)",
            "Answered late",
            "Withdrawn by the customer",
            "Closed without answer",
            "Closed without answer (%)",
            "Handled immediately",
            "Handled immediately (%)",
            "Extensions",
            "Extensions told late",
            "Recourses",
            "Recourses answered",
            "Recourses per answered complaint (%)",
            "Mean recourse response delay (working days)",
        ]
        # none closed without answer, none handled immediately (answered
        # without closing), no extension, no recourse (0 % of the answered
        # complaints, none without answered complaint)
        extra = [0, 0, 0, 0, 0, 0, 0, 0, 0, None]
        # T1-T4: mean delay (2 + 5 + 0.25) / 3, P90 of 0.25, 2, 5 at position
        # 0.9 * 2 = 1.8: 2 + 0.8 * 3; e-mail (T1-T3): P90 of 2, 5: 2 + 0.9 * 3
        february = [4, 3, 1, 2, 2, 50, 2.42, 4.4, 0, 0, *extra]
        self.assertEqual(
            xlsx_rows(workbook, "By month"),
            [["Month", *measures], [datetime(2026, 2, 1), *february]],
        )
        self.assertEqual(
            xlsx_rows(workbook, "By team"),
            [["Team", *measures], ["AMARC complaints A", *february]],
        )
        self.assertEqual(
            xlsx_rows(workbook, "By channel"),
            [
                ["Channel", *measures],
                ["Email", 3, 2, 1, 1, 2, 33.33, 3.5, 4.7, 0, 0, *extra],
                ["Letter", 1, 1, 0, 1, 0, 100, 0.25, 0.25, 0, 0, *extra],
            ],
        )
        self.assertEqual(
            xlsx_rows(workbook, "By reason"),
            [
                ["Reason", *measures],
                ["AMARC test late delivery", 2, 2, 0, 1, 1, 50, 3.5, 4.7, 0, 0] + extra,
                ["AMARC test other", 1, 0, 1, 0, 1, 0, None, None, 0, 0]
                + extra[:-2]
                + [None, None],
                ["None", 1, 1, 0, 1, 0, 100, 0.25, 0.25, 0, 0, *extra],
            ],
        )
        # the answered tickets: T1 without resolution, T2, T4
        self.assertEqual(
            xlsx_rows(workbook, "Resolutions"),
            [
                ["Resolution", "Tickets", "Compensation amount"],
                ["Compensation", 1, 20],
                ["Repair", 1, 0],
                ["Not set", 1, 0],
            ],
        )
        # 1 January - 15 March 2026 (T1-T5) against the same days of 2025 (L1);
        # no survey answered either year
        self.assertEqual(
            xlsx_rows(workbook, "Year on year"),
            [
                ["Indicator", "Previous year", "This year", "Trend"],
                ["Acknowledgement on time (%)", 100, 50, "Degraded"],
                ["Mean response delay (working days)", 3, 2.06, "Improved"],
                [
                    "90th percentile of the response delay (working days)",
                    3,
                    4.1,
                    "Degraded",
                ],
                ["Backlog (tickets not answered)", 0, 1, "Degraded"],
                # amarc_survey, when installed, adds its satisfaction rate
                *(
                    [["Satisfaction rate (%)", None, None, "Not measured"]]
                    if "amarc.satisfaction.request" in self.env
                    else []
                ),
            ],
        )
        self.assertEqual(
            xlsx_rows(workbook, "Objectives"),
            [
                [
                    "Objective",
                    "Indicator",
                    "From",
                    "To",
                    "Comparison",
                    "Target",
                    "Value",
                    "Met",
                ]
            ],
        )
        # received and answered at 9:00 / 15:00 in Paris (UTC+1)
        self.assertEqual(
            xlsx_rows(workbook, "Tickets"),
            [
                [
                    "Ticket",
                    "Received on",
                    "Team",
                    "Channel",
                    "Reason",
                    "Acknowledged on time",
                    "Answered on",
                    "Response delay (working days)",
                    "Resolution",
                ],
                [
                    f"{self.t1.number} Product arrived broken",
                    datetime(2026, 2, 2, 8),
                    "AMARC complaints A",
                    "Email",
                    "AMARC test late delivery",
                    "Yes",
                    datetime(2026, 2, 4, 8),
                    2,
                    None,
                ],
                [
                    f"{self.t2.number} Product arrived broken",
                    datetime(2026, 2, 2, 8),
                    "AMARC complaints A",
                    "Email",
                    "AMARC test late delivery",
                    "No",
                    datetime(2026, 2, 9, 8),
                    5,
                    "Compensation",
                ],
                [
                    f"{self.t3.number} Product arrived broken",
                    datetime(2026, 2, 3, 8),
                    "AMARC complaints A",
                    "Email",
                    "AMARC test other",
                    "No",
                    None,
                    None,
                    None,
                ],
                [
                    f"{self.t4.number} Product arrived broken",
                    datetime(2026, 2, 4, 8),
                    "AMARC complaints A",
                    "Letter",
                    None,
                    "Yes",
                    datetime(2026, 2, 4, 14),
                    0.25,
                    "Repair",
                ],
            ],
        )

    def test_xlsx_export_errors_and_wizard(self):
        # the wizard refuses a period that ends before it starts; the report
        # itself too, whoever renders it without the wizard's button
        wizard = self.env["amarc.indicator.export"].create(
            {
                "company_id": self.company.id,
                "date_from": date(2026, 2, 28),
                "date_to": date(2026, 2, 1),
            }
        )
        with self.assertRaises(UserError) as error:
            wizard.action_export()
        self.assertEqual(
            str(error.exception), "The end of the period cannot be before its start."
        )
        with self.assertRaises(UserError) as error:
            self.env["ir.actions.report"]._render(
                "amarc_helpdesk.report_indicators_xlsx", wizard.ids
            )
        self.assertEqual(
            str(error.exception),
            "Choose a period: a start date and an end date after it.",
        )
        # the export wizard: the current month by default (16 March)
        with Form(
            self.env["amarc.indicator.export"].with_user(self.quality_manager)
        ) as form:
            form.period = "month"
            self.assertEqual(
                (form.date_from, form.date_to), (date(2026, 3, 1), date(2026, 3, 31))
            )
        workbook, name = render_xlsx(
            self, form.record.action_export(), self.quality_manager
        )
        self.assertEqual(name, "Indicators 2026-03-01 - 2026-03-31.xlsx")
        tickets = xlsx_rows(workbook, "Tickets")
        self.assertEqual(len(tickets), 2, "header and T5, received in March")
        self.assertEqual(tickets[1][0], f"{self.t5.number} Product arrived broken")

    def test_review_inputs(self):
        with freeze_time(paris(2026, 3, 15, 12)):
            objective = self.Objective.create(
                {
                    "name": "Mean delay",
                    "company_id": self.company.id,
                    "indicator": "response_delay_mean",
                    "comparison": "<=",
                    "target": 3,
                    "date_from": date(2026, 1, 1),
                }
            )
            rude = self._ticket(paris(2026, 3, 2, 9), category_id=self.reason_rude.id)
            self.Alert._cron_amarc_raise_alerts()
            review = self.env["amarc.review"].create(
                {"company_id": self.company.id, "year": 2026}
            )
            lines = review._amarc_review_inputs()
        alert = rude.amarc_alert_ids
        self.assertEqual(len(alert), 1)
        ours = [
            (line["category"], line["name"], line["value"], line["source"])
            for line in lines
            if line["category"] in ("performance", "objectives", "alerts")
        ]
        # 1 January to 15 March 2026 against the same days of 2025: T1-T5 and
        # the rude ticket (not acknowledged, late) against L1
        self.assertEqual(
            ours,
            [
                (
                    "performance",
                    "Complaints of 2026",
                    "6 received, 4 answered, 2 not answered",
                    False,
                ),
                (
                    "performance",
                    "Acknowledgement on time (%)",
                    "40 (previous year: 100): Degraded",
                    False,
                ),
                (
                    "performance",
                    "Mean response delay (working days)",
                    "2.06 (previous year: 3): Improved",
                    False,
                ),
                (
                    "performance",
                    "90th percentile of the response delay (working days)",
                    "4.1 (previous year: 3): Degraded",
                    False,
                ),
                (
                    "performance",
                    "Backlog (tickets not answered)",
                    "2 (previous year: 0): Degraded",
                    False,
                ),
                (
                    "objectives",
                    "Mean delay",
                    "2.06 for a target <= 3: met",
                    f"amarc.objective,{objective.id}",
                ),
                (
                    "alerts",
                    f"Serious complaint: {rude.display_name}",
                    "Open",
                    f"amarc.alert,{alert.id}",
                ),
            ],
        )
        # a year without complaints, objectives or alerts adds none of them
        empty = self.env["amarc.review"].create(
            {"company_id": self.company.id, "year": 2024}
        )
        categories = {line["category"] for line in empty._amarc_review_inputs()}
        self.assertFalse(categories & {"performance", "objectives", "alerts"})
