from datetime import timedelta

from odoo import api, fields, models


class AmarcObjective(models.Model):
    _inherit = "amarc.objective"

    indicator = fields.Selection(
        selection_add=[("satisfaction_rate", "Satisfaction rate (%)")],
        # an objective on the satisfaction rate means nothing without surveys
        ondelete={"satisfaction_rate": "cascade"},
    )

    @api.model
    def _amarc_rate_indicators(self):
        return super()._amarc_rate_indicators() | {"satisfaction_rate"}

    @api.model
    def _amarc_indicator_value(self, indicator, date_from, date_to, company, team=None):
        """'satisfaction_rate' (AMARC 1.13, 5.3): satisfied / answered, over the
        surveys sent from ``date_from`` to ``date_to`` (included); None when no
        survey was answered."""
        if indicator != "satisfaction_rate":
            return super()._amarc_indicator_value(
                indicator, date_from, date_to, company, team
            )
        domain = [
            ("company_id", "=", company.id),
            ("date", ">=", date_from),
            ("date", "<", date_to + timedelta(days=1)),
        ]
        if team:
            domain.append(("team_id", "in", team.ids))
        # the company's rate, not only the surveys the reader may open
        return (
            self.env["amarc.satisfaction.report"]
            .sudo()
            ._amarc_rates(domain)["satisfaction_rate"]
        )
