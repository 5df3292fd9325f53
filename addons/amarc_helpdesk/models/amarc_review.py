from datetime import timedelta

from odoo import models

from odoo.addons.amarc_referential.tools import selection_labels, year_bounds


class AmarcReview(models.Model):
    _inherit = "amarc.review"

    def _amarc_review_inputs(self):
        """Add the indicators of the year (with the year-on-year trend), the
        objectives of the year and whether they are met, and the alerts of the
        year (ISO 9001 9.3.2; AMARC 1.12-1.14, 4.5, 6.6)."""
        return (
            super()._amarc_review_inputs()
            + self._amarc_helpdesk_performance_inputs()
            + self._amarc_helpdesk_objective_inputs()
            + self._amarc_helpdesk_alert_inputs()
        )

    def _amarc_helpdesk_performance_inputs(self):
        """The year's complaints and indicators against last year; nothing for
        a year without complaints."""
        start, end = year_bounds(self.year)
        # the company's figures, not only the tickets the reader may open
        totals = (
            self.env["amarc.helpdesk.indicator"]
            .sudo()
            ._amarc_totals(start, end - timedelta(days=1), self.company_id)
        )
        if not totals["received"] and not totals["recourses"]:
            return []
        Objective = self.env["amarc.objective"]
        trends = dict(Objective._amarc_trend_labels())
        lines = [
            self._input(
                "performance",
                self.env._("Complaints of %(year)s", year=self.year),
                value=self.env._(
                    "%(received)s received, %(answered)s answered, %(backlog)s "
                    "not answered",
                    received=totals["received"],
                    answered=totals["answered"],
                    backlog=totals["backlog"],
                ),
                sequence=30,
            )
        ]
        if totals["recourses"]:
            lines.append(
                self._input(
                    "performance",
                    self.env._("Recourses of %(year)s", year=self.year),
                    value=self.env._(
                        "%(recourses)s recourses (%(rate)s %% of the answered "
                        "complaints), %(answered)s answered, mean delay %(delay)s "
                        "working days",
                        recourses=totals["recourses"],
                        rate=_fmt(totals["recourse_rate"]),
                        answered=totals["recourses_answered"],
                        delay=_fmt(totals["recourse_delay_mean"]),
                    ),
                    sequence=30,
                )
            )
        for line in Objective._amarc_year_on_year(self.company_id, self.year):
            if line["current"] is None and line["previous"] is None:
                continue
            lines.append(
                self._input(
                    "performance",
                    line["label"],
                    value=self.env._(
                        "%(current)s (previous year: %(previous)s): %(trend)s",
                        current=_fmt(line["current"]),
                        previous=_fmt(line["previous"]),
                        trend=trends[line["trend"]],
                    ),
                    sequence=31,
                )
            )
        return lines

    def _amarc_helpdesk_objective_inputs(self):
        """The objectives whose period overlaps the year, met or not."""
        start, end = year_bounds(self.year)
        lines = []
        objectives = self.env["amarc.objective"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("date_from", "<", end),
                ("date_to", ">=", start),
            ]
        )
        for objective in objectives:
            lines.append(
                self._input(
                    "objectives",
                    objective.name,
                    value=self.env._(
                        "%(value)s for a target %(comparison)s %(target)s: %(met)s",
                        value=_fmt(objective.value if objective.value_known else None),
                        comparison=objective.comparison,
                        target=_fmt(objective.target),
                        met=self.env._("met")
                        if objective.met
                        else self.env._("not met"),
                    ),
                    record=objective,
                    sequence=40,
                )
            )
        return lines

    def _amarc_helpdesk_alert_inputs(self):
        """The alerts raised in the year, with their state and action."""
        start, end = year_bounds(self.year)
        lines = []
        alerts = self.env["amarc.alert"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("date", ">=", start),
                ("date", "<", end),
            ],
            order="date, id",
        )
        states = selection_labels(alerts, "state")
        for alert in alerts:
            lines.append(
                self._input(
                    "alerts",
                    alert.name,
                    value=states[alert.state],
                    description=alert.action_id.name or False,
                    record=alert,
                    sequence=50,
                )
            )
        return lines


def _fmt(value):
    if value is None:
        return "-"
    return f"{value:.2f}".rstrip("0").rstrip(".")
