"""The whole AMARC improvement loop on one database (DESIGN.md, section 1):

complaints -> acknowledgements (one late) -> alert on a frequent reason and its
action -> satisfaction surveys sent after their delay and answered (one
dissatisfied customer followed up) -> indicators -> yearly internal audit with
a gap -> its corrective action judged effective -> process review -> management
review carrying over an open action -> certification visits.

Everything is built here (company, schedule, channel, team, users, reasons):
nothing depends on demo data. The calendar is the one of company "AMARC e2e":
Europe/Paris, Monday to Friday, 8-12 and 13-17.
"""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import html2plaintext

from odoo.addons.amarc_helpdesk.tests.common import AGENT
from odoo.addons.amarc_referential.tests.common import AUDITOR, MANAGER
from odoo.addons.amarc_survey.tests.common import (
    SURVEY_SETTINGS,
    AmarcSurveyCase,
    paris,
)

YEAR = 2026
#: the team leader: a helpdesk manager and an AMARC user
LEADER = "helpdesk_mgmt.group_helpdesk_manager,amarc_referential.group_amarc_user"


@tagged("post_install", "-at_install")
@freeze_time(paris(YEAR, 3, 2, 8))
class TestAmarcLoop(AmarcSurveyCase):
    """The Python clock is frozen on Monday 2 March 2026, 08:00 in Paris, and
    each step freezes its own moment: nothing depends on the day it runs."""

    maxDiff = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {
                "name": "AMARC e2e",
                "email": "care@e2e.example.com",
                "amarc_level": "A",
            }
        )
        cls.calendar = cls._create_calendar(cls.company, "Europe/Paris", range(5))
        cls.company.write(
            {
                "resource_calendar_id": cls.calendar.id,
                # satisfaction surveys: automatic, two days after the response
                **SURVEY_SETTINGS,
            }
        )
        cls.agent = cls._paris_user("amarc_e2e_agent", AGENT, "agent@e2e.example.com")
        cls.leader = cls._paris_user(
            "amarc_e2e_leader", LEADER, "leader@e2e.example.com"
        )
        cls.auditor = cls._paris_user(
            "amarc_e2e_auditor", AUDITOR, "auditor@e2e.example.com"
        )
        cls.quality_manager = cls._paris_user(
            "amarc_e2e_quality", MANAGER, "quality@e2e.example.com"
        )
        cls.company.amarc_quality_manager_id = cls.quality_manager
        cls.channel = cls.env["helpdesk.ticket.channel"].create(
            {
                "name": "AMARC e2e e-mail",
                "amarc_ack_delay": 24,
                "amarc_ack_unit": "working_hours",
                "amarc_written": True,
            }
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "AMARC e2e complaints",
                "company_id": cls.company.id,
                "user_id": cls.leader.id,
                "user_ids": [(6, 0, (cls.agent | cls.leader).ids)],
            }
        )
        Category = cls.env["helpdesk.ticket.category"]
        cls.reason_delivery = Category.create(
            {
                "name": "AMARC e2e late delivery",
                "company_id": cls.company.id,
                "amarc_alert_threshold": 3,
                "amarc_alert_window_days": 10,
            }
        )
        cls.reason_invoice = Category.create(
            {"name": "AMARC e2e invoice", "company_id": cls.company.id}
        )
        cls.customers = cls.env["res.partner"].create(
            [
                {"name": f"AMARC e2e customer {i}", "email": f"e2e{i}@example.com"}
                for i in range(1, 5)
            ]
        )
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.Ticket = cls.env["helpdesk.ticket"]
        cls.Alert = cls.env["amarc.alert"]
        cls.Review = cls.env["amarc.review"]
        cls.Action = cls.env["amarc.action"]
        cls.criterion_422 = cls.env.ref("amarc_referential.criterion_4_2_2")
        cls.criterion_52 = cls.env.ref("amarc_referential.criterion_5_2")
        cls.criterion_66 = cls.env.ref("amarc_referential.criterion_6_6")

    # ------------------------------------------------------------------
    # The loop, step by step (each step asserts its own links)
    # ------------------------------------------------------------------
    def _ticket(self, received, customer, reason):
        with freeze_time(received):
            return self.Ticket.create(
                {
                    "name": f"Complaint of {customer.name}",
                    "description": "<p>The parcel was late and damaged.</p>",
                    "company_id": self.company.id,
                    "team_id": self.team.id,
                    "channel_id": self.channel.id,
                    "category_id": reason.id,
                    "partner_id": customer.id,
                    "user_id": self.agent.id,
                    "amarc_received_date": received,
                }
            )

    def _step_tickets_and_acknowledgements(self):
        """Four e-mail complaints in the week of Monday 2 March; 24 working
        hours to acknowledge each. T2 is acknowledged on Friday: late."""
        c1, c2, c3, c4 = self.customers
        t1 = self._ticket(paris(YEAR, 3, 2, 9), c1, self.reason_delivery)
        t2 = self._ticket(paris(YEAR, 3, 2, 10), c2, self.reason_delivery)
        t3 = self._ticket(paris(YEAR, 3, 3, 9), c3, self.reason_delivery)
        t4 = self._ticket(paris(YEAR, 3, 4, 9), c4, self.reason_invoice)
        # 24 working hours: the hours of whole working days, in Paris time
        self.assertEqual(t1.amarc_ack_deadline, paris(YEAR, 3, 3, 9))
        self.assertEqual(t2.amarc_ack_deadline, paris(YEAR, 3, 3, 10))
        with freeze_time(paris(YEAR, 3, 2, 10)):
            t1.with_user(self.agent).action_amarc_send_acknowledgement()
        with freeze_time(paris(YEAR, 3, 3, 11)):
            t3.with_user(self.agent).action_amarc_acknowledge()
        with freeze_time(paris(YEAR, 3, 4, 11)):
            t4.with_user(self.agent).action_amarc_acknowledge()
        with freeze_time(paris(YEAR, 3, 6, 10)):
            t2.with_user(self.agent).action_amarc_acknowledge()
            self.assertEqual(t1.amarc_ack_date, paris(YEAR, 3, 2, 10))
            mail = t1.message_ids.filtered(lambda m: m.message_type == "comment")
            self.assertEqual(
                (mail.author_id, mail.partner_ids, mail.subject),
                (
                    self.company.partner_id,  # from the company's address
                    # the customer, and the agent who sent it
                    c1 | self.agent.partner_id,
                    f"AMARC e2e: we have received your request (ref. {t1.number})",
                ),
                "the acknowledgement e-mail is on the ticket",
            )
            # 10 working days after Monday 2 March: Monday 16 March
            self.assertIn(
                "We will answer you within *10* working days, by *03/16/2026* at "
                "the latest.",
                " ".join(html2plaintext(mail.body).split()),
            )
            tickets = t1 | t2 | t3 | t4
            tickets.invalidate_recordset(["amarc_ack_late"])
            self.assertEqual(tickets.filtered("amarc_ack_late"), t2)
        return t1, t2, t3, t4

    def _step_alert(self):
        """6.6: three complaints of one reason within ten days raise exactly
        one alert (even when the cron runs twice), which leads to an action."""
        for when in (paris(YEAR, 3, 4, 12), paris(YEAR, 3, 4, 13)):
            with freeze_time(when):
                self.Alert._cron_amarc_raise_alerts()
        alerts = self.Alert.search([("company_id", "=", self.company.id)])
        self.assertEqual(len(alerts), 1, "one alert, the cron ran twice")
        alert = alerts
        self.assertEqual(
            (
                alert.name,
                alert.alert_type,
                alert.category_id,
                alert.ticket_count,
                alert.window_start,
                alert.window_end,
                alert.state,
                alert.user_id,
            ),
            (
                "Frequent reason: AMARC e2e late delivery (3 tickets in 10 days)",
                "frequency",
                self.reason_delivery,
                3,
                paris(YEAR, 2, 22, 12),
                paris(YEAR, 3, 4, 12),
                "open",
                self.quality_manager,
            ),
        )
        self.assertEqual(alert.activity_ids.user_id, self.quality_manager)
        self.assertNotIn(
            self.reason_invoice, alerts.category_id, "no threshold, no alert"
        )
        with freeze_time(paris(YEAR, 3, 5, 9)):
            alert.with_user(self.quality_manager).action_create_action()
        self.assertEqual(alert.state, "action_planned")
        action = alert.action_id
        self.assertEqual(
            (
                action.name,
                action.action_type,
                action.user_id,
                action.source,
                action.criterion_ids,
            ),
            (
                f"Answer the alert: {alert.name}",
                "preventive",
                self.quality_manager,
                alert,
                self.criterion_66,
            ),
        )
        self.assertEqual(
            (action.plan_id.origin, action.plan_id.year, action.plan_id.company_id),
            ("alert", YEAR, self.company),
        )
        return alert

    def _step_surveys(self, t1, t2, t3):
        """5.1, 5.2: closing schedules one survey per ticket two days after the
        response; none goes before, one each after (cron run twice); T1 is
        satisfied, T2 dissatisfied and re-satisfied by the team leader, T3
        does not answer."""
        closed = t1 | t2 | t3
        with freeze_time(paris(YEAR, 3, 5, 10)):
            closed.with_user(self.agent).write({"stage_id": self.stage_done.id})
            closed.flush_recordset()
        requests = closed.amarc_survey_request_ids
        self.assertEqual(len(requests), 3, "one request per closed ticket")
        self.assertEqual(requests.ticket_id, closed)
        self.assertEqual(set(requests.mapped("state")), {"scheduled"})
        self.assertEqual(
            set(requests.mapped("scheduled_date")), {paris(YEAR, 3, 7, 10)}
        )
        self._cron(paris(YEAR, 3, 6, 10))
        self.assertEqual(set(requests.mapped("state")), {"scheduled"})
        self.assertFalse(self._mails(requests), "nothing sent before the delay")
        for when in (paris(YEAR, 3, 7, 10), paris(YEAR, 3, 7, 10, 5)):
            self._cron(when)
        self.assertEqual(set(requests.mapped("state")), {"sent"})
        for request in requests:
            mail = self._mails(request)
            self.assertEqual(len(mail), 1, "one mail per request, cron run twice")
            self.assertEqual(mail.recipient_ids, request.partner_id)
            self.assertEqual(
                mail.subject,
                "AMARC e2e: how satisfied are you with our answer? "
                f"(ref. {request.ticket_id.number})",
            )
            self.assertIn(request.user_input_id.get_start_url(), mail.body_html)
            self.assertEqual(request.user_input_id.amarc_ticket_id, request.ticket_id)
        r1, r2, r3 = (t.amarc_survey_request_ids for t in (t1, t2, t3))
        self._answer(r1, 5, when=paris(YEAR, 3, 8, 18))
        reason = self.q_reason.suggested_answer_ids[:1]
        self._answer(r2, 2, reason=reason, when=paris(YEAR, 3, 9, 9))
        self.assertEqual((r1.state, r1.score, r1.satisfied), ("answered", 5, True))
        self.assertFalse(r1.resatisfaction_state)
        self.assertEqual((r2.state, r2.score, r2.satisfied), ("answered", 2, False))
        self.assertTrue(t2.amarc_dissatisfied)
        self.assertEqual(r2.resatisfaction_state, "pending")
        follow_up = r2.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("amarc_survey.mail_activity_type_amarc_resatisfaction")
            )
        )
        self.assertEqual(follow_up.user_id, self.leader, "the team leader follows up")
        self.assertEqual(r2.answer_date, paris(YEAR, 3, 9, 9))
        self.assertEqual(r3.state, "sent")
        with freeze_time(paris(YEAR, 3, 10, 11)):
            r2.with_user(
                self.leader
            ).resatisfaction_note = (
                "Called the customer, refunded the delivery; the customer is happy."
            )
            r2.with_user(self.leader).action_resatisfied()
        self.assertEqual(
            (
                r2.resatisfaction_state,
                r2.resatisfaction_user_id,
                r2.resatisfaction_date,
            ),
            ("resatisfied", self.leader, paris(YEAR, 3, 10, 11)),
        )
        self.assertEqual(t2.amarc_resatisfaction_state, "resatisfied")
        self.assertFalse(r2.activity_ids)
        return r1, r2, r3

    def _step_indicators(self, t2):
        """1.12: the indicators count what was created."""
        Indicator = self.env["amarc.helpdesk.indicator"]
        with freeze_time(paris(YEAR, 3, 31, 12)):
            totals = Indicator._amarc_totals(
                date(YEAR, 1, 1), date(YEAR, 12, 31), self.company
            )
            by_reason = {
                row["category_id"]: row
                for row in Indicator._amarc_aggregate(
                    [("company_id", "=", self.company.id)], ["category_id"]
                )
            }
        self.assertEqual(totals["received"], 4)
        self.assertEqual(totals["answered"], 3)
        self.assertEqual(totals["backlog"], 1)
        self.assertEqual(totals["ack_late"], 1, t2.display_name)
        self.assertEqual(totals["ack_on_time"], 3)
        self.assertEqual(by_reason[self.reason_delivery.id]["received"], 3)
        self.assertEqual(by_reason[self.reason_delivery.id]["ack_late"], 1)
        self.assertEqual(by_reason[self.reason_invoice.id]["backlog"], 1)
        rates = self.env["amarc.satisfaction.report"]._amarc_rates(
            [("company_id", "=", self.company.id)]
        )
        self.assertEqual(rates["sent"], 3)
        self.assertEqual(rates["answered"], 2)
        self.assertEqual(rates["satisfied"], 1)
        self.assertEqual(rates["dissatisfied"], 1)
        self.assertAlmostEqual(rates["response_rate"], 200.0 / 3)
        self.assertAlmostEqual(rates["satisfaction_rate"], 50.0)

    def _step_internal_audit(self):
        """Chapter VI: the yearly audit of the 51 level A criteria finds the
        late acknowledgement (4.2.2); its corrective action is done, then
        judged effective."""
        with freeze_time(paris(YEAR, 9, 14, 9)):
            audit = self.env["amarc.audit"].create(
                {
                    "company_id": self.company.id,
                    "year": YEAR,
                    "level": "A",
                    "lead_auditor_id": self.auditor.id,
                }
            )
            audit.action_start()
            self.assertEqual(audit.state, "in_progress")
            self.assertEqual(len(audit.line_ids), 51)
            gap = audit._amarc_assess(
                "major_gap",
                codes=["4.2.2"],
                finding="An e-mail complaint acknowledged after 24 working hours.",
            )
            self.assertEqual(gap.criterion_id, self.criterion_422)
            audit._amarc_assess("conform")
            self.assertEqual(
                sorted(audit.line_ids.mapped("result")),
                ["conform"] * 50 + ["major_gap"],
            )
            gap.action_create_action(user=self.agent, date_deadline=date(YEAR, 10, 30))
            audit.action_done()
        self.assertEqual(audit.state, "done")
        action = gap.action_ids
        self.assertEqual(len(action), 1)
        self.assertEqual(action.action_type, "corrective")
        self.assertEqual(action.source, gap)
        self.assertEqual(action.plan_id, audit.plan_id)
        self.assertEqual(action.plan_id.origin, "audit")
        self.assertEqual(gap.effectiveness, "pending")
        with freeze_time(paris(YEAR, 9, 15, 9)):
            action.action_open()
        with freeze_time(paris(YEAR, 10, 15, 9)):
            action.action_done()
        self.assertEqual(action.effectiveness_state, "pending")
        self.assertEqual(gap.effectiveness, "pending", "done is not yet effective")
        with freeze_time(paris(YEAR, 11, 2, 9)):
            action.with_user(self.quality_manager).action_mark_effective(
                "Every complaint acknowledged on time since October."
            )
        self.assertEqual(action.effectiveness_state, "effective")
        self.assertEqual(action.effectiveness_user_id, self.quality_manager)
        self.assertEqual(gap.effectiveness, "effective")
        return audit, gap

    def _inputs(self, review, category):
        return review.input_ids.filtered(lambda line: line.category == category)

    def _lines(self, review, category):
        """(name, value, source) of the review's input lines of ``category``,
        in their order."""
        return [
            (line.name, line.value, line.source or False)
            for line in self._inputs(review, category).sorted(
                lambda line: (line.sequence, line.id)
            )
        ]

    def _performance(self):
        """The complaint lines of the reviews of the year (nothing the year
        before: not measured)."""
        return [
            (f"Complaints of {YEAR}", "4 received, 3 answered, 1 not answered", False),
            *(
                (label, f"{value} (previous year: -): Not measured", False)
                for label, value in (
                    ("Acknowledgement on time (%)", "75"),
                    ("Mean response delay (working days)", "2.69"),
                    ("90th percentile of the response delay (working days)", "3.03"),
                    ("Backlog (tickets not answered)", "1"),
                    ("Satisfaction rate (%)", "50"),
                )
            ),
        ]

    def _satisfaction(self):
        return [
            (
                f"Satisfaction surveys of {YEAR}",
                (
                    "3 sent, 2 answered (response rate 67 %), 1 satisfied "
                    "(satisfaction rate 50 %)"
                ),
                False,
            ),
            (
                f"Satisfaction of team {self.team.name}",
                "response rate 67 %, satisfaction rate 50 %",
                self.team,
            ),
            (
                "Re-satisfaction of dissatisfied customers",
                "1 re-satisfied, 0 not re-satisfied, 0 to follow up",
                False,
            ),
        ]

    def _step_process_review(self, audit, gap, alert):
        """1.6: the process review collects the audit results, the indicators,
        the satisfaction results and the alerts of the year."""
        with freeze_time(paris(YEAR, 11, 16, 14)):
            review = self.Review.create(
                {
                    "review_type": "process",
                    "company_id": self.company.id,
                    "year": YEAR,
                    "date": date(YEAR, 11, 16),
                    "participant_ids": [
                        (6, 0, (self.quality_manager | self.leader).ids)
                    ],
                }
            )
            review.action_collect_inputs()
        self.assertEqual(
            self._lines(review, "audit_results"),
            [
                (audit.name, "Done", audit),
                (
                    f"Results of the internal audits of {YEAR}",
                    (
                        "criteria audited: 51; conform: 50, observations: 0, minor "
                        "gaps: 0, major gaps: 1, not applicable: 0, to assess: 0"
                    ),
                    False,
                ),
                # no "Open gap" line: the gap was closed effectively
                (
                    "Corrective actions of the audits",
                    "Done: 1; still open: 0, judged effective: 1",
                    False,
                ),
            ],
        )
        self.assertEqual(audit.name, f"Internal audit {YEAR}")
        self.assertEqual(audit.review_id, review)
        self.assertEqual(audit.plan_id.review_id, review)
        self.assertEqual(self._lines(review, "performance"), self._performance())
        self.assertEqual(self._lines(review, "satisfaction"), self._satisfaction())
        self.assertEqual(
            self._lines(review, "alerts"), [(alert.name, "Action planned", alert)]
        )
        self.assertEqual(
            self._inputs(review, "alerts").description, alert.action_id.name
        )
        # the alert's action (draft) and the audit's (done and effective)
        self.assertEqual(
            self._lines(review, "nonconformities"),
            [
                (f"Actions of {YEAR} by state", "Done: 1, Draft: 1", False),
                (
                    f"Effectiveness of the actions of {YEAR}",
                    (
                        "1 effective, 0 not effective, 0 to be judged (effectiveness "
                        "rate 100 %)"
                    ),
                    False,
                ),
            ],
        )
        self.assertEqual(
            self._lines(review, "opportunities"),
            [
                (audit.plan_id.name, "1/1 actions done (100 %)", audit.plan_id),
                (f"Alerts {YEAR}", "0/1 actions done (0 %)", alert.action_id.plan_id),
            ],
        )
        self.assertEqual(
            audit.plan_id.name, f"Improvement plan - Internal audit {YEAR}"
        )
        self.assertEqual(alert.action_id.plan_id.review_id, review)
        with freeze_time(paris(YEAR, 11, 16, 16)):
            review.action_done()
        self.assertEqual(review.state, "done")
        return review

    def _step_management_review(self):
        """1.7: last year's management review decided an action that is still
        open: this year's review carries it over."""
        with freeze_time(paris(YEAR - 1, 12, 1, 14)):
            previous = self.Review.create(
                {
                    "review_type": "management",
                    "company_id": self.company.id,
                    "year": YEAR - 1,
                    "date": date(YEAR - 1, 12, 1),
                    "input_ids": [
                        (0, 0, {"category": "issues", "name": "New regulation"})
                    ],
                }
            )
            still_open = self.Action.create(
                {
                    "name": "Publish the complaint policy on the website",
                    "company_id": self.company.id,
                    "review_id": previous.id,
                    "action_type": "improvement",
                    "user_id": self.quality_manager.id,
                    "date_deadline": date(YEAR, 12, 31),
                    "source": f"amarc.review,{previous.id}",
                }
            )
            still_open.action_open()
            previous.action_done()
        with freeze_time(paris(YEAR, 12, 7, 14)):
            review = self.Review.create(
                {
                    "review_type": "management",
                    "company_id": self.company.id,
                    "year": YEAR,
                    "date": date(YEAR, 12, 7),
                }
            )
            self.assertEqual(review.previous_review_id, previous)
            self.assertEqual(review.carried_action_ids, still_open)
            review.action_collect_inputs()
        self.assertEqual(
            self._lines(review, "previous_actions"),
            [
                (
                    f"Previous Management review {YEAR - 1} of {YEAR - 1}-12-01",
                    "1 of 1 decided actions still open",
                    previous,
                ),
                (
                    "Carried over: Publish the complaint policy on the website",
                    "Open",
                    still_open,
                ),
            ],
        )
        self.assertEqual(self._lines(review, "performance"), self._performance())
        self.assertEqual(self._lines(review, "satisfaction"), self._satisfaction())
        # ISO 9001 9.3.2: the management review reads the audit results too
        audit = self.env["amarc.audit"].search(
            [("company_id", "=", self.company.id), ("year", "=", YEAR)]
        )
        self.assertEqual(
            self._lines(review, "audit_results"),
            [
                (audit.name, "Done", audit),
                (
                    f"Results of the internal audits of {YEAR}",
                    (
                        "criteria audited: 51; conform: 50, observations: 0, minor "
                        "gaps: 0, major gaps: 1, not applicable: 0, to assess: 0"
                    ),
                    False,
                ),
                (
                    "Corrective actions of the audits",
                    "Done: 1; still open: 0, judged effective: 1",
                    False,
                ),
            ],
        )
        return review, still_open

    def _step_certification(self):
        """Chapter III: the initial audit after three months of records grants
        the certificate; a surveillance visit's finding becomes an action of a
        plan of origin certification."""
        with freeze_time(paris(YEAR, 3, 1, 9)):
            certification = self.env["amarc.certification"].create(
                {
                    "company_id": self.company.id,
                    "referential_id": self.env.ref(
                        "amarc_referential.referential_re_mrc_03"
                    ).id,
                    "level": "A",
                    "application_date": date(YEAR, 3, 1),
                    "records_start_date": date(YEAR, 3, 2),
                }
            )
        Visit = self.env["amarc.certification.visit"]
        with freeze_time(paris(YEAR + 1, 1, 11, 9)):
            initial = Visit.create(
                {
                    "certification_id": certification.id,
                    "visit_type": "initial",
                    "date": date(YEAR, 12, 14),
                    "decision": "grant",
                    "decision_date": date(YEAR + 1, 1, 11),
                }
            )
            self.assertTrue(certification.readiness_ok)
            initial.action_record_decision()
        self.assertEqual(initial.state, "done")
        self.assertEqual(certification.state, "certified")
        self.assertEqual(certification.valid_from, date(YEAR + 1, 1, 11))
        self.assertEqual(certification.valid_until, date(YEAR + 4, 1, 11))
        with freeze_time(paris(YEAR + 1, 12, 6, 17)):
            surveillance = Visit.create(
                {
                    "certification_id": certification.id,
                    "visit_type": "surveillance",
                    "date": date(YEAR + 1, 12, 6),
                    "decision": "maintain",
                    "finding_ids": [
                        (
                            0,
                            0,
                            {
                                "criterion_id": self.criterion_52.id,
                                "severity": "minor",
                                "description": "The survey delay is not written "
                                "in the satisfaction procedure.",
                            },
                        )
                    ],
                }
            )
            surveillance.action_record_decision()
            surveillance.action_create_actions()
        self.assertEqual(certification.state, "certified")
        finding = surveillance.finding_ids
        action = finding.action_id
        self.assertEqual(
            (action.name, surveillance.plan_id.name),
            (
                "The survey delay is not written in the satisfaction procedure.",
                f"Certification findings - Surveillance visit {YEAR + 1}-12-06",
            ),
        )
        self.assertEqual(action.plan_id, surveillance.plan_id)
        self.assertEqual(action.plan_id.origin, "certification")
        self.assertEqual(action.plan_id.company_id, self.company)
        self.assertEqual(action.plan_id.year, YEAR + 1)
        self.assertEqual(action.source, finding)
        self.assertEqual(action.criterion_ids, self.criterion_52)
        self.assertEqual(action.action_type, "corrective")
        return certification

    def test_whole_loop(self):
        """The whole loop, in order, on one database."""
        t1, t2, t3, _t4 = self._step_tickets_and_acknowledgements()
        alert = self._step_alert()
        self._step_surveys(t1, t2, t3)
        self._step_indicators(t2)
        audit, gap = self._step_internal_audit()
        self._step_process_review(audit, gap, alert)
        self._step_management_review()
        self._step_certification()
