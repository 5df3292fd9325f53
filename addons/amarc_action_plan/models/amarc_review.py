from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.amarc_referential.tools import (
    selection_label,
    selection_labels,
    year_bounds,
)

REVIEW_TYPES = [
    ("process", "Process review (1.6)"),
    ("management", "Management review (1.7)"),
]
#: the yearly obligation each type of review fulfils
REVIEW_CRITERIA = {"process": "1.6", "management": "1.7"}
#: the analyses sent to the management, listed among a review's inputs
SENT_ANALYSIS_CRITERIA = ("5.3", "6.2")


class AmarcReview(models.Model):
    """The yearly process review (criterion 1.6) or management review (1.7).

    Its inputs follow ISO 9001 9.3.2 and are gathered from the other addons
    through the ``_amarc_review_inputs()`` hook; its outputs (9.3.3) are
    decisions and the actions it decided."""

    _name = "amarc.review"
    _description = "AMARC Review"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "amarc.retention.mixin",
        "amarc.protected.mixin",
    ]
    # Reviews belong to the internal control plan: three years (chapter V.2).
    _amarc_retention_years = 3
    _amarc_retention_date_field = "date"
    # the completion date makes its inputs and decisions records to keep
    _amarc_protected_fields = ("done_date",)
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        compute="_compute_name",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    review_type = fields.Selection(
        REVIEW_TYPES, required=True, default="process", tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    process_id = fields.Many2one(
        "amarc.process",
        compute="_compute_process_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        tracking=True,
        help="The process this review reviews (1.6): its completion fulfils the "
        "1.6 obligation of that process only.",
    )
    year = fields.Integer(
        aggregator=None,
        required=True,
        default=lambda self: fields.Date.context_today(self).year,
        tracking=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Chaired by",
        default=lambda self: self.env.user,
        tracking=True,
    )
    participant_ids = fields.Many2many("res.users", string="Participants")
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    input_ids = fields.One2many(
        "amarc.review.input", "review_id", string="Inputs", copy=False
    )
    decision_ids = fields.One2many(
        "amarc.review.decision", "review_id", string="Decisions", copy=False
    )
    action_ids = fields.One2many(
        "amarc.action", "review_id", string="Decided actions", copy=False
    )
    plan_ids = fields.One2many(
        "amarc.action.plan", "review_id", string="Plans reviewed"
    )
    previous_review_id = fields.Many2one(
        "amarc.review",
        compute="_compute_previous_review_id",
        string="Previous review",
        help="The last completed review of the same type before this one.",
    )
    carried_action_ids = fields.Many2many(
        "amarc.action",
        compute="_compute_previous_review_id",
        string="Open actions carried over",
        help="Actions decided at the previous review that are still open.",
    )
    conclusion = fields.Html(help="Overall conclusion on the system's effectiveness.")
    inputs_collected_date = fields.Datetime(readonly=True, copy=False)
    done_date = fields.Date(
        string="Completed on",
        readonly=True,
        copy=False,
        help="The day the review was last completed. From then on its inputs and "
        "decisions are records kept three years (chapter V): they can be "
        "archived, not deleted.",
    )

    _year_check = models.Constraint(
        "CHECK(year BETWEEN 2000 AND 2999)",
        "The year of a review must be a four-digit year.",
    )

    @api.depends("review_type", "year")
    def _compute_name(self):
        labels = {
            "process": self.env._("Process review"),
            "management": self.env._("Management review"),
        }
        for review in self:
            review.name = (
                f"{labels.get(review.review_type, '')} {review.year or ''}".strip()
            )

    @api.depends("review_type", "company_id")
    def _compute_process_id(self):
        """A process review reviews the company's first process by default;
        a management review, none."""
        Process = self.env["amarc.process"]
        for review in self:
            if review.review_type != "process":
                review.process_id = False
            elif (
                not review.process_id
                or review.process_id.company_id != review.company_id
            ):
                review.process_id = Process.search(
                    [("company_id", "=", review.company_id.id)], limit=1
                )

    @api.constrains("review_type", "process_id")
    def _check_process(self):
        for review in self:
            if review.review_type == "process" and not review.process_id:
                raise ValidationError(
                    self.env._(
                        "Process review %(review)s must say which process it "
                        "reviews (1.6).",
                        review=review.name,
                    )
                )

    @api.depends("review_type", "company_id", "date", "process_id")
    def _compute_previous_review_id(self):
        for review in self:
            previous = self.search(
                [
                    ("id", "!=", review._origin.id or 0),
                    ("review_type", "=", review.review_type),
                    ("company_id", "=", review.company_id.id),
                    ("process_id", "=", review.process_id.id),
                    ("state", "=", "done"),
                    ("date", "<=", review.date or fields.Date.context_today(self)),
                ],
                order="date desc, id desc",
                limit=1,
            )
            review.previous_review_id = previous
            review.carried_action_ids = previous.action_ids.filtered(
                lambda a: (
                    a.state in ("draft", "open") or a.effectiveness_state == "pending"
                )
            )

    # ------------------------------------------------------------------
    # Inputs (ISO 9001 9.3.2)
    # ------------------------------------------------------------------
    def _check_draft(self):
        done = self.filtered(lambda r: r.state != "draft")
        if done:
            raise UserError(
                self.env._(
                    "Review %(review)s is closed: reopen it before changing it.",
                    review=done[0].name,
                )
            )

    def _input(
        self, category, name, value=False, description=False, record=False, sequence=0
    ):
        """Values of one input line, for ``_amarc_review_inputs()`` overrides."""
        return {
            "category": category,
            "name": name,
            "value": value,
            "description": description,
            "source": f"{record._name},{record.id}" if record else False,
            "sequence": sequence,
            "auto": True,
        }

    def _amarc_review_inputs(self):
        """Return a list of input line values (see ``_input``) for this review.

        Extension hook: addons that feed reviews (internal audit, indicators,
        surveys, alerts) override it, call super() and add the lines of one
        small method per group of inputs."""
        self.ensure_one()
        return (
            self._amarc_previous_action_inputs()
            + self._amarc_nonconformity_inputs()
            + self._amarc_plan_inputs()
            + self._amarc_sent_analysis_inputs()
        )

    def _amarc_sent_analysis_inputs(self):
        """The analyses sent to the management in the review's year (5.3
        satisfaction results, 6.2 complaints and their plan), kept as
        evidence when sent."""
        start, end = year_bounds(self.year)
        evidences = self.env["amarc.evidence"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("criterion_id.code", "in", SENT_ANALYSIS_CRITERIA),
                ("date", ">=", start),
                ("date", "<", end),
            ],
            order="date, id",
        )
        return [
            self._input(
                "satisfaction",
                self.env._(
                    "%(criterion)s: %(name)s",
                    criterion=e.criterion_id.code,
                    name=e.name,
                ),
                value=self.env._("Sent on %(date)s", date=e.date),
                record=e,
                sequence=5,
            )
            for e in evidences
        ]

    def _amarc_previous_action_inputs(self):
        """The previous review of the same type and its actions still open."""
        previous = self.previous_review_id
        if not previous:
            return []
        lines = [
            self._input(
                "previous_actions",
                self.env._(
                    "Previous %(review)s of %(date)s",
                    review=previous.name,
                    date=previous.date,
                ),
                value=self.env._(
                    "%(open)s of %(total)s decided actions still open",
                    open=len(self.carried_action_ids),
                    total=len(previous.action_ids),
                ),
                record=previous,
                sequence=1,
            )
        ]
        for action in self.carried_action_ids:
            lines.append(
                self._input(
                    "previous_actions",
                    self.env._("Carried over: %(action)s", action=action.name),
                    value=selection_label(action, "state"),
                    record=action,
                    sequence=2,
                )
            )
        return lines

    def _amarc_year_action_domain(self):
        """The actions of the review's year: those of its plans, or created in
        it when they have no plan; cancelled ones left out."""
        start, end = year_bounds(self.year)
        return [
            ("company_id", "=", self.company_id.id),
            ("state", "!=", "cancelled"),
            "|",
            ("plan_id.year", "=", self.year),
            "&",
            "&",
            ("plan_id", "=", False),
            ("create_date", ">=", start),
            ("create_date", "<", end),
        ]

    def _amarc_nonconformity_inputs(self):
        """The actions of the year by state, their effectiveness and the
        overdue ones."""
        Action = self.env["amarc.action"]
        domain = self._amarc_year_action_domain()
        lines = []
        counts = Action._read_group(domain, ["state"], ["__count"])
        if counts:
            states = selection_labels(Action, "state")
            lines.append(
                self._input(
                    "nonconformities",
                    self.env._("Actions of %(year)s by state", year=self.year),
                    value=", ".join(
                        f"{states[state]}: {count}" for state, count in counts
                    ),
                    sequence=10,
                )
            )
        lines += self._amarc_effectiveness_inputs(domain)
        overdue = Action.search_count(domain + [("overdue", "=", True)])
        if overdue:
            lines.append(
                self._input(
                    "nonconformities",
                    self.env._("Overdue actions"),
                    value=str(overdue),
                    sequence=12,
                )
            )
        return lines

    def _amarc_effectiveness_inputs(self, domain):
        """The effectiveness of the actions of ``domain`` and its rate."""
        counts = dict(
            self.env["amarc.action"]._read_group(
                domain + [("effectiveness_state", "!=", False)],
                ["effectiveness_state"],
                ["__count"],
            )
        )
        if not counts:
            return []
        effective = counts.get("effective", 0)
        judged = effective + counts.get("not_effective", 0)
        return [
            self._input(
                "nonconformities",
                self.env._("Effectiveness of the actions of %(year)s", year=self.year),
                value=self.env._(
                    "%(effective)s effective, %(not_effective)s not effective, "
                    "%(pending)s to be judged (effectiveness rate %(rate)s %%)",
                    effective=effective,
                    not_effective=counts.get("not_effective", 0),
                    pending=counts.get("pending", 0),
                    rate=round(100.0 * effective / judged) if judged else "-",
                ),
                sequence=11,
            )
        ]

    def _amarc_plan_inputs(self):
        """The progress of each action plan of the year."""
        return [
            self._input(
                "opportunities",
                plan.name,
                value=self.env._(
                    "%(done)s/%(total)s actions done (%(progress)s %%)",
                    done=plan.action_done_count,
                    total=plan.action_count,
                    progress=round(plan.progress),
                ),
                record=plan,
                sequence=20,
            )
            for plan in self._amarc_year_plans()
        ]

    def _amarc_year_plans(self):
        """The action plans of the review's company and year, not cancelled."""
        return self.env["amarc.action.plan"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("year", "=", self.year),
                ("state", "!=", "cancelled"),
            ]
        )

    def action_collect_inputs(self):
        """(Re)build the collected input lines; lines typed by hand are kept.
        The collected lines of a review completed before (and reopened) are
        records of chapter V: archived, not deleted."""
        self._check_draft()
        for review in self:
            collected = review.input_ids.filtered("auto")
            kept = collected.filtered(lambda line: line._amarc_retention_until())
            kept.active = False
            (collected - kept).unlink()
            lines = review._amarc_review_inputs()
            self.env["amarc.review.input"].create(
                [dict(line, review_id=review.id) for line in lines]
            )
            review._amarc_year_plans().filtered(
                lambda plan: not plan.review_id
            ).review_id = review
            review.inputs_collected_date = fields.Datetime.now()
        return True

    # ------------------------------------------------------------------
    # Life cycle
    # ------------------------------------------------------------------
    def action_done(self):
        self._check_draft()
        for review in self:
            if not review.input_ids:
                raise UserError(
                    self.env._(
                        "Review %(review)s has no input: collect the inputs first.",
                        review=review.name,
                    )
                )
        self._amarc_write_protected(
            {"state": "done", "done_date": fields.Date.context_today(self)}
        )
        self._amarc_fulfil_obligations()

    def _amarc_fulfil_obligations(self):
        """A done process review fulfils 1.6, a done management review 1.7:
        the review is the evidence, on the date it was held."""
        for review in self:
            self.env["amarc.obligation"]._amarc_fulfil(
                REVIEW_CRITERIA[review.review_type],
                review,
                min(review.date, fields.Date.context_today(self)),
            )

    def _amarc_retention_until(self):
        """Three years from the review, or from its completion when later."""
        self.ensure_one()
        until = super()._amarc_retention_until()
        if self.done_date and self.date and self.done_date > self.date:
            return self.done_date + relativedelta(years=self._amarc_retention_years)
        return until

    def action_cancel(self):
        self._check_draft()
        self.state = "cancelled"

    def action_reopen(self):
        if not self.env.user.has_group("amarc_referential.group_amarc_manager"):
            raise UserError(self.env._("Only a quality manager can reopen a review."))
        for review in self.filtered(lambda r: r.state != "draft"):
            review.state = "draft"
            # logged: the inputs and decisions of a completed review change
            # only after this reopening, which the chatter keeps
            review.message_post(
                body=self.env._(
                    "Review reopened by %(user)s: its inputs and decisions can be "
                    "changed again.",
                    user=self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _check_not_frozen(self):
        """A completed review, its inputs and its decisions are frozen."""
        if any(review.state == "done" for review in self):
            raise UserError(
                self.env._(
                    "A completed review is frozen: reopen it before changing it."
                )
            )

    def write(self, vals):
        if set(vals) - {"state", "message_main_attachment_id"}:
            self._check_not_frozen()
        return super().write(vals)

    def action_new_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "amarc.action",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_review_id": self.id,
                "default_company_id": self.company_id.id,
                "default_source": f"amarc.review,{self.id}",
            },
        }
