from odoo import fields, models, tools
from odoo.tools import SQL

from .amarc_control_sample import GRID, RESULT


class AmarcControlResult(models.Model):
    """One sample's result on one criterion of the grid (an SQL view): what the
    campaigns' conformity rates per criterion and the audit lines' proposals
    aggregate (``measured:sum``, ``conform:sum``)."""

    _name = "amarc.control.result"
    _description = "AMARC Control Result per Criterion"
    _auto = False
    _order = "criterion_id, sample_id"
    _depends = {
        "amarc.control.sample": [
            "campaign_id",
            "company_id",
            "date",
            *GRID.values(),
        ],
        "amarc.control.campaign": ["year", "state", "control_method_id"],
        "res.company": ["amarc_referential_id"],
        "amarc.criterion": ["code", "referential_id"],
    }

    sample_id = fields.Many2one("amarc.control.sample", readonly=True)
    campaign_id = fields.Many2one("amarc.control.campaign", readonly=True)
    control_method_id = fields.Many2one("amarc.control.method", readonly=True)
    campaign_state = fields.Selection(
        [("planned", "Planned"), ("done", "Done")], readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True)
    year = fields.Integer(readonly=True, aggregator=None)
    date = fields.Datetime(readonly=True)
    criterion_id = fields.Many2one("amarc.criterion", readonly=True)
    result = fields.Selection(RESULT, readonly=True)
    measured = fields.Integer(string="Samples", readonly=True, aggregator="sum")
    conform = fields.Integer(readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        grid = SQL(", ").join(
            SQL("(%s, %s)", code, SQL.identifier("sample", column))
            for code, column in GRID.items()
        )
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(view)s AS (
                    SELECT
                        row_number() OVER (ORDER BY sample.id, criterion.id) AS id,
                        sample.id AS sample_id,
                        sample.campaign_id,
                        campaign.control_method_id,
                        campaign.state AS campaign_state,
                        sample.company_id,
                        campaign.year,
                        sample.date,
                        criterion.id AS criterion_id,
                        grid.result,
                        1 AS measured,
                        CASE WHEN grid.result = 'conform' THEN 1 ELSE 0 END
                            AS conform
                    FROM amarc_control_sample sample
                    JOIN amarc_control_campaign campaign
                        ON campaign.id = sample.campaign_id
                    JOIN res_company company ON company.id = sample.company_id
                    CROSS JOIN LATERAL (VALUES %(grid)s) AS grid(code, result)
                    JOIN amarc_criterion criterion
                        ON criterion.code = grid.code
                        AND criterion.referential_id = company.amarc_referential_id
                    WHERE grid.result IS NOT NULL
                )
                """,
                view=SQL.identifier(self._table),
                grid=grid,
            )
        )
