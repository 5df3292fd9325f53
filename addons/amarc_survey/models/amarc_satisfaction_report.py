from odoo import api, fields, models, tools
from odoo.tools import SQL


class AmarcSatisfactionReport(models.Model):
    """Satisfaction indicators (AMARC 1.12, 5.3): one row per survey sent.
    Response rate = answered / sent; satisfaction rate = satisfied / answered,
    both as averages so that they aggregate right by month, team, reason and
    agent in the pivot and graph views."""

    _name = "amarc.satisfaction.report"
    _description = "AMARC Satisfaction Indicators"
    _auto = False
    _order = "date desc"
    _rec_name = "ticket_id"
    _depends = {
        "amarc.satisfaction.request": [
            "ticket_id",
            "company_id",
            "team_id",
            "category_id",
            "user_id",
            "partner_id",
            "sent_date",
            "state",
            "satisfied",
            "score",
            "resatisfaction_state",
        ],
    }

    request_id = fields.Many2one("amarc.satisfaction.request", readonly=True)
    ticket_id = fields.Many2one("helpdesk.ticket", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    category_id = fields.Many2one(
        "helpdesk.ticket.category", string="Reason", readonly=True
    )
    user_id = fields.Many2one("res.users", string="Agent", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    date = fields.Datetime(string="Sent on", readonly=True)
    state = fields.Selection(
        [("sent", "Sent"), ("answered", "Answered"), ("expired", "Expired")],
        readonly=True,
    )
    sent_count = fields.Integer(string="Sent", readonly=True, aggregator="sum")
    answered_count = fields.Integer(string="Answered", readonly=True, aggregator="sum")
    satisfied_count = fields.Integer(
        string="Satisfied", readonly=True, aggregator="sum"
    )
    dissatisfied_count = fields.Integer(
        string="Dissatisfied", readonly=True, aggregator="sum"
    )
    resatisfied_count = fields.Integer(
        string="Re-satisfied", readonly=True, aggregator="sum"
    )
    response_rate = fields.Float(
        string="Response rate (%)", readonly=True, aggregator="avg"
    )
    satisfaction_rate = fields.Float(
        string="Satisfaction rate (%)", readonly=True, aggregator="avg"
    )
    score = fields.Float(string="Average score", readonly=True, aggregator="avg")

    def _query(self):
        return SQL(
            """
            SELECT r.id AS id,
                   r.id AS request_id,
                   r.ticket_id,
                   r.company_id,
                   r.team_id,
                   r.category_id,
                   r.user_id,
                   r.partner_id,
                   r.sent_date AS date,
                   r.state,
                   1 AS sent_count,
                   (r.state = 'answered')::int AS answered_count,
                   (r.state = 'answered' AND r.satisfied IS TRUE)::int
                       AS satisfied_count,
                   (r.state = 'answered' AND r.satisfied IS NOT TRUE)::int
                       AS dissatisfied_count,
                   (r.resatisfaction_state = 'resatisfied')::int AS resatisfied_count,
                   CASE WHEN r.state = 'answered' THEN 100.0 ELSE 0.0 END
                       AS response_rate,
                   CASE WHEN r.state = 'answered'
                        THEN CASE WHEN r.satisfied THEN 100.0 ELSE 0.0 END
                   END AS satisfaction_rate,
                   NULLIF(r.score, 0) AS score
              FROM amarc_satisfaction_request r
             WHERE r.state IN ('sent', 'answered', 'expired')
               AND r.sent_date IS NOT NULL
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )

    @api.model
    def _amarc_rates(self, domain):
        """{sent, answered, satisfied, dissatisfied, response_rate,
        satisfaction_rate} over the rows of ``domain`` (rates in %, None when
        there is nothing to divide)."""
        [(sent, answered, satisfied, dissatisfied)] = self._read_group(
            domain,
            [],
            [
                "sent_count:sum",
                "answered_count:sum",
                "satisfied_count:sum",
                "dissatisfied_count:sum",
            ],
        )
        sent, answered, satisfied = sent or 0, answered or 0, satisfied or 0
        return {
            "sent": sent,
            "answered": answered,
            "satisfied": satisfied,
            "dissatisfied": dissatisfied or 0,
            "response_rate": 100.0 * answered / sent if sent else None,
            "satisfaction_rate": 100.0 * satisfied / answered if answered else None,
        }

    @api.model
    def _amarc_rates_by(self, domain, groupby):
        """{group record: rates} for one grouping (``team_id``, ``category_id``,
        ``user_id``, ``date:month``)."""
        result = {}
        for group, sent, answered, satisfied in self._read_group(
            domain,
            [groupby],
            ["sent_count:sum", "answered_count:sum", "satisfied_count:sum"],
        ):
            result[group] = {
                "sent": sent,
                "answered": answered,
                "satisfied": satisfied,
                "response_rate": 100.0 * answered / sent if sent else None,
                "satisfaction_rate": 100.0 * satisfied / answered if answered else None,
            }
        return result
