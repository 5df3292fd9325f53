from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .amarc_criterion import FREQUENCIES

FREQUENCY_MONTHS = {"monthly": 1, "semiannual": 6, "yearly": 12}
CRON_BATCH_SIZE = 100


class AmarcObligation(models.Model):
    """A recurring obligation of a company ("a minima une fois par ...")."""

    _name = "amarc.obligation"
    _description = "AMARC Recurring Obligation"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "next_due_date, id"
    _check_company_auto = True

    #: criteria fulfilled per process of the company: one obligation each
    _amarc_per_process_codes = ("1.6",)

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    criterion_id = fields.Many2one(
        "amarc.criterion",
        index=True,
        ondelete="restrict",
        tracking=True,
        help="The criterion of chapter IV this obligation comes from; empty for an "
        "obligation of another chapter (see the reference).",
    )
    reference_code = fields.Char(
        string="Reference",
        readonly=True,
        help="The paragraph of the referential an obligation outside chapter IV "
        "comes from, such as VI.1 (the yearly internal audit of every criterion).",
    )
    commitment_id = fields.Many2one(related="criterion_id.commitment_id", store=True)
    checkpoint_id = fields.Many2one(
        "amarc.criterion.checkpoint",
        ondelete="restrict",
        domain="[('criterion_id', '=', criterion_id)]",
        help="The bullet of the criterion this obligation comes from, when it has "
        "its own frequency.",
    )
    process_id = fields.Many2one(
        "amarc.process",
        index="btree_not_null",
        ondelete="restrict",
        readonly=True,
        check_company=True,
        help="The process this obligation is about, for a criterion fulfilled "
        "per process (1.6: each process is reviewed every year).",
    )
    frequency = fields.Selection(
        [f for f in FREQUENCIES if f[0] != "none"], required=True, tracking=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    date_start = fields.Date(
        string="Start date",
        required=True,
        default=fields.Date.context_today,
        help="The first period of the obligation starts on this date.",
    )
    lead_days = fields.Integer(
        string="Warn days before",
        default=7,
        help="The obligation is due (and its responsible reminded) this many days "
        "before its due date.",
    )
    last_done_date = fields.Date(string="Last done", tracking=True, copy=False)
    next_due_date = fields.Date(
        string="Next due date",
        compute="_compute_next_due_date",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
    )
    state = fields.Selection(
        [("ok", "Up to date"), ("due", "Due"), ("overdue", "Overdue")],
        compute="_compute_state",
        search="_search_state",
    )
    reminder_due_date = fields.Date(
        copy=False,
        readonly=True,
        help="Due date for which the responsible was last reminded: "
        "a reminder is never sent twice for the same due date.",
    )
    evidence_ids = fields.One2many("amarc.evidence", "obligation_id")
    evidence_count = fields.Integer(compute="_compute_evidence_count")
    note = fields.Html()
    active = fields.Boolean(default=True)

    _criterion_uniq = models.Constraint(
        "UNIQUE NULLS NOT DISTINCT (company_id, criterion_id, checkpoint_id, "
        "process_id, reference_code)",
        "This obligation already exists for the company.",
    )
    _criterion_or_reference_check = models.Constraint(
        "CHECK(criterion_id IS NOT NULL OR reference_code IS NOT NULL)",
        "An obligation comes from a criterion or from a paragraph of the referential.",
    )
    _lead_days_check = models.Constraint(
        "CHECK(lead_days >= 0)",
        "The number of days before the due date cannot be negative.",
    )

    @api.depends("criterion_id", "checkpoint_id", "reference_code", "process_id.name")
    def _compute_name(self):
        for obligation in self:
            if obligation.reference_code and not obligation.criterion_id:
                obligation.name = obligation._amarc_reference_name()
            elif obligation.checkpoint_id:
                obligation.name = (
                    f"{obligation.criterion_id.code} {obligation.checkpoint_id.name}"
                )
            elif obligation.process_id:
                obligation.name = (
                    f"{obligation.criterion_id.display_name} "
                    f"({obligation.process_id.name})"
                )
            elif obligation.criterion_id:
                obligation.name = obligation.criterion_id.display_name
            else:
                obligation.name = False

    def _amarc_reference_name(self):
        """The name of an obligation of another chapter than IV."""
        self.ensure_one()
        if self.reference_code == "VI.1":
            return self.env._("VI.1 Yearly internal audit of every certified criterion")
        return self.reference_code

    @api.depends("frequency", "last_done_date", "date_start")
    def _compute_next_due_date(self):
        for obligation in self:
            reference = obligation.last_done_date or obligation.date_start
            months = FREQUENCY_MONTHS.get(obligation.frequency)
            obligation.next_due_date = (
                reference + relativedelta(months=months)
                if (reference and months)
                else False
            )

    @api.model
    def _state_for(self, next_due_date, lead_days, today):
        if not next_due_date:
            return "due"
        if today > next_due_date:
            return "overdue"
        if today >= next_due_date - relativedelta(days=lead_days or 0):
            return "due"
        return "ok"

    @api.depends("next_due_date", "lead_days")
    @api.depends_context("tz")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for obligation in self:
            obligation.state = self._state_for(
                obligation.next_due_date, obligation.lead_days, today
            )

    def _search_state(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        today = fields.Date.context_today(self)
        # "lead_days" varies per record: compare in SQL.
        self.flush_model(["next_due_date", "lead_days"])
        query = """
            SELECT id FROM amarc_obligation
             WHERE CASE
                     WHEN next_due_date IS NULL THEN 'due'
                     WHEN next_due_date < %(today)s THEN 'overdue'
                     WHEN next_due_date - COALESCE(lead_days, 0) <= %(today)s THEN 'due'
                     ELSE 'ok'
                   END = ANY(%(states)s)
        """
        self.env.cr.execute(query, {"today": today, "states": list(value)})
        ids = [row[0] for row in self.env.cr.fetchall()]
        return [("id", operator, ids)]

    def _compute_evidence_count(self):
        counts = dict(
            self.env["amarc.evidence"]._read_group(
                [("obligation_id", "in", self.ids)], ["obligation_id"], ["__count"]
            )
        )
        for obligation in self:
            obligation.evidence_count = counts.get(obligation, 0)

    @api.constrains("criterion_id", "checkpoint_id")
    def _check_checkpoint(self):
        for obligation in self.filtered("checkpoint_id"):
            if obligation.checkpoint_id.criterion_id != obligation.criterion_id:
                raise UserError(
                    self.env._(
                        "Checkpoint %(checkpoint)s does not belong to criterion "
                        "%(criterion)s.",
                        checkpoint=obligation.checkpoint_id.name,
                        criterion=obligation.criterion_id.code,
                    )
                )

    @api.constrains("last_done_date", "date_start")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for obligation in self.filtered("last_done_date"):
            if obligation.last_done_date > today:
                raise UserError(
                    self.env._(
                        "Obligation %(name)s cannot be marked done in the future "
                        "(%(date)s).",
                        name=obligation.name,
                        date=obligation.last_done_date,
                    )
                )

    def _mark_done(self, done_date, note=False, attachments=None, evidence_name=False):
        """Record that the obligation was fulfilled on ``done_date``, with proof."""
        Evidence = self.env["amarc.evidence"]
        for obligation in self:
            if obligation.last_done_date and done_date < obligation.last_done_date:
                raise UserError(
                    self.env._(
                        "Obligation %(name)s was already done on %(last)s: "
                        "a completion cannot be recorded before that date.",
                        name=obligation.name,
                        last=obligation.last_done_date,
                    )
                )
            obligation.last_done_date = done_date
            if attachments or note:
                Evidence.create(
                    {
                        "name": evidence_name or obligation.name,
                        "company_id": obligation.company_id.id,
                        "criterion_id": obligation.criterion_id.id,
                        "obligation_id": obligation.id,
                        "date": done_date,
                        "description": note,
                        "attachment_ids": [(6, 0, attachments.ids)]
                        if attachments
                        else [],
                    }
                )
            obligation.activity_ids.filtered(
                lambda a: (
                    a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
                )
            ).action_feedback(feedback=self.env._("Obligation done on %s", done_date))
            obligation.message_post(
                body=self.env._("Done on %(date)s.", date=done_date),
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------
    # Fulfilment by the records that fulfil the obligation
    # ------------------------------------------------------------------
    @api.model
    def _amarc_obligations_for(self, code, company, checkpoint=None, process=None):
        """The active obligations of ``company`` for ``code``: a criterion's
        code (``"1.7"``) or a paragraph of another chapter (``"VI.1"``);
        ``checkpoint``, a bullet of the criterion, or ``process``, the process
        of a per-process criterion (1.6), narrow them down."""
        domain = [
            ("company_id", "=", company.id),
            "|",
            ("reference_code", "=", code),
            "&",
            ("criterion_id.code", "=", code),
            ("criterion_id.referential_id", "=", company.amarc_referential_id.id),
        ]
        if checkpoint is not None:
            domain.append(("checkpoint_id", "=", checkpoint.id))
        if process is not None:
            domain.append(("process_id", "=", process.id))
        return self.sudo().search(domain)

    @api.model
    def _amarc_fulfil(
        self,
        criterion_code,
        record,
        date,
        note=False,
        attachments=None,
        checkpoint=None,
    ):
        """Record that ``record`` fulfils the obligation ``criterion_code`` of
        its company on ``date`` (of its process, for a record that has one: a
        process review fulfils the 1.6 obligation of its process only): the
        record becomes the evidence and the
        obligation is done on that date (never moved back when it was already
        done later). The one hook the other addons call when the record that
        fulfils an obligation is completed (a done review, a yearly analysis,
        a sent communication, the year's audits).

        Idempotent: the same record fulfilling again (a review reopened and
        done again) updates its evidence instead of adding one. Without an
        obligation (a criterion the company's level does not require, or no
        frequency), the evidence is still recorded on the criterion.
        Returns the evidence (empty when there is neither an obligation nor a
        criterion of that code). Callers check their user's rights first."""
        record.ensure_one()
        company = record.company_id if "company_id" in record else self.env.company
        process = None
        if (
            criterion_code in self._amarc_per_process_codes
            and "process_id" in record
            and record._fields["process_id"].comodel_name == "amarc.process"
            and record.process_id
        ):
            process = record.process_id
        obligations = self._amarc_obligations_for(
            criterion_code, company, checkpoint, process
        )
        Evidence = self.env["amarc.evidence"].sudo()
        criterion = obligations.criterion_id[:1] or self.env[
            "amarc.criterion"
        ].sudo().search(
            [
                ("code", "=", criterion_code),
                ("referential_id", "=", company.amarc_referential_id.id),
            ],
            limit=1,
        )
        if not obligations and not criterion:
            return Evidence
        evidence = Evidence.search(
            [
                ("company_id", "=", company.id),
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
                ("obligation_id", "in", obligations.ids or [False]),
                ("criterion_id", "=", criterion.id or False),
            ],
            limit=1,
        )
        values = {
            "name": record.display_name,
            "description": note,
            "attachment_ids": [(4, a.id) for a in attachments or []],
        }
        if evidence:
            evidence.write(values)
        else:
            evidence = Evidence.create(
                dict(
                    values,
                    company_id=company.id,
                    criterion_id=criterion.id,
                    obligation_id=obligations[:1].id,
                    date=date,
                    res_model=record._name,
                    res_id=record.id,
                )
            )
        for obligation in obligations:
            if obligation.last_done_date and obligation.last_done_date >= date:
                continue
            obligation._mark_done(date)
            obligation.message_post(
                body=self.env._("Fulfilled by %(record)s.", record=record.display_name),
                subtype_xmlid="mail.mt_note",
            )
        return evidence

    def action_mark_done(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Mark as done"),
            "res_model": "amarc.obligation.done",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def action_open_evidence(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "amarc_referential.amarc_evidence_action"
        )
        action["domain"] = [("obligation_id", "=", self.id)]
        action["context"] = {
            "default_obligation_id": self.id,
            "default_criterion_id": self.criterion_id.id,
            "default_company_id": self.company_id.id,
        }
        return action

    # ------------------------------------------------------------------
    # Reminders
    # ------------------------------------------------------------------
    def _send_reminders(self):
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for obligation in self:
            obligation.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=obligation.next_due_date,
                summary=self.env._("Obligation due: %s", obligation.name),
                note=self.env._(
                    "Criterion %(criterion)s must be fulfilled by %(date)s. "
                    "Mark the obligation done and attach the proof.",
                    criterion=obligation.criterion_id.code or obligation.reference_code,
                    date=obligation.next_due_date,
                ),
                user_id=obligation.user_id.id,
            )
            obligation.reminder_due_date = obligation.next_due_date

    @api.model
    def _cron_remind_due_obligations(self, batch_size=CRON_BATCH_SIZE):
        """Put one activity on the responsible of each obligation that falls due.

        Batched and safe with several workers (``ir.cron``'s
        ``_amarc_process_batches``); the due date reminded is recorded, so a
        reminder is never sent twice for the same due date."""
        return self.env["ir.cron"]._amarc_process_batches(
            self._name,
            SQL(
                """active AND user_id IS NOT NULL AND next_due_date IS NOT NULL
                   AND next_due_date - COALESCE(lead_days, 0) <= %s
                   AND reminder_due_date IS DISTINCT FROM next_due_date""",
                fields.Date.context_today(self),
            ),
            lambda batch: batch.with_context(
                mail_auto_subscribe_no_notify=True
            )._send_reminders(),
            batch_size,
            order=SQL("next_due_date, id"),
        )
