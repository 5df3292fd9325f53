from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.amarc_referential.tools import selection_labels, year_bounds

#: the indicators measured over the tickets; other addons add theirs with
#: ``selection_add`` and measure them in ``_amarc_indicator_value()``
INDICATORS = [
    ("ack_on_time_rate", "Acknowledgement on time (%)"),
    ("response_delay_mean", "Mean response delay (working days)"),
    ("response_delay_p90", "90th percentile of the response delay (working days)"),
    ("backlog", "Backlog (tickets not answered)"),
]
#: the indicators for which a lower value is better (for the others, higher)
LOWER_IS_BETTER = {"response_delay_mean", "response_delay_p90", "backlog"}
#: indicator -> measure of amarc.helpdesk.indicator._amarc_aggregate()
MEASURE_OF = {
    "ack_on_time_rate": "ack_on_time_rate",
    "response_delay_mean": "response_delay_mean",
    "response_delay_p90": "response_delay_p90",
    "backlog": "backlog",
}
PERIOD_MONTHS = {"month": 1, "semester": 6, "year": 12}


class AmarcObjective(models.Model):
    """A quantitative objective on an indicator (AMARC 1.13, 1.15): a target
    over a period, for the company or one team, with its value measured in
    SQL and whether it is met."""

    _name = "amarc.objective"
    _description = "AMARC Objective"
    _inherit = ["mail.thread"]
    _order = "date_from desc, indicator, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        check_company=True,
        tracking=True,
        help="A collective objective of one team (AMARC 1.15). Empty: the whole "
        "company.",
    )
    indicator = fields.Selection(INDICATORS, required=True, tracking=True)
    comparison = fields.Selection(
        [(">=", "At least (>=)"), ("<=", "At most (<=)")],
        required=True,
        default=">=",
        tracking=True,
    )
    target = fields.Float(required=True, tracking=True, digits=(16, 2))
    period = fields.Selection(
        [("year", "Year"), ("semester", "Semester"), ("month", "Month")],
        required=True,
        default="year",
        tracking=True,
    )
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(month=1, day=1),
        tracking=True,
    )
    date_to = fields.Date(
        string="To",
        compute="_compute_date_to",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        tracking=True,
    )
    value = fields.Float(
        compute="_compute_value", digits=(16, 2), help="Measured over the period."
    )
    value_known = fields.Boolean(compute="_compute_value")
    met = fields.Boolean(compute="_compute_value")
    description = fields.Html()
    active = fields.Boolean(default=True)

    _dates_check = models.Constraint(
        "CHECK(date_to >= date_from)",
        "The end of an objective's period cannot be before its start.",
    )

    @api.depends("period", "date_from")
    def _compute_date_to(self):
        for objective in self:
            if objective.date_from and objective.period:
                objective.date_to = (
                    objective.date_from
                    + relativedelta(months=PERIOD_MONTHS[objective.period])
                    - relativedelta(days=1)
                )
            else:
                objective.date_to = objective.date_to or objective.date_from

    @api.constrains("target", "indicator")
    def _check_target(self):
        for objective in self:
            if objective.target < 0:
                raise ValidationError(
                    self.env._(
                        "Objective %(name)s: the target cannot be negative.",
                        name=objective.name,
                    )
                )
            if (
                objective.indicator in self._amarc_rate_indicators()
                and objective.target > 100
            ):
                raise ValidationError(
                    self.env._(
                        "Objective %(name)s: a rate cannot exceed 100 %%.",
                        name=objective.name,
                    )
                )

    @api.model
    def _amarc_rate_indicators(self):
        """The indicators measured in %: their target cannot exceed 100.
        Extension hook for the indicators added by other addons."""
        return {"ack_on_time_rate"}

    @api.model
    def _amarc_indicator_value(self, indicator, date_from, date_to, company, team=None):
        """The value of ``indicator`` from ``date_from`` to ``date_to``
        (included) for ``company`` and, when given, ``team`` (a
        helpdesk.ticket.team recordset, empty or None for the whole company),
        or None when it cannot be measured (no ticket, no answer). Computed
        with SQL aggregates.

        Extension hook, always called with these five arguments: an addon that
        adds an indicator measures it and calls super() for the others."""
        measure = MEASURE_OF.get(indicator)
        if not measure:
            return None
        # the company's figure, whoever reads it: not only the tickets the
        # reader may open (helpdesk team rules)
        totals = (
            self.env["amarc.helpdesk.indicator"]
            .sudo()
            ._amarc_totals(date_from, date_to, company, team)
        )
        return totals[measure]

    @api.depends("indicator", "date_from", "date_to", "company_id", "team_id", "target")
    @api.depends_context("company")
    def _compute_value(self):
        for objective in self:
            value = None
            if objective.indicator and objective.date_from and objective.date_to:
                value = self._amarc_indicator_value(
                    objective.indicator,
                    objective.date_from,
                    objective.date_to,
                    objective.company_id,
                    objective.team_id,
                )
            objective.value_known = value is not None
            objective.value = value or 0.0
            objective.met = value is not None and (
                value >= objective.target
                if objective.comparison == ">="
                else value <= objective.target
            )

    # ------------------------------------------------------------------
    # Year on year (AMARC 1.14, 4.5)
    # ------------------------------------------------------------------
    @api.model
    def _amarc_trend_labels(self):
        return [
            ("improved", self.env._("Improved")),
            ("maintained", self.env._("Maintained")),
            ("degraded", self.env._("Degraded")),
            ("unknown", self.env._("Not measured")),
        ]

    @api.model
    def _amarc_trend(self, indicator, current, previous, precision=2):
        if current is None or previous is None:
            return "unknown"
        current, previous = round(current, precision), round(previous, precision)
        if current == previous:
            return "maintained"
        better = current > previous
        if indicator in LOWER_IS_BETTER:
            better = not better
        return "improved" if better else "degraded"

    @api.model
    def _amarc_year_on_year(self, company, year, indicators=None):
        """This year against last year, per indicator: list of dicts
        {indicator, label, previous, current, trend} with trend improved /
        maintained / degraded / unknown (AMARC 1.14; 4.5 for the mean response
        delay). A year in progress is compared with the same days of last
        year; a year without tickets has no helpdesk value (unknown)."""
        today = fields.Date.context_today(self)
        start, next_year = year_bounds(year)
        end = min(next_year - timedelta(days=1), max(today, start))
        labels = selection_labels(self, "indicator")
        # the company's figures, not only the tickets the reader may open
        Indicator = self.env["amarc.helpdesk.indicator"].sudo()
        periods = (
            (start, end),
            (start - relativedelta(years=1), end - relativedelta(years=1)),
        )
        # a year without any ticket has no helpdesk indicator to compare
        received = [
            Indicator._amarc_totals(date_from, date_to, company)["received"]
            for date_from, date_to in periods
        ]
        lines = []
        for indicator in indicators or list(labels):
            current, previous = (
                None
                if indicator in MEASURE_OF and not count
                else self._amarc_indicator_value(
                    indicator, date_from, date_to, company, None
                )
                for (date_from, date_to), count in zip(periods, received, strict=True)
            )
            lines.append(
                {
                    "indicator": indicator,
                    "label": labels[indicator],
                    "previous": previous,
                    "current": current,
                    "trend": self._amarc_trend(indicator, current, previous),
                }
            )
        return lines
