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

        def write(row, name, rates):
            measures = ("sent", "answered", "satisfied")
            measures += ("response_rate", "satisfaction_rate")
            values = [name, *(rates[measure] for measure in measures)]
            self._amarc_xlsx_row(sheet, row, values, styles)

        row = 1
        write(row, self.env._("Total"), Report._amarc_rates(domain))
        titles = {
            "date:month": self.env._("By month"),
            "team_id": self.env._("By team"),
            "category_id": self.env._("By reason"),
            "user_id": self.env._("By agent"),
        }
        for groupby, title in titles.items():
            row += 2
            self._amarc_xlsx_row(sheet, row, [title], styles, style=styles["header"])
            for group, rates in Report._amarc_rates_by(domain, groupby).items():
                row += 1
                if groupby == "date:month":
                    name = group.strftime("%Y-%m") if group else self.env._("None")
                else:
                    name = group.sudo().display_name or self.env._("None")
                write(row, name, rates)
