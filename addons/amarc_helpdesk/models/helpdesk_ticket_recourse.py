"""Recourse and mediation on the helpdesk ticket: a recourse contests the
answer of a closed ticket and is traced against it (4.14-4.16); the referral
to the consumer mediator is receivable only after a prior written complaint
and within one year of it (Code de la consommation, L612-1, L612-2)."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_datetime


# one class per chapter of the referential (see helpdesk_ticket.py)
class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    # Recourse (AMARC 4.14-4.16) -----------------------------------------
    amarc_recourse_of_id = fields.Many2one(
        "helpdesk.ticket",
        string="Recourse against",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        tracking=True,
        copy=False,
        help="The ticket whose answer the customer contests with this recourse.",
        groups="base.group_user",
    )
    amarc_recourse_ids = fields.One2many(
        "helpdesk.ticket",
        "amarc_recourse_of_id",
        string="Recourses",
        groups="base.group_user",
    )
    amarc_recourse_count = fields.Integer(
        string="Recourses count",
        compute="_compute_amarc_recourse_count",
        groups="base.group_user",
    )
    # Mediation (Code de la consommation L612-1, L612-2) -----------------
    amarc_mediator_id = fields.Many2one(
        "res.partner",
        string="Consumer mediator",
        tracking=True,
        copy=False,
        groups="base.group_user",
    )
    amarc_mediation_date = fields.Datetime(
        string="Referred to mediation on",
        tracking=True,
        copy=False,
        groups="base.group_user",
    )

    @api.depends("amarc_recourse_ids")
    def _compute_amarc_recourse_count(self):
        for ticket in self:
            ticket.amarc_recourse_count = len(ticket.amarc_recourse_ids)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("amarc_recourse_of_id", "company_id")
    def _check_amarc_recourse(self):
        # helpdesk.ticket does not check its companies automatically
        self._check_company(["amarc_recourse_of_id"])
        if self._has_cycle("amarc_recourse_of_id"):
            raise ValidationError(
                self.env._(
                    "A ticket cannot be a recourse against itself, directly or "
                    "through other recourses."
                )
            )

    def _amarc_written_complaint(self):
        """The written complaint a mediation referral relies on: this ticket when
        it came through a written channel, else the closest ticket it appeals
        that did (the most recent written complaint of the chain)."""
        self.ensure_one()
        ticket = self
        seen = set()
        while ticket and ticket.id not in seen:
            if ticket.channel_id.amarc_written:
                return ticket
            seen.add(ticket.id)
            ticket = ticket.amarc_recourse_of_id
        return self.browse()

    @api.constrains(
        "amarc_mediation_date",
        "amarc_mediator_id",
        "amarc_recourse_of_id",
        "channel_id",
        "amarc_received_date",
    )
    def _check_amarc_mediation(self):
        """Code de la consommation, L612-2: a referral to the consumer mediator is
        only receivable after a prior written complaint to the professional, and
        within one year of it."""
        for ticket in self.filtered("amarc_mediation_date"):
            if not ticket.amarc_mediator_id:
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s: choose the consumer mediator the "
                        "complaint is referred to.",
                        ticket=ticket.display_name,
                    )
                )
            written = ticket._amarc_written_complaint()
            if not written:
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s cannot be referred to the consumer "
                        "mediator: the customer has made no prior written complaint "
                        "(e-mail, letter or web form) to the company (Code de la "
                        "consommation, L612-2).",
                        ticket=ticket.display_name,
                    )
                )
            received = written.amarc_received_date
            if ticket.amarc_mediation_date < received:
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s cannot be referred to the consumer "
                        "mediator before the written complaint %(written)s was "
                        "received (%(date)s).",
                        ticket=ticket.display_name,
                        written=written.display_name,
                        date=format_datetime(self.env, received),
                    )
                )
            if ticket.amarc_mediation_date > received + relativedelta(years=1):
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s cannot be referred to the consumer "
                        "mediator: the referral comes more than one year after the "
                        "written complaint %(written)s of %(date)s (Code de la "
                        "consommation, L612-2).",
                        ticket=ticket.display_name,
                        written=written.display_name,
                        date=format_datetime(self.env, received),
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_amarc_create_recourse(self):
        """Open a recourse ticket against this (answered) ticket."""
        self.ensure_one()
        if not self.stage_id.closed:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s is not closed: a recourse contests an answer "
                    "already given.",
                    ticket=self.display_name,
                )
            )
        recourse = self.create(
            {
                "name": self.env._("Recourse: %(name)s", name=self.name),
                "description": self.description,
                "partner_id": self.partner_id.id,
                "partner_name": self.partner_name,
                "partner_email": self.partner_email,
                "company_id": self.company_id.id,
                "team_id": self.team_id.id,
                "category_id": self.category_id.id,
                "amarc_severity": self.amarc_severity,
                "amarc_recourse_of_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": recourse.id,
            "view_mode": "form",
        }

    def action_amarc_open_recourses(self):
        self.ensure_one()
        name = self.env._("Recourses")
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "helpdesk.ticket",
            "view_mode": "list,form",
            "domain": [("amarc_recourse_of_id", "=", self.id)],
            "context": {"default_amarc_recourse_of_id": self.id},
        }

    def action_amarc_refer_to_mediation(self):
        """Record the referral to the consumer mediator, now (checked against
        L612-2 by the constraint)."""
        for ticket in self:
            mediator = ticket.amarc_mediator_id or ticket.company_id.amarc_mediator_id
            if not mediator:
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s: set the consumer mediator on the ticket "
                        "or in the AMARC settings of the company first.",
                        ticket=ticket.display_name,
                    )
                )
            ticket.write(
                {
                    "amarc_mediator_id": mediator.id,
                    "amarc_mediation_date": fields.Datetime.now(),
                }
            )
        return True
