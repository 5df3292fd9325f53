from odoo import api, fields, models


class AmarcOverview(models.TransientModel):  # pylint: disable=no-wizard-in-models
    _inherit = "amarc.overview"

    action_overdue_count = fields.Integer(
        string="Actions overdue", compute="_compute_actions"
    )
    action_to_judge_count = fields.Integer(
        string="Effectiveness to judge", compute="_compute_actions"
    )
    action_open_count = fields.Integer(
        string="Actions to do", compute="_compute_actions"
    )
    effectiveness_rate = fields.Float(
        string="Effectiveness rate this year", compute="_compute_actions"
    )

    @api.depends("company_id")
    def _compute_actions(self):
        Action = self.env["amarc.action"]
        year_start = fields.Date.context_today(self).replace(month=1, day=1)
        for overview in self:
            domain = [("company_id", "=", overview.company_id.id)]
            overview.action_overdue_count = Action.search_count(
                domain + [("overdue", "=", True)]
            )
            overview.action_to_judge_count = Action.search_count(
                domain + [("effectiveness_state", "=", "pending")]
            )
            overview.action_open_count = Action.search_count(
                domain + [("state", "in", ("draft", "open"))]
            )
            judged = dict(
                Action._read_group(
                    domain
                    + [
                        ("effectiveness_date", ">=", year_start),
                        ("effectiveness_state", "in", ("effective", "not_effective")),
                    ],
                    ["effectiveness_state"],
                    ["__count"],
                )
            )
            total = sum(judged.values())
            overview.effectiveness_rate = (
                100.0 * judged.get("effective", 0) / total if total else 0.0
            )

    @api.readonly
    def action_open_actions_overdue(self):
        return self._open(
            "amarc_action_plan.amarc_action_action",
            [("company_id", "=", self.company_id.id), ("overdue", "=", True)],
        )

    @api.readonly
    def action_open_actions_to_judge(self):
        return self._open(
            "amarc_action_plan.amarc_action_action",
            [
                ("company_id", "=", self.company_id.id),
                ("effectiveness_state", "=", "pending"),
            ],
        )

    @api.readonly
    def action_open_actions_todo(self):
        return self._open(
            "amarc_action_plan.amarc_action_action",
            [
                ("company_id", "=", self.company_id.id),
                ("state", "in", ("draft", "open")),
            ],
        )
