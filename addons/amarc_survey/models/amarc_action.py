from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

#: months of answers compared before and after an action (AMARC 5.6)
EFFECTIVENESS_WINDOW_MONTHS = 6


class AmarcAction(models.Model):
    _inherit = "amarc.action"

    amarc_plan_origin = fields.Selection(related="plan_id.origin")
    amarc_satisfaction_before = fields.Float(
        string="Satisfaction before (%)",
        compute="_compute_amarc_satisfaction",
        help="Satisfaction rate of the answered surveys sent in the 6 months "
        "before the action was done (before today while it is open), for the "
        "action's reason or team when its source is one, else for the company.",
    )
    amarc_satisfaction_after = fields.Float(
        string="Satisfaction after (%)",
        compute="_compute_amarc_satisfaction",
        help="Satisfaction rate of the answered surveys sent in the 6 months "
        "after the action was done.",
    )
    amarc_satisfaction_before_count = fields.Integer(
        string="Answers before", compute="_compute_amarc_satisfaction"
    )
    amarc_satisfaction_after_count = fields.Integer(
        string="Answers after", compute="_compute_amarc_satisfaction"
    )
    amarc_satisfaction_trend = fields.Float(
        string="Satisfaction change (points)",
        compute="_compute_amarc_satisfaction",
        help="Satisfaction after minus satisfaction before, in percentage points.",
    )

    def _amarc_satisfaction_domain(self):
        self.ensure_one()
        domain = [("company_id", "=", self.company_id.id), ("state", "=", "answered")]
        source = self.source
        if source and source._name == "helpdesk.ticket.category":
            domain.append(("category_id", "=", source.id))
        elif source and source._name == "helpdesk.ticket.team":
            domain.append(("team_id", "=", source.id))
        return domain

    @api.depends("date_done", "source", "company_id")
    def _compute_amarc_satisfaction(self):
        # the company's rates, not only the surveys the reader may open
        Report = self.env["amarc.satisfaction.report"].sudo()
        today = fields.Date.context_today(self)
        for action in self:
            pivot = action.date_done or today
            start = pivot - relativedelta(months=EFFECTIVENESS_WINDOW_MONTHS)
            end = pivot + relativedelta(months=EFFECTIVENESS_WINDOW_MONTHS)
            domain = action._amarc_satisfaction_domain()
            before = Report._amarc_rates(
                domain + [("date", ">=", start), ("date", "<", pivot)]
            )
            after = (
                Report._amarc_rates(
                    domain + [("date", ">=", pivot), ("date", "<", end)]
                )
                if action.date_done
                else {"answered": 0, "satisfaction_rate": None}
            )
            action.amarc_satisfaction_before = before["satisfaction_rate"] or 0.0
            action.amarc_satisfaction_after = after["satisfaction_rate"] or 0.0
            action.amarc_satisfaction_before_count = before["answered"]
            action.amarc_satisfaction_after_count = after["answered"]
            action.amarc_satisfaction_trend = (
                after["satisfaction_rate"] - before["satisfaction_rate"]
                if after["satisfaction_rate"] is not None
                and before["satisfaction_rate"] is not None
                else 0.0
            )
