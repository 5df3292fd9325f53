from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.amarc_referential.tools import selection_label, selection_labels

CRON_BATCH_SIZE = 100


class AmarcAction(models.Model):
    """A corrective, preventive or improvement action, piloted to its deadline and
    judged for effectiveness (5.5, 5.6, 6.3, 6.4 and chapter VI)."""

    _name = "amarc.action"
    _description = "AMARC Action"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "amarc.retention.mixin",
        "amarc.protected.mixin",
    ]
    _order = "date_deadline, id"
    _amarc_retention_years = 1
    #: the judgement of effectiveness is the judge's, through its action
    _amarc_protected_fields = (
        "effectiveness_required",
        "effectiveness_state",
        "effectiveness_date",
        "effectiveness_user_id",
        "effectiveness_note",
    )
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    plan_id = fields.Many2one(
        "amarc.action.plan",
        string="Action plan",
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    description = fields.Html()
    action_type = fields.Selection(
        [
            ("corrective", "Corrective"),
            ("preventive", "Preventive"),
            ("improvement", "Improvement"),
        ],
        string="Type",
        required=True,
        default="corrective",
        tracking=True,
    )
    criterion_ids = fields.Many2many("amarc.criterion", string="Criteria")
    source = fields.Reference(
        selection="_selection_source",
        string="Source record",
        help="The record that caused the action: an audit line, a ticket, an alert.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
    )
    date_deadline = fields.Date(string="Deadline", tracking=True, index=True)
    date_done = fields.Date(string="Done on", readonly=True, copy=False, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("open", "Open"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        group_expand=True,
    )
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")
    effectiveness_required = fields.Boolean(
        compute="_compute_effectiveness_required",
        store=True,
        precompute=True,
        tracking=True,
        help="Once done, the action stays pending until an auditor or a quality "
        "manager judges whether it was effective. Required by default for "
        "corrective actions.",
    )
    effectiveness_state = fields.Selection(
        [
            ("pending", "To be judged"),
            ("effective", "Effective"),
            ("not_effective", "Not effective"),
        ],
        string="Effectiveness",
        readonly=True,
        copy=False,
        tracking=True,
    )
    effectiveness_date = fields.Date(readonly=True, copy=False, tracking=True)
    effectiveness_user_id = fields.Many2one(
        "res.users", string="Judged by", readonly=True, copy=False, tracking=True
    )
    effectiveness_note = fields.Text(readonly=True, copy=False)
    followup_of_id = fields.Many2one(
        "amarc.action",
        string="Follow-up of",
        readonly=True,
        check_company=True,
        copy=False,
        index="btree_not_null",
        help="The action judged not effective that this one follows up.",
    )
    followup_ids = fields.One2many(
        "amarc.action", "followup_of_id", string="Follow-ups"
    )
    review_id = fields.Many2one(
        "amarc.review",
        string="Decided in review",
        index="btree_not_null",
        check_company=True,
        tracking=True,
    )
    reminded_before_deadline = fields.Date(
        string="Deadline reminded ahead",
        readonly=True,
        copy=False,
        help="Deadline for which the owner was reminded ahead.",
    )
    reminded_overdue_deadline = fields.Date(
        string="Overdue deadline reminded",
        readonly=True,
        copy=False,
        help="Deadline for which the owner was told it passed.",
    )
    color = fields.Integer()

    _followup_not_self = models.Constraint(
        "CHECK(followup_of_id IS NULL OR followup_of_id != id)",
        "An action cannot follow itself up.",
    )

    @api.model
    def _selection_source(self):
        return self.env["amarc.evidence"]._selection_record_ref()

    @api.depends("plan_id")
    def _compute_company_id(self):
        for action in self:
            if action.plan_id:
                action.company_id = action.plan_id.company_id
            elif not action.company_id:
                action.company_id = self.env.company

    @api.depends(
        "action_type",
        "plan_id.origin",
        "company_id.amarc_effectiveness_survey_analysis",
        "company_id.amarc_effectiveness_complaint_analysis",
        "company_id.amarc_effectiveness_alert",
    )
    def _compute_effectiveness_required(self):
        """Corrective actions always; at level B (5.6, 6.4) every action of a
        survey- or complaint-analysis plan or of an alert, as the company's
        settings say."""
        for action in self:
            action.effectiveness_required = (
                action.action_type == "corrective"
                or action.plan_id.origin
                in action.company_id._amarc_effectiveness_origins()
            )

    @api.depends("date_deadline", "state")
    @api.depends_context("tz")
    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.overdue = bool(
                action.state in ("draft", "open")
                and action.date_deadline
                and action.date_deadline < today
            )

    def _search_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = [
            ("state", "in", ("draft", "open")),
            ("date_deadline", "<", fields.Date.context_today(self)),
        ]
        positive = (operator == "in") == (True in value)
        return domain if positive else ["!", "&", *domain]

    def _amarc_retention_until(self):
        """Records: one year after the action ended (or was created)."""
        self.ensure_one()
        start = (
            self.effectiveness_date
            or self.date_done
            or fields.Date.to_date(self.create_date)
        )
        return start and start + relativedelta(years=self._amarc_retention_years)

    # ------------------------------------------------------------------
    # Life cycle
    # ------------------------------------------------------------------
    def _check_state(self, allowed, transition):
        wrong = self.filtered(lambda a: a.state not in allowed)
        if wrong:
            raise UserError(
                self.env._(
                    "Cannot %(transition)s %(actions)s: the action is %(state)s.",
                    transition=transition,
                    actions=", ".join(wrong.mapped("name")),
                    state=selection_label(wrong[0], "state").lower(),
                )
            )

    def action_open(self):
        self._check_state(("draft",), self.env._("open"))
        missing = self.filtered(lambda a: not a.user_id or not a.date_deadline)
        if missing:
            raise UserError(
                self.env._(
                    "An action needs an owner and a deadline before it is opened: "
                    "%(actions)s.",
                    actions=", ".join(missing.mapped("name")),
                )
            )
        self.state = "open"
        # the plan follows its first open action, whoever owns the action
        self.plan_id.sudo().filtered(lambda p: p.state == "draft").state = "in_progress"

    def action_done(self):
        self._check_state(("open",), self.env._("close"))
        today = fields.Date.context_today(self)
        for action in self:
            action._amarc_write_protected(
                {
                    "state": "done",
                    "date_done": today,
                    "effectiveness_state": "pending"
                    if action.effectiveness_required
                    else False,
                }
            )
        self._close_reminders()

    def action_cancel(self):
        self._check_state(("draft", "open"), self.env._("cancel"))
        self.state = "cancelled"
        self._close_reminders()

    def action_draft(self):
        self._check_state(("cancelled",), self.env._("reset"))
        self.state = "draft"

    def _close_reminders(self):
        todo = self.env.ref("mail.mail_activity_data_todo")
        self.activity_ids.filtered(lambda a: a.activity_type_id == todo).unlink()

    # ------------------------------------------------------------------
    # Effectiveness
    # ------------------------------------------------------------------
    def _check_can_judge(self, note):
        if not (
            self.env.user.has_group("amarc_referential.group_amarc_auditor")
            or self.env.su
        ):
            raise AccessError(
                self.env._(
                    "Only an auditor or a quality manager can judge the effectiveness "
                    "of an action."
                )
            )
        if not (note or "").strip():
            raise UserError(
                self.env._(
                    "Explain your judgement: a note is required to judge effectiveness."
                )
            )
        not_pending = self.filtered(
            lambda a: a.state != "done" or a.effectiveness_state != "pending"
        )
        if not_pending:
            raise UserError(
                self.env._(
                    "Only done actions whose effectiveness is to be judged can be "
                    "judged: "
                    "%(actions)s.",
                    actions=", ".join(not_pending.mapped("name")),
                )
            )

    def _judge(self, verdict, note):
        self.check_access("write")
        self._check_can_judge(note)
        self.sudo().write(
            {
                "effectiveness_state": verdict,
                "effectiveness_note": note,
                "effectiveness_date": fields.Date.context_today(self),
                "effectiveness_user_id": self.env.user.id,
            }
        )
        for action in self:
            action.message_post(
                body=self.env._(
                    "Effectiveness judged: %(verdict)s. %(note)s",
                    verdict=selection_labels(self, "effectiveness_state")[verdict],
                    note=note,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_mark_effective(self, note):
        """Judge these done actions effective (auditor or quality manager)."""
        self._judge("effective", note)
        return True

    def action_mark_not_effective(self, note):
        """Judge these done actions not effective: each gets one follow-up action
        (same owner, criteria and plan) and its plan is reopened."""
        self._judge("not_effective", note)
        followups = self.env["amarc.action"]
        for action in self:
            followups |= action.sudo().copy(
                {
                    "name": self.env._("Follow-up: %(name)s", name=action.name),
                    "followup_of_id": action.id,
                    "action_type": "corrective",
                    "state": "draft",
                    "date_deadline": False,
                    "description": self.env._(
                        "<p>Follow-up of an action judged not effective: %(note)s</p>",
                        note=note,
                    ),
                    "source": f"amarc.action,{action.id}",
                }
            )
        self.plan_id.filtered(
            lambda p: p.state in ("draft", "done")
        ).sudo().state = "in_progress"
        return followups.sudo(False)

    def action_open_effectiveness_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Judge the effectiveness"),
            "res_model": "amarc.action.effectiveness",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_action_ids": self.ids,
                "default_verdict": self.env.context.get("verdict", "effective"),
            },
        }

    def action_export_xlsx(self):
        return self.env["amarc.action.export"]._open_for(actions=self)

    # ------------------------------------------------------------------
    # Reminders
    # ------------------------------------------------------------------
    def _remind(self, kind):
        todo = self.env.ref("mail.mail_activity_data_todo")
        for action in self:
            if kind == "before":
                summary = self.env._(
                    "Action due on %(date)s", date=action.date_deadline
                )
                vals = {"reminded_before_deadline": action.date_deadline}
            else:
                summary = self.env._(
                    "Action overdue since %(date)s", date=action.date_deadline
                )
                vals = {"reminded_overdue_deadline": action.date_deadline}
            action.activity_schedule(
                activity_type_id=todo.id,
                date_deadline=max(
                    action.date_deadline, fields.Date.context_today(self)
                ),
                summary=summary,
                user_id=action.user_id.id,
            )
            action.write(vals)

    @api.model
    def _cron_remind_actions(self, batch_size=CRON_BATCH_SIZE):
        """One activity on the owner a few days before the deadline (company
        setting) and one when it has passed; never for done or cancelled
        actions, never twice for the same deadline; a new deadline re-arms both.
        Batched and safe with two workers (``ir.cron``'s
        ``_amarc_process_batches``)."""
        today = fields.Date.context_today(self)
        Cron = self.env["ir.cron"]
        conditions = {
            "before": SQL(
                """amarc_action.state IN ('draft', 'open') AND user_id IS NOT NULL
                   AND date_deadline >= %(today)s
                   AND date_deadline - COALESCE((SELECT amarc_action_reminder_days
                        FROM res_company c WHERE c.id = amarc_action.company_id), 7)
                       <= %(today)s
                   AND reminded_before_deadline IS DISTINCT FROM date_deadline""",
                today=today,
            ),
            "overdue": SQL(
                """amarc_action.state IN ('draft', 'open') AND user_id IS NOT NULL
                   AND date_deadline < %(today)s
                   AND reminded_overdue_deadline IS DISTINCT FROM date_deadline""",
                today=today,
            ),
        }
        return sum(
            Cron._amarc_process_batches(
                self._name,
                where,
                lambda batch, kind=kind: batch._remind(kind),
                batch_size,
                depends=("res.company",),
            )
            for kind, where in conditions.items()
        )
