"""Who is told what about a complaint: the departments at the origin of its
reason (1.10) and, at level B, the teams and people involved in its
resolution (1.11) receive the solution when the final answer is sent; the
customer is told where the complaint was routed when it moves to another
team (3.7)."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError


# one class per chapter of the referential (see helpdesk_ticket.py)
class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    amarc_involved_team_ids = fields.Many2many(
        "helpdesk.ticket.team",
        "helpdesk_ticket_amarc_involved_team_rel",
        "ticket_id",
        "team_id",
        string="Teams involved",
        readonly=True,
        copy=False,
        help="Every team the ticket was assigned to (AMARC 1.11).",
        groups="base.group_user",
    )
    amarc_involved_user_ids = fields.Many2many(
        "res.users",
        "helpdesk_ticket_amarc_involved_user_rel",
        "ticket_id",
        "user_id",
        string="People involved",
        readonly=True,
        copy=False,
        help="Every agent the ticket was assigned to (AMARC 1.11).",
        groups="base.group_user",
    )
    amarc_routing_notice_date = fields.Datetime(
        string="Customer told of the routing on",
        readonly=True,
        copy=False,
        tracking=True,
        help="When the customer was last told which team handles the complaint "
        "(AMARC 3.7).",
        groups="base.group_user",
    )

    @api.model
    def _amarc_involvement_vals(self, vals):
        """The involved teams and people that ``vals`` adds."""
        extra = {}
        if vals.get("team_id"):
            extra["amarc_involved_team_ids"] = [fields.Command.link(vals["team_id"])]
        if vals.get("user_id"):
            extra["amarc_involved_user_ids"] = [fields.Command.link(vals["user_id"])]
        return extra

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        for ticket in tickets:
            involved = self._amarc_involvement_vals(
                {"team_id": ticket.team_id.id, "user_id": ticket.user_id.id}
            )
            if involved:
                ticket.sudo().write(involved)
        return tickets

    def write(self, vals):
        previous = {t.id: t.team_id for t in self} if "team_id" in vals else {}
        res = super().write(vals)
        involved = self._amarc_involvement_vals(vals)
        if involved:
            self.sudo().write(involved)
        if previous:
            rerouted = self.filtered(
                lambda t: (
                    t.team_id
                    and previous[t.id]
                    and t.team_id != previous[t.id]
                    and t.team_id.amarc_routing_notice_auto
                    and not t.stage_id.closed
                    and t.partner_id.email
                )
            )
            rerouted._amarc_send_routing_notice()
        return res

    # ------------------------------------------------------------------
    # Routing notice (AMARC 3.7)
    # ------------------------------------------------------------------
    def _amarc_send_routing_notice(self):
        template = self.env.ref("amarc_helpdesk.mail_template_amarc_routing")
        for ticket in self:
            ticket.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.sudo().write({"amarc_routing_notice_date": fields.Datetime.now()})

    def action_amarc_send_routing_notice(self):
        """Tell the customer which team now handles the complaint (3.7)."""
        self.check_access("write")
        for ticket in self:
            if not ticket.team_id:
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s has no team: assign the team the "
                        "complaint is routed to first.",
                        ticket=ticket.display_name,
                    )
                )
            if not ticket.partner_id.email:
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s has no customer with an e-mail address: "
                        "tell the customer of the routing by phone or by letter.",
                        ticket=ticket.display_name,
                    )
                )
        self._amarc_send_routing_notice()
        return True

    # ------------------------------------------------------------------
    # Departments informed (AMARC 1.10, 1.11)
    # ------------------------------------------------------------------
    def _amarc_informed_partners(self):
        """(departments at the origin of the ticket's reason, people involved
        in its resolution: members of the teams it went through and agents it
        was assigned to, at level B only), as partners."""
        self.ensure_one()
        origin = self.category_id.sudo().amarc_department_partner_ids
        involved = self.env["res.partner"]
        if self.company_id.amarc_level == "B":
            users = self.sudo().amarc_involved_team_ids.user_ids | (
                self.sudo().amarc_involved_user_ids
            )
            involved = users.filtered(lambda u: not u.share).partner_id - origin
        return origin, involved

    def _amarc_solution_summary(self):
        """The solution given, for the departments (in the company's words)."""
        self.ensure_one()
        resolutions = dict(
            self._fields["amarc_resolution"]._description_selection(self.env)
        )
        return self.env._(
            "Ticket %(ticket)s (reason: %(reason)s) was answered on %(date)s. "
            "Solution: %(resolution)s.",
            ticket=self.display_name,
            reason=self.category_id.name or self.env._("none"),
            date=fields.Datetime.to_string(self.amarc_final_answer_date),
            resolution=resolutions.get(self.amarc_resolution, ""),
        )

    def _amarc_final_answer_sent(self):
        """The final answer went out: tell the departments the solution, on
        the company's channel or by e-mail (the message is kept on the ticket
        either way)."""
        for ticket in self:
            origin, involved = ticket._amarc_informed_partners()
            partners = origin | involved
            if not partners:
                continue
            summary = ticket._amarc_solution_summary()
            body = Markup("<p>%s</p>%s") % (summary, ticket.amarc_final_answer or "")
            channel = ticket.company_id.amarc_department_channel_id
            if ticket.company_id.amarc_department_notice == "channel" and channel:
                channel.sudo().message_post(
                    body=body,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
                ticket.message_post(
                    body=self.env._(
                        "Solution posted on channel %(channel)s for: %(partners)s.",
                        channel=channel.name,
                        partners=", ".join(partners.mapped("name")),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            else:
                ticket.message_notify(
                    partner_ids=partners.ids,
                    subject=self.env._(
                        "Solution given to the customer: %(ticket)s",
                        ticket=ticket.display_name,
                    ),
                    body=body,
                )
