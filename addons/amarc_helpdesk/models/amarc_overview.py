from odoo import api, fields, models


class AmarcOverview(models.TransientModel):  # pylint: disable=no-wizard-in-models
    _inherit = "amarc.overview"

    alert_open_count = fields.Integer(string="Open alerts", compute="_compute_helpdesk")
    ack_late_count = fields.Integer(
        string="Late acknowledgements this month", compute="_compute_helpdesk"
    )
    backlog_count = fields.Integer(
        string="Tickets awaiting an answer", compute="_compute_helpdesk"
    )

    @api.depends("company_id")
    def _compute_helpdesk(self):
        Ticket = self.env["helpdesk.ticket"]
        month_start = fields.Date.context_today(self).replace(day=1)
        for overview in self:
            company = [("company_id", "=", overview.company_id.id)]
            overview.alert_open_count = self.env["amarc.alert"].search_count(
                company + [("state", "=", "open")]
            )
            overview.ack_late_count = Ticket.search_count(
                company
                + [
                    ("amarc_ack_late", "=", True),
                    ("amarc_received_date", ">=", month_start),
                ]
            )
            overview.backlog_count = Ticket.search_count(
                company
                + [("amarc_response_date", "=", False), ("stage_id.closed", "=", False)]
            )

    @api.readonly
    def action_open_alerts(self):
        return self._open(
            "amarc_helpdesk.amarc_alert_action",
            [("company_id", "=", self.company_id.id), ("state", "=", "open")],
        )

    @api.readonly
    def action_open_late_tickets(self):
        return self._open(
            "amarc_helpdesk.helpdesk_ticket_action_amarc_late",
            [("company_id", "=", self.company_id.id), ("amarc_ack_late", "=", True)],
        )
