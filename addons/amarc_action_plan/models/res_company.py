from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    amarc_action_reminder_days = fields.Integer(
        string="Remind action owners (days before deadline)",
        default=7,
        help="An activity is put on the owner of an open action this many days "
        "before its deadline, and another one when the deadline has passed.",
    )

    amarc_management_partner_ids = fields.Many2many(
        "res.partner",
        "amarc_company_management_partner_rel",
        "company_id",
        "partner_id",
        string="Management recipients",
        help="The management and services concerned who receive the yearly "
        "analyses (5.3 satisfaction results, 6.2 complaints and their plan).",
    )
    # 5.6 and 6.4 (level B): the effectiveness of the actions of the survey-
    # and complaint-analysis plans is measured; the actions of an alert too
    amarc_effectiveness_survey_analysis = fields.Boolean(
        string="Effectiveness of survey-analysis actions",
        compute="_compute_amarc_effectiveness",
        store=True,
        readonly=False,
        help="Every action of a satisfaction-survey analysis plan requires an "
        "effectiveness judgement (5.6). Required at level B by default.",
    )
    amarc_effectiveness_complaint_analysis = fields.Boolean(
        string="Effectiveness of complaint-analysis actions",
        compute="_compute_amarc_effectiveness",
        store=True,
        readonly=False,
        help="Every action of a complaint-analysis plan requires an effectiveness "
        "judgement (6.4). Required at level B by default.",
    )
    amarc_effectiveness_alert = fields.Boolean(
        string="Effectiveness of alert actions",
        compute="_compute_amarc_effectiveness",
        store=True,
        readonly=False,
        help="Every action decided after an alert requires an effectiveness "
        "judgement (6.4). Required at level B by default.",
    )

    @api.depends("amarc_level")
    def _compute_amarc_effectiveness(self):
        for company in self:
            required = company.amarc_level == "B"
            company.amarc_effectiveness_survey_analysis = required
            company.amarc_effectiveness_complaint_analysis = required
            company.amarc_effectiveness_alert = required

    def _amarc_effectiveness_origins(self):
        """The plan origins whose every action requires an effectiveness
        judgement in this company."""
        if not self:
            return set()
        self.ensure_one()
        return {
            origin
            for origin in ("survey_analysis", "complaint_analysis", "alert")
            if self[f"amarc_effectiveness_{origin}"]
        }

    _amarc_action_reminder_days_check = models.Constraint(
        "CHECK(amarc_action_reminder_days >= 0)",
        "The number of days before an action's deadline cannot be negative.",
    )
