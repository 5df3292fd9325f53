from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.amarc_referential.models.amarc_criterion import LEVELS

from .amarc_audit_line import GAP_RESULTS, RESULTS
from .res_company import INTERNAL_AUDIT_CODE


class AmarcAudit(models.Model):
    """A yearly internal audit of the certified characteristics (chapter VI)."""

    _name = "amarc.audit"
    _description = "AMARC Internal Audit"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "amarc.retention.mixin",
        "amarc.protected.mixin",
    ]
    #: an audit moves through its actions (start, done with its checks,
    #: cancel, reopen), never by writing its state
    _amarc_protected_fields = ("state",)
    # Audits are the internal control plan's records: three years (chapter V.2),
    # from the end of the audit.
    _amarc_retention_years = 3
    _order = "year desc, date_start desc, id desc"
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
    year = fields.Integer(
        aggregator=None,
        required=True,
        default=lambda self: fields.Date.context_today(self).year,
        tracking=True,
    )
    level = fields.Selection(
        LEVELS,
        required=True,
        default=lambda self: self.env.company.amarc_level or "A",
        tracking=True,
    )
    commitment_ids = fields.Many2many(
        "amarc.commitment",
        string="Scope",
        help="Commitments audited. Empty: every commitment (a year may be split "
        "into several audits).",
    )
    date_start = fields.Date(string="Start date", default=fields.Date.context_today)
    date_end = fields.Date(string="End date")
    lead_auditor_id = fields.Many2one(
        "res.users",
        string="Lead auditor",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    auditor_ids = fields.Many2many(
        "res.users", string="Auditors", domain="[('share', '=', False)]"
    )
    line_ids = fields.One2many("amarc.audit.line", "audit_id", string="Lines")
    plan_id = fields.Many2one(
        "amarc.action.plan",
        string="Improvement plan",
        readonly=True,
        copy=False,
        check_company=True,
        help="The action plan that gathers the corrective actions of this audit.",
    )
    review_id = fields.Many2one(
        "amarc.review",
        string="Process review",
        readonly=True,
        copy=False,
        check_company=True,
        help="The process review (1.6) that integrated this audit.",
    )
    previous_audit_id = fields.Many2one(
        "amarc.audit",
        string="Prepared from",
        readonly=True,
        check_company=True,
        copy=False,
        index="btree_not_null",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("in_progress", "In progress"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    conclusion = fields.Html()
    line_count = fields.Integer(compute="_compute_counts", string="Criteria audited")
    todo_count = fields.Integer(compute="_compute_counts", string="To assess")
    conform_count = fields.Integer(compute="_compute_counts", string="Conform")
    observation_count = fields.Integer(compute="_compute_counts", string="Observations")
    minor_gap_count = fields.Integer(compute="_compute_counts", string="Minor gaps")
    major_gap_count = fields.Integer(compute="_compute_counts", string="Major gaps")
    action_count = fields.Integer(
        compute="_compute_counts", string="Corrective actions"
    )
    coverage_missing_count = fields.Integer(
        compute="_compute_coverage_missing_count",
        string="Criteria not yet assessed this year",
        help="Applicable criteria that no audit of the year has assessed yet.",
    )

    _dates_check = models.Constraint(
        "CHECK(date_end IS NULL OR date_start IS NULL OR date_end >= date_start)",
        "The end date of an audit cannot be before its start date.",
    )
    _year_check = models.Constraint(
        "CHECK(year BETWEEN 2000 AND 2999)",
        "The year of an audit must be a four-digit year.",
    )

    @api.depends("year", "commitment_ids")
    def _compute_name(self):
        for audit in self:
            name = self.env._("Internal audit %(year)s", year=audit.year or "")
            if audit.commitment_ids:
                codes = ", ".join(
                    audit.commitment_ids.sorted("sequence").mapped("code")
                )
                name = self.env._(
                    "%(name)s, commitments %(codes)s", name=name, codes=codes
                )
            audit.name = name

    @api.depends("line_ids.result", "line_ids.action_ids")
    def _compute_counts(self):
        Line = self.env["amarc.audit.line"]
        counts = {
            (audit.id, result): count
            for audit, result, count in Line._read_group(
                [("audit_id", "in", self.ids)], ["audit_id", "result"], ["__count"]
            )
        }
        actions = {}
        if self.ids:
            Line.flush_model(["audit_id", "action_ids"])
            self.env.cr.execute(
                SQL(
                    """SELECT l.audit_id, COUNT(DISTINCT r.action_id)
                         FROM amarc_audit_line l
                         JOIN amarc_audit_line_action_rel r ON r.line_id = l.id
                        WHERE l.audit_id = ANY(%s)
                     GROUP BY l.audit_id""",
                    list(self.ids),
                )
            )
            actions = dict(self.env.cr.fetchall())
        for audit in self:
            aid = audit._origin.id
            for result, _label in RESULTS:
                if f"{result}_count" in audit._fields:
                    audit[f"{result}_count"] = counts.get((aid, result), 0)
            audit.line_count = sum(counts.get((aid, r), 0) for r, _l in RESULTS)
            audit.action_count = actions.get(aid, 0)

    @api.depends("company_id", "year", "line_ids.result", "state")
    def _compute_coverage_missing_count(self):
        Coverage = self.env["amarc.audit.coverage"]
        missing = {
            (company.id, year): count
            for company, year, count in Coverage._read_group(
                [
                    ("company_id", "in", self.company_id.ids),
                    ("year", "in", list(set(self.mapped("year")))),
                    ("assessed", "=", False),
                ],
                ["company_id", "year"],
                ["__count"],
            )
        }
        for audit in self:
            audit.coverage_missing_count = missing.get(
                (audit.company_id.id, audit.year), 0
            )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _applicable_criteria(self):
        """Criteria of the company's referential applicable at the audit's level,
        restricted to the audit's commitments when it has a scope."""
        self.ensure_one()
        Criterion = self.env["amarc.criterion"]
        referential = self.company_id.amarc_referential_id
        if not referential:
            raise UserError(
                self.env._(
                    "Company %(company)s has no AMARC referential: set it in Settings.",
                    company=self.company_id.name,
                )
            )
        domain = [("referential_id", "=", referential.id)] + Criterion._level_domain(
            self.level
        )
        if self.commitment_ids:
            domain.append(("commitment_id", "in", self.commitment_ids.ids))
        return Criterion.search(domain)

    def _check_editable(self):
        # the life-cycle actions, never a key of the request's context
        if self._amarc_protected_writing():
            return
        if any(audit.state == "done" for audit in self) and not self.env.user.has_group(
            "amarc_referential.group_amarc_manager"
        ):
            raise UserError(
                self.env._(
                    "A done audit is read-only: a quality manager must reopen it first."
                )
            )

    def write(self, vals):
        self._check_editable()
        return super().write(vals)

    def _transition(self, vals):
        return self._amarc_write_protected(vals)

    # ------------------------------------------------------------------
    # Life cycle
    # ------------------------------------------------------------------
    def action_start(self):
        for audit in self:
            if audit.state != "draft":
                raise UserError(
                    self.env._(
                        "Only a draft audit can be started (%(audit)s).",
                        audit=audit.name,
                    )
                )
            criteria = audit._applicable_criteria()
            existing = audit.line_ids.criterion_id
            self.env["amarc.audit.line"].create(
                [
                    {
                        "audit_id": audit.id,
                        "criterion_id": criterion.id,
                        "control_method_ids": [
                            (6, 0, criterion.control_method_ids.ids)
                        ],
                        "sequence": criterion.sequence,
                    }
                    for criterion in criteria - existing
                ]
            )
            audit._transition(
                {
                    "state": "in_progress",
                    "date_start": audit.date_start or fields.Date.today(),
                }
            )
        return True

    def _done_blockers(self):
        self.ensure_one()
        todo = self.line_ids.filtered(lambda line: line.result == "todo")
        gaps = self.line_ids.filtered(
            lambda line: (
                line.result in GAP_RESULTS
                and not line.action_ids.filtered(lambda a: a.state != "cancelled")
            )
        )
        return todo, gaps

    def action_done(self):
        for audit in self:
            if audit.state != "in_progress":
                raise UserError(
                    self.env._(
                        "Only an audit in progress can be finished (%(audit)s).",
                        audit=audit.name,
                    )
                )
            todo, gaps = audit._done_blockers()
            problems = []
            if todo:
                problems.append(
                    self.env._(
                        "criteria not assessed yet: %(codes)s",
                        codes=", ".join(todo.criterion_id.mapped("code")),
                    )
                )
            if gaps:
                problems.append(
                    self.env._(
                        "gaps without a corrective action: %(codes)s",
                        codes=", ".join(gaps.criterion_id.mapped("code")),
                    )
                )
            unjustified = audit.line_ids.filtered(
                lambda line: (
                    line.result == "not_applicable" and not (line.finding or "").strip()
                )
            )
            if unjustified:
                problems.append(
                    self.env._(
                        "criteria marked not applicable without a justification "
                        "(write it in the finding): %(codes)s",
                        codes=", ".join(unjustified.criterion_id.mapped("code")),
                    )
                )
            if problems:
                raise UserError(
                    self.env._(
                        "Audit %(audit)s cannot be finished; %(problems)s.",
                        audit=audit.name,
                        problems="; ".join(problems),
                    )
                )
            audit._transition(
                {
                    "state": "done",
                    "date_end": audit.date_end or fields.Date.context_today(self),
                }
            )
        self._amarc_fulfil_yearly_audit()
        return True

    def _amarc_fulfil_yearly_audit(self):
        """VI.1: the yearly internal audit obligation is done once the year's
        audits cover every applicable criterion; the audit that completes the
        coverage is its evidence."""
        today = fields.Date.context_today(self)
        self.env.flush_all()
        for audit in self:
            missing = self.env["amarc.audit.coverage"].search_count(
                [
                    ("company_id", "=", audit.company_id.id),
                    ("year", "=", audit.year),
                    ("assessed", "=", False),
                ]
            )
            if not missing:
                self.env["amarc.obligation"]._amarc_fulfil(
                    INTERNAL_AUDIT_CODE, audit, min(audit.date_end, today)
                )

    def action_cancel(self):
        for audit in self:
            if audit.state == "done":
                raise UserError(
                    self.env._(
                        "A done audit cannot be cancelled (%(audit)s).",
                        audit=audit.name,
                    )
                )
        self._transition({"state": "cancelled"})
        return True

    def action_reopen(self):
        if not self.env.user.has_group("amarc_referential.group_amarc_manager"):
            raise UserError(self.env._("Only a quality manager can reopen an audit."))
        for audit in self:
            if audit.state not in ("done", "cancelled"):
                raise UserError(
                    self.env._(
                        "Audit %(audit)s is not done or cancelled.", audit=audit.name
                    )
                )
            audit._transition({"state": "in_progress"})
            audit.message_post(
                body=self.env._("Audit reopened by %(user)s.", user=self.env.user.name),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_prepare_next(self):
        """Create next year's audit with the same scope, results reset, each line
        linked to this year's line of the same criterion."""
        self.ensure_one()
        if self.state != "done":
            raise UserError(
                self.env._(
                    "Finish audit %(audit)s before preparing the next one.",
                    audit=self.name,
                )
            )
        if self.search_count([("previous_audit_id", "=", self.id)]):
            raise UserError(
                self.env._(
                    "Next year's audit was already prepared from %(audit)s.",
                    audit=self.name,
                )
            )
        next_audit = self.create(
            {
                "company_id": self.company_id.id,
                "year": self.year + 1,
                "level": self.company_id.amarc_level or self.level,
                "commitment_ids": [(6, 0, self.commitment_ids.ids)],
                "lead_auditor_id": self.lead_auditor_id.id,
                "auditor_ids": [(6, 0, self.auditor_ids.ids)],
                "date_start": self.date_start
                and self.date_start + relativedelta(years=1),
                "previous_audit_id": self.id,
            }
        )
        criteria = next_audit._applicable_criteria()
        previous_by_criterion = {line.criterion_id: line for line in self.line_ids}
        self.env["amarc.audit.line"].create(
            [
                {
                    "audit_id": next_audit.id,
                    "criterion_id": criterion.id,
                    "sequence": criterion.sequence,
                    "control_method_ids": [(6, 0, criterion.control_method_ids.ids)],
                    "previous_line_id": previous_by_criterion.get(
                        criterion, self.env["amarc.audit.line"]
                    ).id,
                }
                for criterion in criteria
            ]
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": next_audit.id,
            "view_mode": "form",
        }

    def _amarc_retention_until(self):
        self.ensure_one()
        start = (
            self.date_end or self.date_start or fields.Date.to_date(self.create_date)
        )
        return date(start.year, 12, 31) + relativedelta(
            years=self._amarc_retention_years
        )

    def _amarc_assess(self, result, codes=None, **values):
        """Grade the lines of these audits whose criterion code is in ``codes``
        (every line still to assess when ``codes`` is None). Used by imports,
        demo data and scripts; the form edits lines one by one."""
        lines = self.line_ids
        if codes is None:
            lines = lines.filtered(lambda line: line.result == "todo")
        else:
            lines = lines.filtered(lambda line: line.criterion_id.code in codes)
        lines.write(dict(values, result=result))
        return lines

    def _get_or_create_plan(self):
        """The audit's improvement plan (origin audit), created on first need."""
        self.ensure_one()
        if not self.plan_id:
            plan = (
                self.env["amarc.action.plan"]
                .sudo()
                .create(
                    {
                        "name": self.env._(
                            "Improvement plan - %(audit)s", audit=self.name
                        ),
                        "company_id": self.company_id.id,
                        "year": self.year,
                        "origin": "audit",
                        "source": f"{self._name},{self.id}",
                        "user_id": self.lead_auditor_id.id,
                    }
                )
            )
            self.sudo()._transition({"plan_id": plan.id})
        return self.plan_id

    def action_open_plan(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "amarc.action.plan",
            "res_id": self._get_or_create_plan().id,
            "view_mode": "form",
        }

    @api.readonly
    def action_open_coverage(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "amarc_internal_audit.amarc_audit_coverage_action"
        )
        action["domain"] = [
            ("company_id", "=", self.company_id.id),
            ("year", "=", self.year),
        ]
        action["context"] = {"search_default_missing": 1}
        return action
