from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

# ISO 19011 grading: an observation is an opportunity for improvement, a gap a
# nonconformity.
RESULTS = [
    ("todo", "To assess"),
    ("conform", "Conform"),
    ("observation", "Observation"),
    ("minor_gap", "Minor gap"),
    ("major_gap", "Major gap"),
    ("not_applicable", "Not applicable"),
]
GAP_RESULTS = ("minor_gap", "major_gap")
EFFECTIVENESS = [
    ("none", "No action needed"),
    ("pending", "Pending"),
    ("effective", "Effective"),
    ("not_effective", "Not effective"),
]


class AmarcAuditLine(models.Model):
    """The assessment of one criterion in an internal audit."""

    _name = "amarc.audit.line"
    _description = "AMARC Internal Audit Line"
    _inherit = ["amarc.retention.mixin"]
    _order = "audit_id, sequence, id"
    _check_company_auto = True

    audit_id = fields.Many2one(
        "amarc.audit", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="audit_id.company_id", store=True, index=True)
    year = fields.Integer(related="audit_id.year", store=True, aggregator=None)
    audit_state = fields.Selection(related="audit_id.state", string="Audit state")
    sequence = fields.Integer(default=10)
    criterion_id = fields.Many2one(
        "amarc.criterion", required=True, ondelete="restrict", index=True
    )
    criterion_code = fields.Char(related="criterion_id.code", string="Code")
    criterion_name = fields.Char(related="criterion_id.name", string="Criterion title")
    criterion_description = fields.Text(
        related="criterion_id.description", string="Criterion text"
    )
    commitment_id = fields.Many2one(
        related="criterion_id.commitment_id", store=True, index=True
    )
    result = fields.Selection(RESULTS, required=True, default="todo", index=True)
    finding = fields.Text(help="What was observed; for a gap, the requirement not met.")
    root_cause = fields.Text()
    control_method_ids = fields.Many2many(
        "amarc.control.method", string="Control methods used"
    )
    evidence_ids = fields.Many2many(
        "amarc.evidence",
        domain="[('criterion_id', '=', criterion_id), ('company_id', '=', company_id)]",
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Documents")
    auditor_id = fields.Many2one("res.users", domain="[('share', '=', False)]")
    date = fields.Date(string="Assessed on")
    action_ids = fields.Many2many(
        "amarc.action",
        "amarc_audit_line_action_rel",
        "line_id",
        "action_id",
        string="Corrective actions",
        check_company=True,
    )
    previous_line_id = fields.Many2one(
        "amarc.audit.line",
        string="Last year",
        readonly=True,
        check_company=True,
        index="btree_not_null",
        help="The same criterion in the previous audit.",
    )
    previous_result = fields.Selection(
        related="previous_line_id.result", string="Last year's result"
    )
    previous_finding = fields.Text(
        related="previous_line_id.finding", string="Last year's finding"
    )
    previous_effectiveness = fields.Selection(
        related="previous_line_id.effectiveness", string="Last year's actions"
    )
    effectiveness = fields.Selection(
        EFFECTIVENESS,
        compute="_compute_effectiveness",
        store=True,
        help="From the line's actions: pending while an action is not done or not "
        "judged; the follow-up of an action judged not effective decides in its place.",
    )

    _criterion_uniq = models.Constraint(
        "UNIQUE(audit_id, criterion_id)", "A criterion appears once in an audit."
    )

    @api.depends(
        "action_ids.state",
        "action_ids.effectiveness_state",
        "action_ids.effectiveness_required",
        "action_ids.followup_ids",
    )
    def _compute_effectiveness(self):
        for line in self:
            relevant = line.action_ids.filtered(
                lambda a: a.state != "cancelled" and a.effectiveness_required
            )
            leaves = relevant.filtered(
                lambda a, rel=relevant: not (a.followup_ids & rel)
            )
            if not leaves:
                line.effectiveness = "none"
            elif any(
                a.state != "done" or a.effectiveness_state == "pending" for a in leaves
            ):
                line.effectiveness = "pending"
            elif all(a.effectiveness_state == "effective" for a in leaves):
                line.effectiveness = "effective"
            else:
                line.effectiveness = "not_effective"

    @api.depends("criterion_id", "audit_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = " - ".join(
                filter(None, (line.audit_id.name, line.criterion_id.display_name))
            )

    def _amarc_retention_until(self):
        self.ensure_one()
        return self.audit_id._amarc_retention_until()

    def write(self, vals):
        self.audit_id._check_editable()
        if "result" in vals and vals["result"] != "todo":
            for line in self:
                if line.audit_id.state == "draft":
                    raise UserError(
                        self.env._(
                            "Start audit %(audit)s before assessing its criteria.",
                            audit=line.audit_id.name,
                        )
                    )
            vals.setdefault("date", fields.Date.context_today(self))
            vals.setdefault("auditor_id", self.env.user.id)
        return super().write(vals)

    def action_create_action(self, user=None, date_deadline=None):
        """Create a corrective action for this line (its criterion, the line as
        source) in the audit's improvement plan, and open it."""
        self.ensure_one()
        if self.result not in GAP_RESULTS + ("observation",):
            raise UserError(
                self.env._(
                    "Criterion %(code)s is not a gap or an observation: no corrective "
                    "action to create.",
                    code=self.criterion_id.code,
                )
            )
        plan = self.audit_id._get_or_create_plan()
        owner = (
            user or self.auditor_id or self.audit_id.lead_auditor_id or self.env.user
        )
        action = self.env["amarc.action"].create(
            {
                "name": self.env._(
                    "%(code)s: %(finding)s",
                    code=self.criterion_id.code,
                    finding=(self.finding or self.criterion_id.name or "")[:80],
                ),
                "plan_id": plan.id,
                "action_type": "corrective"
                if self.result in GAP_RESULTS
                else "improvement",
                "criterion_ids": [(6, 0, self.criterion_id.ids)],
                "source": f"{self._name},{self.id}",
                "user_id": owner.id,
                "date_deadline": date_deadline
                or fields.Date.context_today(self) + relativedelta(months=3),
                "description": Markup("<p>%s</p>") % self.finding
                if self.finding
                else False,
            }
        )
        self.sudo().action_ids = [(4, action.id)]
        return {
            "type": "ir.actions.act_window",
            "res_model": "amarc.action",
            "res_id": action.id,
            "view_mode": "form",
            "target": "current",
        }
