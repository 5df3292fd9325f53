from datetime import timedelta

from odoo import api, models


class AmarcIndicatorXlsx(models.AbstractModel):
    _inherit = "report.amarc_helpdesk.report_indicators_xlsx"

    @api.model
    def _amarc_sheets(self):
        """The indicator workbook gets the satisfaction sheet (AMARC 5.3)."""
        return [
            *super()._amarc_sheets(),
            ("satisfaction", self.env._("Satisfaction"), "_amarc_sheet_satisfaction"),
        ]

    def _amarc_sheet_satisfaction(self, sheet, styles, params):
        """Response and satisfaction rates of the surveys sent in the period,
        by month, team, reason and agent, one block after the other."""
        Report = self.env["amarc.satisfaction.report"]
        domain = [
            ("company_id", "=", params["company"].id),
            ("date", ">=", params["date_from"]),
            ("date", "<", params["date_to"] + timedelta(days=1)),
        ]
        self._amarc_header(
            sheet,
            [
                self.env._("Group"),
                self.env._("Surveys sent"),
                self.env._("Answered"),
                self.env._("Satisfied"),
                self.env._("Response rate (%)"),
                self.env._("Satisfaction rate (%)"),
            ],
            styles,
        )
        total = Report._amarc_rates(domain)
        row = 1
        self._amarc_xlsx_row(
            sheet,
            row,
            [
                self.env._("Total"),
                total["sent"],
                total["answered"],
                total["satisfied"],
                total["response_rate"],
                total["satisfaction_rate"],
            ],
            styles,
        )
        titles = {
            "month": self.env._("By month"),
            "team": self.env._("By team"),
            "reason": self.env._("By reason"),
            "agent": self.env._("By agent"),
        }
        groupbys = {
            "month": "date:month",
            "team": "team_id",
            "reason": "category_id",
            "agent": "user_id",
        }
        blocks = [(groupbys[key], titles[key]) for key in groupbys]
        for groupby, title in blocks:
            row += 2
            self._amarc_xlsx_row(sheet, row, [title], styles, style=styles["header"])
            for group, rates in Report._amarc_rates_by(domain, groupby).items():
                row += 1
                if groupby == "date:month":
                    name = group.strftime("%Y-%m") if group else self.env._("None")
                else:
                    name = group.sudo().display_name or self.env._("None")
                self._amarc_xlsx_row(
                    sheet,
                    row,
                    [
                        name,
                        rates["sent"],
                        rates["answered"],
                        rates["satisfied"],
                        rates["response_rate"],
                        rates["satisfaction_rate"],
                    ],
                    styles,
                )
