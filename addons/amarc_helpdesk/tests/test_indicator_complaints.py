from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.amarc_referential.tests.common import xlsx_rows

from .common import AmarcHelpdeskReportingCommon, paris


@tagged("post_install", "-at_install")
class TestIndicatorComplaints(AmarcHelpdeskReportingCommon):
    """The indicators on a data set with an answer without acknowledgement, a
    cancelled, a withdrawn, a rejected complaint and a recourse (company A,
    Paris, Monday to Friday, e-mail: 24 working hours to acknowledge, 10
    working days to answer; Friday 6 February 2026 is a public holiday):

    ====  ==============  ==============  =================  ================
    T     received        first contact   closed             delay (w. days)
    ====  ==============  ==============  =================  ================
    A1    Mon 2 Feb 9:00  answer 15:00    done Mon 2 15:00   0.25, immediate
    A2    Mon 2 Feb 9:00  ack 10:00       done Thu 5 9:00    3
    A3    Tue 3 Feb 9:00  none            cancelled Tue 3    - (apart)
    A4    Wed 4 Feb 9:00  answer Mon 9    rejected Mon 9     2 (Fri holiday)
    A5    Thu 5 Feb 9:00  none            withdrawn Thu 5    - (apart)
    A6    Tue 10 Feb 9:00 none (late)     open, extended     - (backlog)
    R1    Tue 10 Feb 9:00 recourse of A4  done Thu 12 9:00   2 (recourse)
    ====  ==============  ==============  =================  ================

    Complaints received: A1-A6 = 6 (R1 is a recourse, not a complaint).
    Answered: A1, A2, A4 = 3; backlog: A6 = 1; closed without answer: A3, A5
    = 2 (33.33 %), of which withdrawn: A5 = 1.
    Acknowledgement, on the complaints not closed without answer (A1, A2, A4,
    A6): on time A1 (its answer, before Tue 9:00), A2 = 2; late A4 (its
    answer, after Thu 5 9:00), A6 (none, deadline Wed 11 9:00) = 2: 50 %.
    Response delay: (0.25 + 3 + 2) / 3 = 1.75; none answered late.
    Handled immediately: A1 = 1 of 6 complaints: 16.67 %.
    A6's extension, told on Wed 25 Feb after its date (Tue 24 Feb 9:00):
    1 extension, told late.
    Recourses: R1 = 1, answered 1, 1 per 3 answered complaints: 33.33 %,
    delay 2 (rejection)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._holiday(cls.calendar, date(2026, 2, 6))
        cls.stage_cancelled = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_cancelled"
        )
        cls.stage_rejected = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_rejected")
        cls.a1 = cls._received(paris(2026, 2, 2, 9))
        cls._move(cls.a1, cls.stage_done, paris(2026, 2, 2, 15))
        cls.a2 = cls._received(paris(2026, 2, 2, 9))
        with freeze_time(paris(2026, 2, 2, 10)):
            cls.a2.with_user(cls.agent).action_amarc_acknowledge()
        cls._move(cls.a2, cls.stage_done, paris(2026, 2, 5, 9))
        cls.a3 = cls._received(paris(2026, 2, 3, 9))
        cls._move(cls.a3, cls.stage_cancelled, paris(2026, 2, 3, 11))
        cls.a4 = cls._received(paris(2026, 2, 4, 9), amarc_resolution="rejection")
        cls._move(cls.a4, cls.stage_rejected, paris(2026, 2, 9, 9))
        cls.a5 = cls._received(paris(2026, 2, 5, 9))
        with freeze_time(paris(2026, 2, 5, 10)):
            cls.a5.sudo()._amarc_withdraw(cls.stage_done)
        cls.a6 = cls._received(paris(2026, 2, 10, 9))
        with freeze_time(paris(2026, 2, 25, 10)):
            cls.env["amarc.ticket.extension.wizard"].with_user(cls.agent).create(
                {
                    "ticket_id": cls.a6.id,
                    "new_deadline": paris(2026, 3, 10, 9),
                    "reason": "Expert appointment",
                    "send_mail": False,
                }
            ).action_confirm()
        cls.r1 = cls._received(
            paris(2026, 2, 10, 9),
            amarc_recourse_of_id=cls.a4.id,
            amarc_resolution="rejection",
        )
        cls._move(cls.r1, cls.stage_done, paris(2026, 2, 12, 9))
        with freeze_time(paris(2026, 3, 16, 12)):
            cls.env["helpdesk.ticket"]._cron_amarc_refresh_late_flags()

    @classmethod
    def _received(cls, when, **values):
        with freeze_time(when):
            return cls._ticket(when, **values)

    @classmethod
    def _move(cls, ticket, stage, when):
        with freeze_time(when):
            ticket.with_user(cls.agent).write({"stage_id": stage.id})

    def test_tickets(self):
        self.assertEqual(
            [
                (t.amarc_answered, t.amarc_ack_kind, t.amarc_ack_late)
                for t in (self.a1, self.a2, self.a3, self.a4, self.a5, self.a6)
            ],
            [
                (True, "answer", False),
                (True, "acknowledgement", False),
                (False, False, False),
                (True, "answer", True),
                (False, False, False),
                (False, False, True),
            ],
        )
        self.assertEqual(self.a6.amarc_response_deadline, paris(2026, 3, 10, 9))
        self.assertEqual(self.a6.amarc_extension_ids.late, True)
        self.assertEqual(self.a4.amarc_response_working_days, 2.0)

    def _totals(self, **kwargs):
        return self.Indicator._amarc_totals(
            date(2026, 2, 1), date(2026, 2, 28), self.company, **kwargs
        )

    def test_totals(self):
        totals = self._totals()
        rates = {
            name: round(totals.pop(name), 2)
            for name in (
                "ack_on_time_rate",
                "response_delay_mean",
                "response_delay_p90",
                "cancelled_rate",
                "immediate_rate",
                "recourse_rate",
                "recourse_delay_mean",
            )
        }
        self.assertEqual(
            totals,
            {
                "received": 6,
                "answered": 3,
                "backlog": 1,
                "ack_on_time": 2,
                "ack_late": 2,
                "response_late": 0,
                "withdrawn": 1,
                "cancelled": 2,
                "immediate": 1,
                "extensions": 1,
                "extensions_late": 1,
                "recourses": 1,
                "recourses_answered": 1,
            },
        )
        # p90 of 0.25, 2, 3: position 0.9 * 2 = 1.8 -> 2 + 0.8 * 1
        self.assertEqual(
            rates,
            {
                "ack_on_time_rate": 50.0,
                "response_delay_mean": 1.75,
                "response_delay_p90": 2.8,
                "cancelled_rate": 33.33,
                "immediate_rate": 16.67,
                "recourse_rate": 33.33,
                "recourse_delay_mean": 2.0,
            },
        )

    def test_grouped_by_team_and_reason(self):
        rows = self.Indicator._amarc_aggregate(
            [("company_id", "=", self.company.id), ("is_recourse", "=", True)],
            ["team_id", "resolution"],
        )
        self.assertEqual(
            [
                (r["team_id"], r["resolution"], r["recourses"], r["received"])
                for r in rows
            ],
            [(self.team.id, "rejection", 1, 0)],
        )

    def test_review_inputs_and_workbook(self):
        review = self.env["amarc.review"].create(
            {"company_id": self.company.id, "year": 2026}
        )
        values = {
            line["name"]: line.get("value")
            for line in review._amarc_helpdesk_performance_inputs()
        }
        self.assertEqual(
            values["Recourses of 2026"],
            "1 recourses (33.33 % of the answered complaints), 1 answered, mean "
            "delay 2 working days",
        )
        self.assertEqual(
            values["Complaints of 2026"], "6 received, 3 answered, 1 not answered"
        )
        workbook, _name = self._indicator_workbook(
            self.quality_manager, date(2026, 2, 1), date(2026, 2, 28)
        )
        rows = xlsx_rows(workbook, "Recourses")
        self.assertEqual(rows[1], ["Rejection", 1, 1, 2])
        month = xlsx_rows(workbook, "By month")
        header = month[0]
        feb = dict(zip(header, month[1], strict=True))
        self.assertEqual(
            (
                feb["Received"],
                feb["Closed without answer"],
                feb["Handled immediately"],
                feb["Extensions told late"],
                feb["Recourses"],
            ),
            (6, 2, 1, 1, 1),
        )
