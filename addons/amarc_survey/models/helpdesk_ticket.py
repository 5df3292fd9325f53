from odoo import api, fields, models
from odoo.exceptions import UserError


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    amarc_survey_request_ids = fields.One2many(
        "amarc.satisfaction.request",
        "ticket_id",
        string="Satisfaction surveys",
        groups="base.group_user",
    )
    amarc_survey_request_count = fields.Integer(
        string="Surveys",
        compute="_compute_amarc_survey_request_count",
        groups="base.group_user",
    )
    amarc_survey_last_request_id = fields.Many2one(
        "amarc.satisfaction.request",
        string="Last satisfaction survey",
        compute="_compute_amarc_survey_last_request_id",
        store=True,
        index="btree_not_null",
        groups="base.group_user",
    )
    amarc_survey_state = fields.Selection(
        string="Survey",
        related="amarc_survey_last_request_id.state",
        groups="base.group_user",
    )
    amarc_survey_score = fields.Integer(
        string="Satisfaction score",
        related="amarc_survey_last_request_id.score",
        groups="base.group_user",
    )
    amarc_resatisfaction_state = fields.Selection(
        string="Re-satisfaction",
        related="amarc_survey_last_request_id.resatisfaction_state",
        groups="base.group_user",
    )
    amarc_dissatisfied = fields.Boolean(
        string="Dissatisfied after the response",
        readonly=True,
        copy=False,
        tracking=True,
        help="The customer gave a dissatisfied answer to the satisfaction survey: "
        "a re-satisfaction follow-up is open or was done.",
        groups="base.group_user",
    )

    @api.depends("amarc_survey_request_ids")
    def _compute_amarc_survey_request_count(self):
        counts = dict(
            self.env["amarc.satisfaction.request"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.amarc_survey_request_count = counts.get(ticket, 0)

    @api.depends("amarc_survey_request_ids.state")
    def _compute_amarc_survey_last_request_id(self):
        for ticket in self:
            live = ticket.amarc_survey_request_ids.filtered(
                lambda r: r.state != "cancelled"
            )
            ticket.amarc_survey_last_request_id = max(
                live or ticket.amarc_survey_request_ids,
                key=lambda r: r.id,
                default=self.env["amarc.satisfaction.request"],
            )

    # ------------------------------------------------------------------
    # Closing and reopening
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        answered = tickets.filtered(lambda t: t.sudo().amarc_answered)
        if answered and not self.env.context.get("amarc_survey_no_schedule"):
            answered._amarc_survey_schedule("auto")
        return tickets

    def write(self, vals):
        if "stage_id" not in vals:
            return super().write(vals)
        # reopened, or closed again without an answer: the scheduled survey
        # is cancelled; answered (again): a survey is scheduled
        was_answered = {ticket.id: ticket.sudo().amarc_answered for ticket in self}
        was_closed = {ticket.id: ticket.stage_id.closed for ticket in self}
        res = super().write(vals)
        unanswered = self.filtered(
            lambda t: was_closed[t.id] and not t.sudo().amarc_answered
        )
        answered = self.filtered(
            lambda t: not was_answered[t.id] and t.sudo().amarc_answered
        )
        if unanswered:
            unanswered._amarc_survey_cancel_scheduled()
        if answered:
            answered._amarc_survey_schedule("auto")
        return res

    def _amarc_survey_cancel_scheduled(self):
        """A ticket reopened before its survey is sent: the survey is cancelled
        (the next closing schedules a new one)."""
        requests = (
            self.env["amarc.satisfaction.request"]
            .sudo()
            .search([("ticket_id", "in", self.ids), ("state", "=", "scheduled")])
        )
        requests.write({"state": "cancelled"})
        return requests

    def _amarc_survey_base_date(self):
        """The response date; for a ticket closed again after a reopening, the
        new closing when it is later."""
        self.ensure_one()
        dates = [self.amarc_response_date or self.closed_date]
        if self.amarc_survey_request_ids and self.closed_date:
            dates.append(self.closed_date)
        return max((d for d in dates if d), default=fields.Datetime.now())

    def _amarc_survey_schedule(self, trigger="auto", now=False):
        """Schedule the satisfaction survey of the closed tickets of ``self``.
        ``auto``: only for the teams (or companies) with the automatic
        trigger, at most one live automatic request per ticket (the database
        enforces it too). ``manual`` with ``now``: due immediately."""
        Request = self.env["amarc.satisfaction.request"].sudo()
        # only an answered complaint gets a survey: not one cancelled,
        # withdrawn by the customer or closed as a duplicate
        tickets = self.filtered(lambda t: t.sudo().amarc_answered)
        if trigger == "auto" and tickets:
            tickets -= Request.search(
                [
                    ("ticket_id", "in", tickets.ids),
                    ("trigger", "=", "auto"),
                    ("state", "not in", ("cancelled", "skipped")),
                ]
            ).ticket_id
        items, vals_list = [], []
        for ticket in tickets:
            settings = ticket.team_id._amarc_survey_settings(ticket.company_id)
            if trigger == "auto" and settings["trigger"] != "auto":
                continue
            if not settings["survey"]:
                continue
            base = fields.Datetime.now() if now else ticket._amarc_survey_base_date()
            items.append(
                (
                    ticket.company_id,
                    base,
                    0 if now else settings["delay"],
                    settings["delay_unit"],
                )
            )
            vals_list.append(
                {
                    "ticket_id": ticket.id,
                    "partner_id": ticket.partner_id.id,
                    "survey_id": settings["survey"].id,
                    "question_id": settings["question"].id,
                    "trigger": trigger,
                }
            )
        if not vals_list:
            return Request
        for vals, date in zip(vals_list, Request._amarc_add_delays(items), strict=True):
            vals["scheduled_date"] = date
        return Request.create(vals_list)

    def action_amarc_send_survey(self):
        """The agent sends the satisfaction survey of a closed ticket now: the
        scheduled one if any, else a new manual one."""
        self.check_access("write")
        Request = self.env["amarc.satisfaction.request"].sudo()
        to_send = Request
        for ticket in self:
            if not ticket.stage_id.closed:
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s is not closed: a satisfaction survey "
                        "follows the response.",
                        ticket=ticket.display_name,
                    )
                )
            if not ticket.amarc_answered:
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s was closed without an answer (cancelled, "
                        "withdrawn by the customer or a duplicate): a satisfaction "
                        "survey follows an answer.",
                        ticket=ticket.display_name,
                    )
                )
            requests = ticket.sudo().amarc_survey_request_ids
            scheduled = requests.filtered(lambda r: r.state == "scheduled")
            if requests.filtered(lambda r: r.state == "sent"):
                raise UserError(
                    self.env._(
                        "The satisfaction survey of ticket %(ticket)s was already "
                        "sent and awaits the customer's answer.",
                        ticket=ticket.display_name,
                    )
                )
            to_send |= scheduled or ticket._amarc_survey_schedule("manual", now=True)
        to_send.action_send_now()
        skipped = to_send.filtered(lambda r: r.state == "skipped")
        if skipped:
            reasons = dict(
                Request._fields["skip_reason"]._description_selection(self.env)
            )
            # a notification, not an error: the skip and its reason are kept
            message = self.env._(
                "The survey was not sent: %(reason)s.",
                reason=", ".join(
                    reasons[r.skip_reason] for r in skipped if r.skip_reason
                ),
            )
            kind = "warning"
        else:
            message = self.env._("The satisfaction survey was sent.")
            kind = "success"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": kind,
                "message": message,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_amarc_open_surveys(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "amarc_survey.amarc_satisfaction_request_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"create": False}
        return action
