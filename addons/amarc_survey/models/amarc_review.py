from odoo import models

from odoo.addons.amarc_referential.tools import year_bounds


def format_rate(rate):
    return "-" if rate is None else f"{rate:.0f} %"


class AmarcReview(models.Model):
    _inherit = "amarc.review"

    def _amarc_review_inputs(self):
        """Customer satisfaction (ISO 9001 9.3.2 c, AMARC 5.3): the year's
        response and satisfaction rates, by team, and the re-satisfaction
        follow-ups; nothing for a year without any survey sent."""
        lines = self._amarc_satisfaction_inputs()
        if lines:
            lines += self._amarc_resatisfaction_inputs()
        return super()._amarc_review_inputs() + lines

    def _amarc_satisfaction_inputs(self):
        """The rates of the surveys sent in the year, then by team."""
        start, end = year_bounds(self.year)
        # the company's rates, not only the surveys the reader may open
        Report = self.env["amarc.satisfaction.report"].sudo()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("date", ">=", start),
            ("date", "<", end),
        ]
        rates = Report._amarc_rates(domain)
        if not rates["sent"]:
            return []
        lines = [
            self._input(
                "satisfaction",
                self.env._("Satisfaction surveys of %(year)s", year=self.year),
                value=self.env._(
                    "%(sent)s sent, %(answered)s answered (response rate "
                    "%(response)s), %(satisfied)s satisfied (satisfaction rate "
                    "%(satisfaction)s)",
                    sent=rates["sent"],
                    answered=rates["answered"],
                    response=format_rate(rates["response_rate"]),
                    satisfied=rates["satisfied"],
                    satisfaction=format_rate(rates["satisfaction_rate"]),
                ),
                sequence=30,
            )
        ]
        for team, team_rates in Report._amarc_rates_by(domain, "team_id").items():
            lines.append(
                self._input(
                    "satisfaction",
                    self.env._(
                        "Satisfaction of team %(team)s",
                        team=team.name or self.env._("no team"),
                    ),
                    value=self.env._(
                        "response rate %(response)s, satisfaction rate "
                        "%(satisfaction)s",
                        response=format_rate(team_rates["response_rate"]),
                        satisfaction=format_rate(team_rates["satisfaction_rate"]),
                    ),
                    record=team,
                    sequence=31,
                )
            )
        return lines

    def _amarc_resatisfaction_inputs(self):
        """The follow-ups of the dissatisfied answers of the year."""
        start, end = year_bounds(self.year)
        follow = dict(
            self.env["amarc.satisfaction.request"]._read_group(
                [
                    ("company_id", "=", self.company_id.id),
                    ("resatisfaction_state", "!=", False),
                    ("answer_date", ">=", start),
                    ("answer_date", "<", end),
                ],
                ["resatisfaction_state"],
                ["__count"],
            )
        )
        if not follow:
            return []
        return [
            self._input(
                "satisfaction",
                self.env._("Re-satisfaction of dissatisfied customers"),
                value=self.env._(
                    "%(resatisfied)s re-satisfied, %(failed)s not re-satisfied, "
                    "%(pending)s to follow up",
                    resatisfied=follow.get("resatisfied", 0),
                    failed=follow.get("not_resatisfied", 0),
                    pending=follow.get("pending", 0),
                ),
                sequence=32,
            )
        ]
