from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

#: months between two controls of each frequency
FREQUENCY_MONTHS = {"monthly": 1, "quarterly": 3, "semiannual": 6, "yearly": 12}


class AmarcControlPlan(models.Model):
    """One planned control of the company's internal control plan for a year:
    the criteria a control method checks, how often and on how many samples
    (calls, visits, web contacts, documents). Its campaigns are the controls
    actually run."""

    _name = "amarc.control.plan"
    _description = "AMARC Internal Control Plan"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "year desc, sequence, id"
    _check_company_auto = True

    name = fields.Char(
        compute="_compute_name", store=True, readonly=False, precompute=True
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    year = fields.Integer(
        required=True,
        default=lambda self: fields.Date.context_today(self).year,
        aggregator=None,
        tracking=True,
    )
    control_method_id = fields.Many2one(
        "amarc.control.method", required=True, ondelete="restrict", tracking=True
    )
    criterion_ids = fields.Many2many(
        "amarc.criterion",
        string="Criteria controlled",
        domain="[('control_method_ids', 'in', control_method_id)]",
        required=True,
    )
    frequency = fields.Selection(
        [
            ("monthly", "Monthly"),
            ("quarterly", "Quarterly"),
            ("semiannual", "Every six months"),
            ("yearly", "Yearly"),
        ],
        required=True,
        default="quarterly",
        tracking=True,
    )
    sample_size = fields.Integer(
        string="Samples per control",
        required=True,
        default=10,
        tracking=True,
        help="Calls, visits or contacts to make at each control.",
    )
    provider_id = fields.Many2one(
        "res.partner",
        help="The company that runs the mystery calls or visits; empty when "
        "they are run internally.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        domain="[('share', '=', False)]",
        default=lambda self: self.env.user,
        tracking=True,
    )
    campaign_ids = fields.One2many("amarc.control.campaign", "plan_id")
    campaign_count = fields.Integer(compute="_compute_campaign_count")
    note = fields.Html()

    _sample_size_positive = models.Constraint(
        "CHECK(sample_size > 0)", "A control takes at least one sample."
    )
    _year_check = models.Constraint(
        "CHECK(year BETWEEN 2000 AND 2999)", "The year of a control plan is invalid."
    )

    @api.depends("control_method_id", "year")
    def _compute_name(self):
        for plan in self:
            plan.name = self.env._(
                "%(method)s %(year)s",
                method=plan.control_method_id.name or "",
                year=plan.year or "",
            ).strip()

    @api.depends("campaign_ids")
    def _compute_campaign_count(self):
        counts = dict(
            self.env["amarc.control.campaign"]._read_group(
                [("plan_id", "in", self.ids)], ["plan_id"], ["__count"]
            )
        )
        for plan in self:
            plan.campaign_count = counts.get(plan, 0)

    def _periods(self):
        """(first day, last day) of each control of the year."""
        self.ensure_one()
        step = FREQUENCY_MONTHS[self.frequency]
        start = date(self.year, 1, 1)
        return [
            (
                start + relativedelta(months=month),
                start + relativedelta(months=month + step, days=-1),
            )
            for month in range(0, 12, step)
        ]

    def action_schedule_campaigns(self):
        """Create the year's campaigns of the plan, one per period of its
        frequency, those not yet created; each gets an activity for the
        responsible on its first day (the reminder)."""
        Campaign = self.env["amarc.control.campaign"]
        for plan in self:
            existing = set(plan.campaign_ids.mapped("date_start"))
            todo = [period for period in plan._periods() if period[0] not in existing]
            if not todo:
                raise UserError(
                    self.env._(
                        "Every control of %(plan)s is already scheduled.",
                        plan=plan.name,
                    )
                )
            campaigns = Campaign.create(
                [
                    {
                        "plan_id": plan.id,
                        "company_id": plan.company_id.id,
                        "control_method_id": plan.control_method_id.id,
                        "date_start": date_start,
                        "date_end": date_end,
                        "provider_id": plan.provider_id.id,
                        "user_id": plan.user_id.id,
                    }
                    for date_start, date_end in todo
                ]
            )
            for campaign in campaigns.filtered("user_id"):
                campaign.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=campaign.date_start,
                    summary=self.env._("Run the control %(name)s", name=campaign.name),
                    user_id=campaign.user_id.id,
                )
        return self.action_open_campaigns()

    def action_open_campaigns(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "amarc_internal_audit.amarc_control_campaign_action"
        )
        action["domain"] = [("plan_id", "in", self.ids)]
        action["context"] = {"default_plan_id": self[:1].id}
        return action
