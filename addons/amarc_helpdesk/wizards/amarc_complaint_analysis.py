from datetime import timedelta

from markupsafe import Markup

from odoo import models
from odoo.exceptions import UserError

from odoo.addons.amarc_referential.tools import year_bounds

#: how many reasons, the most frequent first, get an action in the plan
PLAN_TOP_REASONS = 3


class AmarcComplaintAnalysis(models.TransientModel):
    """The yearly analysis of the suggestions, remarks and complaints (AMARC
    6.1): volumes, reasons, delays, recourses, satisfaction and the
    customers' suggestions and remarks, printed for the management and the
    services concerned (6.2) and turned into the year's complaint-analysis
    action plan in one click."""

    _name = "amarc.complaint.analysis"
    _description = "AMARC Complaint Analysis"
    _inherit = ["amarc.analysis.sending.mixin"]
    _check_company_auto = True

    _amarc_sending_report = "amarc_helpdesk.action_report_amarc_complaint_analysis"
    _amarc_sending_criteria = ("6.2",)

    # ------------------------------------------------------------------
    # Figures (SQL aggregates over the indicators' view)
    # ------------------------------------------------------------------
    def _amarc_analysis_data(self):
        """Everything the report and the plan show."""
        self.ensure_one()
        Indicator = self.env["amarc.helpdesk.indicator"].sudo()
        start, end = year_bounds(self.year)
        previous_start, previous_end = year_bounds(self.year - 1)
        last = end - timedelta(days=1)
        domain = Indicator._amarc_period_domain(start, last, self.company_id)
        none = self.env._("(none)")
        Category = self.env["helpdesk.ticket.category"]
        by_reason = [
            dict(row, name=Category.browse(row["category_id"]).name or none)
            for row in Indicator._amarc_aggregate(domain, ["category_id"])
            # a recourse is not a new complaint (4.15): a reason of recourses
            # only has no complaint to analyse
            if row["received"]
        ]
        by_reason.sort(key=lambda row: (-row["received"], row["name"]))
        total = Indicator._amarc_totals(start, last, self.company_id)
        suggestions = [
            {"ticket": ticket.display_name, "text": ticket.amarc_suggestion}
            for ticket in self.env["helpdesk.ticket"]
            .sudo()
            .search(
                self._amarc_year_domain("amarc_received_date")
                + [("amarc_suggestion", "!=", False)],
                order="amarc_received_date, id",
            )
        ]
        return {
            "total": total,
            "previous": Indicator._amarc_totals(
                previous_start, previous_end - timedelta(days=1), self.company_id
            ),
            "by_reason": by_reason,
            # the recourses of the year, counted apart from the complaints
            "recourses": total["recourses"],
            "suggestions": suggestions,
            "satisfaction": self._amarc_satisfaction_data(),
        }

    def _amarc_satisfaction_data(self):
        """Extension hook (amarc_survey): the year's satisfaction results,
        ``{"rate": %, "answered": n, "comments": [text]}``, or None without
        surveys."""
        return

    @staticmethod
    def _fmt(value, suffix=""):
        if value is None:
            return "-"
        return f"{value:.1f}{suffix}"

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_print(self):
        return self.env.ref(
            "amarc_helpdesk.action_report_amarc_complaint_analysis"
        ).report_action(self)

    def _amarc_plan_description(self, data):
        total = data["total"]
        text = self.env._(
            "Complaints of %(year)s: %(received)s received (previous year "
            "%(previous)s), %(answered)s answered, %(late)s answered late, mean "
            "response delay %(delay)s working days, %(recourses)s recourses, "
            "%(suggestions)s suggestions or remarks.",
            year=self.year,
            received=total["received"],
            previous=data["previous"]["received"],
            answered=total["answered"],
            late=total["response_late"],
            delay=self._fmt(total["response_delay_mean"]),
            recourses=data["recourses"],
            suggestions=len(data["suggestions"]),
        )
        items = Markup("").join(
            Markup("<li>%s: %s</li>") % (row["name"], row["received"])
            for row in data["by_reason"]
        )
        return Markup("<p>%s</p><ul>%s</ul>") % (text, items)

    def action_create_plan(self):
        """Create the year's complaint-analysis plan with one draft
        corrective action for each of the most frequent reasons; open it.
        A second click opens the plan already drawn up: one plan per company
        and year."""
        self.ensure_one()
        plan = self.env["amarc.action.plan"]._amarc_analysis_plan(
            self.company_id, self.year, "complaint_analysis"
        )
        if plan:
            self.plan_id = plan
            return plan._amarc_open_form()
        data = self._amarc_analysis_data()
        if not data["total"]["received"]:
            raise UserError(
                self.env._(
                    "No complaint was received in %(year)s by %(company)s: there "
                    "is nothing to analyse.",
                    year=self.year,
                    company=self.company_id.name,
                )
            )
        criterion = self.env.ref(
            "amarc_referential.criterion_6_1", raise_if_not_found=False
        )
        actions = [
            {
                "name": self.env._(
                    "Reduce the complaints of reason %(reason)s (%(count)s in "
                    "%(year)s)",
                    reason=row["name"],
                    count=row["received"],
                    year=self.year,
                ),
                "action_type": "corrective",
                "company_id": self.company_id.id,
                "source": f"helpdesk.ticket.category,{row['category_id']}"
                if row["category_id"]
                else False,
                "criterion_ids": [(6, 0, criterion.ids)] if criterion else [],
            }
            for row in data["by_reason"][:PLAN_TOP_REASONS]
        ]
        plan = self.env["amarc.action.plan"].create(
            {
                "name": self.env._(
                    "Complaint analysis action plan %(year)s", year=self.year
                ),
                "company_id": self.company_id.id,
                "year": self.year,
                "origin": "complaint_analysis",
                "description": self._amarc_plan_description(data),
                "action_ids": [(0, 0, vals) for vals in actions],
            }
        )
        self.plan_id = plan
        return plan._amarc_open_form()

    # ------------------------------------------------------------------
    # Sending to the management (6.2)
    # ------------------------------------------------------------------
    def _amarc_sending_title(self):
        self.ensure_one()
        return self.env._(
            "Complaint analysis %(year)s - %(company)s",
            year=self.year,
            company=self.company_id.name,
        )
