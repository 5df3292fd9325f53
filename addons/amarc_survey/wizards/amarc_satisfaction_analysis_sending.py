from odoo import models


class AmarcSatisfactionAnalysis(models.TransientModel):
    """The yearly satisfaction analysis sent to the management as PDF (5.3):
    the sending is the evidence of 5.3 and of the yearly measure (5.1), on
    the year's action plan (5.4), created on first need."""

    _inherit = "amarc.satisfaction.analysis"

    _amarc_sending_report = "amarc_survey.action_report_amarc_satisfaction_analysis"
    _amarc_sending_criteria = ("5.1", "5.3")

    def _amarc_sending_title(self):
        self.ensure_one()
        return self.env._(
            "Satisfaction analysis %(year)s - %(company)s",
            year=self.year,
            company=self.company_id.name,
        )
