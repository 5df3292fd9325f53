from functools import partial

from odoo import models

SATISFACTION_XLSX = "amarc_survey.action_report_amarc_satisfaction_analysis_xlsx"


class ResCompany(models.Model):
    """The surveys' part of the certification file: the satisfaction results of
    the twelve months (5.1, 5.3) as the XLSX of the satisfaction analysis."""

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    def _amarc_certification_file_section_builders(self, date_from, date_to):
        builders = super()._amarc_certification_file_section_builders(
            date_from, date_to
        )
        return builders + [
            partial(self._amarc_file_satisfaction_section, date_from, date_to)
        ]

    def _amarc_file_satisfaction_section(self, date_from, date_to):
        """The satisfaction analysis of the period as XLSX (``_amarc_file_xlsx``:
        as superuser, on the company's surveys only)."""
        analysis, content = self._amarc_file_xlsx(
            "amarc.satisfaction.analysis",
            {
                "company_id": self.id,
                "year": date_to.year,
                "date_from": date_from,
                "date_to": date_to,
            },
            SATISFACTION_XLSX,
        )
        rates = (
            self.env["amarc.satisfaction.report"]
            .sudo()
            ._amarc_rates(analysis._domain())
        )
        proofs = self._amarc_file_proofs(
            "5.1",
            rates["sent"]
            and [
                self.env._(
                    "Satisfaction surveys of the twelve months: %(sent)s sent, "
                    "%(answered)s answered",
                    sent=rates["sent"],
                    answered=rates["answered"],
                )
            ],
        )
        name = self.env._("Satisfaction %(period)s", period=f"{date_from} - {date_to}")
        return {
            "sequence": 56,
            "title": self.env._("Satisfaction of the twelve months (5.1, 5.3)"),
            "files": [(f"satisfaction/{name}.xlsx", content)],
            "proofs": proofs,
        }
