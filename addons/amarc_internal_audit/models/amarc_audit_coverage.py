from odoo import fields, models, tools
from odoo.tools import SQL

from .amarc_audit_line import RESULTS


class AmarcAuditCoverage(models.Model):
    """Yearly coverage (VI.1): every criterion applicable to a company at its
    level, for every year since its certification (or since the referential was
    set up for it: its first obligation) up to this year, whether it had audits
    or not, with whether an audit of that year assessed it. A year without any
    audit shows every applicable criterion missing. A line marked not
    applicable covers its criterion only when justified (its finding says
    why)."""

    _name = "amarc.audit.coverage"
    _description = "AMARC Yearly Audit Coverage"
    _auto = False
    _order = "year desc, company_id, sequence"
    # what the view reads: the ORM flushes it before any search or read
    _depends = {
        "amarc.audit": ["company_id", "year", "state"],
        "amarc.audit.line": ["audit_id", "criterion_id", "result", "date", "finding"],
        "amarc.certification": ["company_id", "application_date", "valid_from"],
        "amarc.obligation": ["company_id", "date_start"],
        "amarc.criterion": [
            "referential_id",
            "commitment_id",
            "sequence",
            "active",
            "level_a",
            "level_b",
        ],
        "res.company": ["amarc_referential_id", "amarc_level"],
    }

    company_id = fields.Many2one("res.company", readonly=True)
    year = fields.Integer(readonly=True, aggregator=None)
    criterion_id = fields.Many2one("amarc.criterion", readonly=True)
    commitment_id = fields.Many2one("amarc.commitment", readonly=True)
    sequence = fields.Integer(readonly=True)
    assessed = fields.Boolean(readonly=True)
    result = fields.Selection(RESULTS, string="Latest result", readonly=True)
    audit_id = fields.Many2one("amarc.audit", string="Assessed in", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %s AS (
                    WITH starts AS (
                        SELECT company_id, MIN(year)::int AS year FROM (
                            SELECT company_id, year FROM amarc_audit
                             WHERE state != 'cancelled'
                             UNION ALL
                            SELECT company_id,
                                   EXTRACT(YEAR FROM COALESCE(
                                       LEAST(valid_from, application_date),
                                       application_date))::int
                              FROM amarc_certification
                             UNION ALL
                            SELECT company_id, EXTRACT(YEAR FROM date_start)::int
                              FROM amarc_obligation
                        ) AS s GROUP BY company_id
                    ), ends AS (
                        SELECT company_id,
                               GREATEST(MAX(year),
                                        EXTRACT(YEAR FROM CURRENT_DATE)::int) AS year
                          FROM (
                            SELECT company_id, year FROM amarc_audit
                             WHERE state != 'cancelled'
                             UNION ALL
                            SELECT company_id, year FROM starts
                          ) AS e GROUP BY company_id
                    ), years AS (
                        SELECT s.company_id,
                               generate_series(s.year, e.year) AS year
                          FROM starts s
                          JOIN ends e ON e.company_id = s.company_id
                    ), assessed AS (
                        SELECT DISTINCT ON (a.company_id, a.year, l.criterion_id)
                               a.company_id, a.year, l.criterion_id, l.result,
                               a.id AS audit_id
                          FROM amarc_audit_line l
                          JOIN amarc_audit a ON a.id = l.audit_id
                         WHERE a.state != 'cancelled' AND l.result != 'todo'
                           AND (l.result != 'not_applicable'
                                OR NULLIF(BTRIM(l.finding), '') IS NOT NULL)
                         ORDER BY a.company_id, a.year, l.criterion_id,
                                  l.date DESC NULLS LAST,
                                  l.id DESC
                    )
                    SELECT row_number() OVER (
                               ORDER BY y.company_id, y.year, cr.id
                           ) AS id,
                           y.company_id,
                           y.year,
                           cr.id AS criterion_id,
                           cr.commitment_id,
                           cr.sequence,
                           asd.criterion_id IS NOT NULL AS assessed,
                           COALESCE(asd.result, 'todo') AS result,
                           asd.audit_id
                      FROM years y
                      JOIN res_company c ON c.id = y.company_id
                      JOIN amarc_criterion cr
                        ON cr.referential_id = c.amarc_referential_id
                       AND cr.active
                       AND CASE WHEN c.amarc_level = 'B' THEN cr.level_b
                                ELSE cr.level_a END
                 LEFT JOIN assessed asd
                        ON asd.company_id = y.company_id
                       AND asd.year = y.year
                       AND asd.criterion_id = cr.id
                )
                """,
                SQL.identifier(self._table),
            )
        )
