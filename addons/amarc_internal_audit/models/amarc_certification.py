from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.amarc_referential.models.amarc_criterion import LEVELS

VALIDITY_YEARS = 3
RECORDS_MONTHS_BEFORE_AUDIT = 3
APPOINTMENT_MONTHS_AHEAD = 2


class AmarcCertification(models.Model):
    """The external certification cycle of chapter III: application, initial
    audit, decision, two surveillance visits within the three-year validity."""

    _name = "amarc.certification"
    _description = "AMARC Certification"
    _inherit = ["mail.thread", "mail.activity.mixin", "amarc.retention.mixin"]
    # the external control plan's records: three years (chapter V.2) after the
    # certificate's end (or the application, when never granted)
    _amarc_retention_years = 3
    _order = "application_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        compute="_compute_name",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    referential_id = fields.Many2one(
        "amarc.referential",
        required=True,
        default=lambda self: self.env.company.amarc_referential_id,
    )
    level = fields.Selection(
        LEVELS,
        required=True,
        default=lambda self: self.env.company.amarc_level or "A",
        tracking=True,
    )
    certification_body = fields.Char(default="SGS-ICS", required=True)
    application_date = fields.Date(
        default=fields.Date.context_today, required=True, tracking=True
    )
    records_start_date = fields.Date(
        string="Records kept since",
        tracking=True,
        help="Since when the records required by the referential are kept: the "
        "candidate must prove at least three months of them at the initial audit "
        "(III.1.1).",
    )
    state = fields.Selection(
        [
            ("application", "Application"),
            ("certified", "Certified"),
            ("suspended", "Suspended"),
            ("refused", "Refused"),
            ("withdrawn", "Withdrawn"),
        ],
        default="application",
        required=True,
        tracking=True,
        copy=False,
    )
    certificate_number = fields.Char(tracking=True, copy=False)
    valid_from = fields.Date(tracking=True, copy=False)
    valid_until = fields.Date(
        compute="_compute_valid_until", store=True, readonly=False, tracking=True
    )
    visit_ids = fields.One2many(
        "amarc.certification.visit", "certification_id", string="Visits"
    )
    initial_audit_date = fields.Date(compute="_compute_visits")
    readiness_ok = fields.Boolean(
        string="Ready for the initial audit", compute="_compute_visits"
    )
    readiness_message = fields.Char(compute="_compute_visits")
    next_visit_date = fields.Date(
        string="Next surveillance visit",
        compute="_compute_visits",
        help="Surveillance visits take place once a year during the validity "
        "(two in three years); the appointment is made two months before.",
    )
    visit_due_soon = fields.Boolean(
        compute="_compute_visits", search="_search_visit_due_soon"
    )

    visit_reminded_date = fields.Date(
        copy=False,
        readonly=True,
        help="The expected surveillance visit whose appointment the quality "
        "manager was last reminded of: never twice for the same visit.",
    )
    end_reminded_date = fields.Date(
        copy=False,
        readonly=True,
        help="The end of the certificate the quality manager was last reminded "
        "of: never twice for the same end.",
    )
    readiness_missing_criterion_ids = fields.Many2many(
        "amarc.criterion",
        string="Criteria without records",
        compute="_compute_readiness_missing",
        help="III.1.1: applicable criteria with no evidence over the three months "
        "before the initial audit (or today, while it is not planned).",
    )

    _dates_check = models.Constraint(
        "CHECK(valid_until IS NULL OR valid_from IS NULL OR valid_until > valid_from)",
        "A certificate must end after it starts.",
    )

    @api.depends("referential_id", "level")
    def _compute_name(self):
        for certification in self:
            certification.name = self.env._(
                "%(referential)s, level %(level)s",
                referential=certification.referential_id.code or "",
                level=certification.level or "",
            )

    @api.depends("valid_from")
    def _compute_valid_until(self):
        for certification in self:
            certification.valid_until = (
                certification.valid_from + relativedelta(years=VALIDITY_YEARS)
                if certification.valid_from
                else False
            )

    def _surveillance_dates(self):
        self.ensure_one()
        if not self.valid_from:
            return []
        return [
            self.valid_from + relativedelta(years=n) for n in range(1, VALIDITY_YEARS)
        ]

    @api.depends(
        "visit_ids.date",
        "visit_ids.visit_type",
        "visit_ids.state",
        "records_start_date",
        "valid_from",
    )
    @api.depends_context("tz")
    def _compute_visits(self):
        today = fields.Date.context_today(self)
        for certification in self:
            initial = certification.visit_ids.filtered(
                lambda v: v.visit_type == "initial"
            )[:1]
            certification.initial_audit_date = initial.date
            reference = initial.date or today
            start = certification.records_start_date
            if not start:
                certification.readiness_ok = False
                certification.readiness_message = self.env._(
                    "Set since when the records are kept."
                )
            elif start + relativedelta(months=RECORDS_MONTHS_BEFORE_AUDIT) <= reference:
                certification.readiness_ok = True
                certification.readiness_message = self.env._(
                    "Records kept since %(date)s: at least three months at the "
                    "initial audit.",
                    date=start,
                )
            else:
                certification.readiness_ok = False
                certification.readiness_message = self.env._(
                    "Only records since %(date)s: three months are required, not "
                    "before %(ready)s.",
                    date=start,
                    ready=start + relativedelta(months=RECORDS_MONTHS_BEFORE_AUDIT),
                )
            done = certification.visit_ids.filtered(
                lambda v: v.visit_type == "surveillance" and v.state == "done"
            )
            expected = certification._surveillance_dates()[len(done) :]
            certification.next_visit_date = expected[0] if expected else False
            certification.visit_due_soon = bool(
                certification.state in ("certified", "suspended")
                and expected
                and expected[0] - relativedelta(months=APPOINTMENT_MONTHS_AHEAD)
                <= today
            )

    @api.depends("visit_ids.date", "visit_ids.visit_type", "company_id", "level")
    @api.depends_context("tz")
    def _compute_readiness_missing(self):
        today = fields.Date.context_today(self)
        Evidence = self.env["amarc.evidence"]
        for certification in self:
            initial = certification.visit_ids.filtered(
                lambda v: v.visit_type == "initial"
            )[:1]
            end = initial.date or today
            start = end - relativedelta(months=RECORDS_MONTHS_BEFORE_AUDIT)
            criteria = certification.referential_id.commitment_ids.criterion_ids
            criteria = criteria._filter_level(certification.level)
            proven = Evidence._read_group(
                [
                    ("company_id", "=", certification.company_id.id),
                    ("criterion_id", "in", criteria.ids),
                    ("date", ">=", start),
                    ("date", "<=", end),
                ],
                ["criterion_id"],
            )
            proven = self.env["amarc.criterion"].union(*(c for (c,) in proven))
            certification.readiness_missing_criterion_ids = criteria - proven

    def _search_visit_due_soon(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        candidates = self.search([("state", "in", ("certified", "suspended"))])
        due = candidates.filtered("visit_due_soon")
        positive = (operator == "in") == (True in value)
        return [("id", "in" if positive else "not in", due.ids)]

    def _amarc_retention_until(self):
        self.ensure_one()
        start = self.valid_until or self.application_date
        return start and start + relativedelta(years=self._amarc_retention_years)

    @api.onchange("company_id")
    def _onchange_company_id(self):
        first = self.env["amarc.evidence"].search(
            [("company_id", "=", self.company_id.id)], order="date asc", limit=1
        )
        if first and not self.records_start_date:
            self.records_start_date = first.date

    # ------------------------------------------------------------------
    # Announcements of the certification body's visits (III.2.1)
    # ------------------------------------------------------------------
    def _amarc_announcements(self, today):
        """[(field, date, summary)] of the reminders due for this
        certification on ``today`` and not sent yet: the appointment of the
        next surveillance visit is made two months before it; the end of the
        certificate is announced two months before too."""
        self.ensure_one()
        ahead = relativedelta(months=APPOINTMENT_MONTHS_AHEAD)
        due = []
        visit = self.next_visit_date
        if visit and visit - ahead <= today and self.visit_reminded_date != visit:
            due.append(
                (
                    "visit_reminded_date",
                    visit,
                    self.env._(
                        "Surveillance visit expected on %(date)s: make the "
                        "appointment with %(body)s.",
                        date=visit,
                        body=self.certification_body,
                    ),
                )
            )
        end = self.valid_until
        if end and end - ahead <= today and self.end_reminded_date != end:
            due.append(
                (
                    "end_reminded_date",
                    end,
                    self.env._(
                        "The certificate ends on %(date)s: prepare its renewal "
                        "with %(body)s.",
                        date=end,
                        body=self.certification_body,
                    ),
                )
            )
        return due

    def _amarc_announce_visits(self):
        today = fields.Date.context_today(self)
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for certification in self:
            user = (
                certification.company_id.amarc_quality_manager_id
                or certification.create_uid
            )
            for field, day, summary in certification._amarc_announcements(today):
                certification.activity_schedule(
                    activity_type_id=activity_type.id,
                    date_deadline=max(day - relativedelta(months=1), today),
                    summary=summary,
                    user_id=user.id,
                )
                certification[field] = day

    @api.model
    def _cron_announce_visits(self, batch_size=100):
        """Daily: one activity on the quality manager two months before each
        expected surveillance visit and one two months before the
        certificate's end, never twice (the date reminded is recorded).
        Batched and safe with several workers."""
        return self.env["ir.cron"]._amarc_process_batches(
            self._name,
            SQL(
                "active AND state IN ('certified', 'suspended') "
                "AND valid_from IS NOT NULL"
            ),
            lambda batch: batch.with_context(
                mail_auto_subscribe_no_notify=True
            )._amarc_announce_visits(),
            batch_size,
        )
