from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HelpdeskTicketCategory(models.Model):
    """The dissatisfaction reasons ("motifs") of AMARC are the helpdesk's ticket
    categories, with their alert settings (AMARC 6.6)."""

    _inherit = "helpdesk.ticket.category"

    amarc_alert_threshold = fields.Integer(
        string="Alert threshold",
        help="An alert is raised when this many tickets of this reason are "
        "received within the rolling window. 0: no frequency alert.",
        groups="base.group_user",
    )
    amarc_alert_window_days = fields.Integer(
        string="Alert window (days)",
        default=30,
        help="The rolling window, in calendar days, in which the tickets of this "
        "reason are counted against the alert threshold.",
        groups="base.group_user",
    )
    amarc_serious = fields.Boolean(
        string="Serious reason",
        help="Every ticket of this reason raises an alert to the quality manager "
        "(AMARC 6.6), whatever the number of tickets.",
        groups="base.group_user",
    )
    amarc_alert_ids = fields.One2many(
        "amarc.alert",
        "category_id",
        string="Alerts",
        readonly=True,
        groups="base.group_user",
    )
    amarc_open_alert_count = fields.Integer(
        string="Open alerts",
        compute="_compute_amarc_open_alert_count",
        groups="base.group_user",
    )

    _amarc_alert_threshold_check = models.Constraint(
        "CHECK(amarc_alert_threshold >= 0)",
        "The alert threshold of a reason cannot be negative.",
    )

    @api.constrains("amarc_alert_threshold", "amarc_alert_window_days")
    def _check_amarc_alert_window(self):
        for category in self:
            if category.amarc_alert_threshold and category.amarc_alert_window_days < 1:
                raise ValidationError(
                    self.env._(
                        "Reason %(reason)s: an alert threshold needs a rolling "
                        "window of at least one day.",
                        reason=category.display_name,
                    )
                )

    def _compute_amarc_open_alert_count(self):
        counts = dict(
            self.env["amarc.alert"]._read_group(
                [("category_id", "in", self.ids), ("state", "!=", "closed")],
                ["category_id"],
                ["__count"],
            )
        )
        for category in self:
            category.amarc_open_alert_count = counts.get(category._origin, 0)

    def action_amarc_open_alerts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "amarc_helpdesk.amarc_alert_action"
        )
        action["domain"] = [("category_id", "=", self.id)]
        action["context"] = {"default_category_id": self.id}
        return action
