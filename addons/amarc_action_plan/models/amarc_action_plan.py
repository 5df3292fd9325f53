from odoo import api, fields, models
from odoo.exceptions import UserError

PLAN_ORIGINS = [
    ("audit", "Internal audit"),
    ("survey_analysis", "Satisfaction survey analysis"),
    ("complaint_analysis", "Complaint analysis"),
    ("review", "Review"),
    ("alert", "Alert"),
    ("certification", "Certification body"),
]

#: the yearly obligation an action plan of this origin fulfils once drawn up:
#: 5.4 (the plan after the satisfaction survey results), 6.1 (the plan after
#: the analysis of suggestions, remarks and complaints)
ORIGIN_OBLIGATIONS = {
    "survey_analysis": "5.4",
    "complaint_analysis": "6.1",
}


class AmarcActionPlan(models.Model):
    """An improvement plan: the corrective and preventive actions decided after
    an analysis (audit, survey results, complaints, alert, review)."""

    _name = "amarc.action.plan"
    _description = "AMARC Action Plan"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "year desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    year = fields.Integer(
        aggregator=None,
        required=True,
        default=lambda self: fields.Date.context_today(self).year,
        tracking=True,
    )
    origin = fields.Selection(
        PLAN_ORIGINS, required=True, default="complaint_analysis", tracking=True
    )
    source = fields.Reference(
        selection="_selection_source",
        string="Source record",
        help="The record whose analysis produced this plan (an audit, an alert, ...).",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    description = fields.Html()
    action_ids = fields.One2many("amarc.action", "plan_id", string="Actions")
    review_id = fields.Many2one(
        "amarc.review",
        string="Reviewed in",
        index="btree_not_null",
        check_company=True,
        tracking=True,
        help="The review that took in this plan.",
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
    action_count = fields.Integer(
        string="Number of actions", compute="_compute_progress"
    )
    action_done_count = fields.Integer(compute="_compute_progress")
    action_overdue_count = fields.Integer(string="Overdue", compute="_compute_progress")
    progress = fields.Float(
        compute="_compute_progress", help="Share of the plan's actions that are done."
    )
    effectiveness_rate = fields.Float(
        compute="_compute_progress",
        help="Share of the judged actions that were judged effective.",
    )

    _year_check = models.Constraint(
        "CHECK(year BETWEEN 2000 AND 2999)",
        "The year of a plan must be a four-digit year.",
    )

    _analysis_plan_uniq = models.UniqueIndex(
        "(company_id, year, origin) WHERE origin IN "
        "('survey_analysis', 'complaint_analysis') AND state != 'cancelled'",
        "A company has one action plan per yearly analysis (satisfaction survey "
        "or complaints) and year: open the existing one.",
    )

    @api.model
    def _amarc_analysis_plan(self, company, year, origin):
        """The plan a yearly analysis (``origin``) of ``company`` already drew
        up for ``year``, not cancelled; empty when there is none yet."""
        return self.search(
            [
                ("company_id", "=", company.id),
                ("year", "=", year),
                ("origin", "=", origin),
                ("state", "!=", "cancelled"),
            ],
            order="id",
            limit=1,
        )

    def _amarc_open_form(self):
        """The window action that opens this plan's form."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    @api.model
    def _selection_source(self):
        return self.env["amarc.action"]._selection_source()

    @api.depends(
        "action_ids.state", "action_ids.effectiveness_state", "action_ids.date_deadline"
    )
    def _compute_progress(self):
        Action = self.env["amarc.action"]
        domain = [("plan_id", "in", self.ids), ("state", "!=", "cancelled")]
        by_state = {
            (plan.id, state): count
            for plan, state, count in Action._read_group(
                domain, ["plan_id", "state"], ["__count"]
            )
        }
        by_effectiveness = {
            (plan.id, eff): count
            for plan, eff, count in Action._read_group(
                domain, ["plan_id", "effectiveness_state"], ["__count"]
            )
        }
        overdue = dict(
            Action._read_group(
                domain + [("overdue", "=", True)], ["plan_id"], ["__count"]
            )
        )
        for plan in self:
            pid = plan._origin.id
            total = sum(by_state.get((pid, s), 0) for s in ("draft", "open", "done"))
            done = by_state.get((pid, "done"), 0)
            effective = by_effectiveness.get((pid, "effective"), 0)
            judged = effective + by_effectiveness.get((pid, "not_effective"), 0)
            plan.action_count = total
            plan.action_done_count = done
            plan.action_overdue_count = overdue.get(plan._origin, 0)
            plan.progress = 100.0 * done / total if total else 0.0
            plan.effectiveness_rate = 100.0 * effective / judged if judged else 0.0

    @api.model_create_multi
    def create(self, vals_list):
        plans = super().create(vals_list)
        plans._amarc_fulfil_obligations()
        return plans

    def _amarc_fulfil_obligations(self):
        """A survey- or complaint-analysis plan drawn up fulfils its yearly
        obligation (5.4, 6.1); the plan is the evidence."""
        today = fields.Date.context_today(self)
        for plan in self.filtered(lambda p: p.origin in ORIGIN_OBLIGATIONS):
            self.env["amarc.obligation"]._amarc_fulfil(
                ORIGIN_OBLIGATIONS[plan.origin], plan, today
            )

    def action_start(self):
        for plan in self:
            if plan.state != "draft":
                raise UserError(
                    self.env._(
                        "Only a draft plan can be started (%(plan)s).", plan=plan.name
                    )
                )
        self.state = "in_progress"

    def action_done(self):
        for plan in self:
            if plan.state != "in_progress":
                raise UserError(
                    self.env._(
                        "Only a plan in progress can be closed (%(plan)s).",
                        plan=plan.name,
                    )
                )
            blocking = plan.action_ids.filtered(
                lambda a: (
                    a.state in ("draft", "open") or a.effectiveness_state == "pending"
                )
            )
            if blocking:
                raise UserError(
                    self.env._(
                        "Plan %(plan)s cannot be closed: these actions are not "
                        "finished or their effectiveness is not judged yet: "
                        "%(actions)s.",
                        plan=plan.name,
                        actions=", ".join(blocking.mapped("name")),
                    )
                )
        self.state = "done"

    def action_cancel(self):
        for plan in self:
            if plan.state == "done":
                raise UserError(
                    self.env._(
                        "A closed plan cannot be cancelled (%(plan)s).", plan=plan.name
                    )
                )
        self.action_ids.filtered(lambda a: a.state in ("draft", "open")).action_cancel()
        self.state = "cancelled"

    def action_reopen(self):
        for plan in self:
            if plan.state not in ("done", "cancelled"):
                raise UserError(
                    self.env._(
                        "Plan %(plan)s is not closed or cancelled.", plan=plan.name
                    )
                )
        self.state = "in_progress"

    def action_open_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "amarc_action_plan.amarc_action_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {
            "default_plan_id": self.id,
            "default_company_id": self.company_id.id,
        }
        return action

    def action_export_xlsx(self):
        return self.env["amarc.action.export"]._open_for(plans=self)
