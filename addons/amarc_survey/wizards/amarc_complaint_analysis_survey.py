from odoo import models


class AmarcComplaintAnalysis(models.TransientModel):
    """The satisfaction results and the survey comments of the year in the
    complaint analysis (6.1)."""

    _inherit = "amarc.complaint.analysis"

    def _amarc_satisfaction_data(self):
        self.ensure_one()
        analysis = self.env["amarc.satisfaction.analysis"].new(
            {"company_id": self.company_id.id, "year": self.year}
        )
        rates = (
            self.env["amarc.satisfaction.report"]
            .sudo()
            ._amarc_rates(analysis._domain())
        )
        if not rates["sent"]:
            return super()._amarc_satisfaction_data()
        question = self.env.ref(
            "amarc_survey.survey_amarc_satisfaction_q_comment", raise_if_not_found=False
        )
        comments = []
        if question:
            request = "user_input_id.amarc_request_id"
            lines = (
                self.env["survey.user_input.line"]
                .sudo()
                .search(
                    self._amarc_year_domain(
                        f"{request}.sent_date",
                        company_field=f"{request}.company_id",
                    )
                    + [
                        ("question_id", "=", question.id),
                        ("value_text_box", "!=", False),
                    ],
                    order="id",
                )
            )
            comments = lines.mapped("value_text_box")
        return {
            "rate": rates["satisfaction_rate"],
            "answered": rates["answered"],
            "comments": comments,
        }
