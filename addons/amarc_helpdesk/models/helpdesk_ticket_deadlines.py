"""Deadlines of the helpdesk ticket: the acknowledgement deadline of its
channel (4.2.1-4.2.3) and the acknowledgement, which gives the date of
receipt, the reference and the announced response date (4.3); the response
date announced to the customer and the answer (4.2); the extensions of that
date, told to the customer before it expires (4.4); the response delay in
working days (4.5, and the indicators of 1.12); the late flags and the date
the agent is warned that the announced date approaches."""

from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_datetime

#: the agent's day: a deadline passed, or falling before midnight (user's time)
DUE_STATES = [("late", "Late"), ("today", "Due today")]


# one class per chapter of the referential (see helpdesk_ticket.py)
class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    # Acknowledgement (AMARC 4.2, 4.3) ----------------------------------
    amarc_ack_unit = fields.Selection(
        related="channel_id.amarc_ack_unit", groups="base.group_user"
    )
    amarc_written = fields.Boolean(
        related="channel_id.amarc_written",
        string="Written complaint",
        groups="base.group_user",
    )
    amarc_ack_deadline = fields.Datetime(
        string="Acknowledgement deadline",
        compute="_compute_amarc_ack_deadline",
        store=True,
        copy=False,
        help="Date of receipt plus the acknowledgement delay of the channel, in "
        "working time (AMARC 4.2.2, 4.2.3). Empty when the channel acknowledges "
        "on request only.",
        groups="base.group_user",
    )
    amarc_ack_date = fields.Datetime(
        string="Acknowledged on",
        tracking=True,
        copy=False,
        readonly=True,
        groups="base.group_user",
    )
    amarc_ack_kind = fields.Selection(
        [
            ("acknowledgement", "Acknowledgement"),
            ("holding", "Holding reply"),
            ("answer", "Answer"),
        ],
        string="First written contact",
        tracking=True,
        copy=False,
        readonly=True,
        help="What the first contact with the customer was: an acknowledgement "
        "of receipt, a holding reply or the answer itself. Any of them sent by "
        "the deadline meets it (AMARC 4.2.2, 4.2.3).",
        groups="base.group_user",
    )
    amarc_ack_late = fields.Boolean(
        string="Late acknowledgement",
        compute="_compute_amarc_ack_late",
        store=True,
        copy=False,
        help="Not acknowledged by the deadline, or acknowledged after it. Kept up "
        "to date by an hourly scheduled action for the tickets still waiting.",
        groups="base.group_user",
    )
    # Response (AMARC 4.2, 4.4) -----------------------------------------
    amarc_response_deadline = fields.Datetime(
        string="Announced response date",
        compute="_compute_amarc_response_deadline",
        store=True,
        tracking=True,
        copy=False,
        help="The response date announced to the customer: the date of receipt "
        "plus the response delay of the team (or of the company), in working "
        "days. Moved by an extension once announced.",
        groups="base.group_user",
    )
    amarc_response_date = fields.Datetime(
        string="Answered on",
        compute="_compute_amarc_response_date",
        store=True,
        tracking=True,
        copy=False,
        help="When the answer was given: set when the ticket is closed with an "
        "answer; empty for a ticket closed without one (cancelled, withdrawn by "
        "the customer, duplicate).",
        groups="base.group_user",
    )
    amarc_response_working_days = fields.Float(
        string="Response delay (working days)",
        compute="_compute_amarc_response_working_days",
        store=True,
        copy=False,
        digits=(16, 2),
        aggregator="avg",
        help="Working days from the receipt of the complaint to the answer "
        "(AMARC 1.12, 4.5), counted on the company's working days.",
        groups="base.group_user",
    )
    amarc_response_late = fields.Boolean(
        string="Late response",
        compute="_compute_amarc_response_late",
        store=True,
        copy=False,
        groups="base.group_user",
    )
    amarc_response_warning_date = fields.Datetime(
        string="Response warning date",
        compute="_compute_amarc_response_warning_date",
        store=True,
        copy=False,
        help="When the assigned agent is warned that the announced response date "
        "approaches.",
        groups="base.group_user",
    )
    amarc_response_reminded_deadline = fields.Datetime(
        string="Response date reminded",
        copy=False,
        readonly=True,
        help="The announced response date the agent was last warned about: never "
        "twice for the same date; a new date re-arms the warning.",
        groups="base.group_user",
    )
    amarc_extension_ids = fields.One2many(
        "amarc.ticket.extension",
        "ticket_id",
        string="Extensions",
        groups="base.group_user",
    )
    amarc_extension_count = fields.Integer(
        string="Extensions count",
        compute="_compute_amarc_extension_count",
        groups="base.group_user",
    )
    amarc_last_extension_id = fields.Many2one(
        "amarc.ticket.extension",
        string="Last extension",
        compute="_compute_amarc_extension_count",
        groups="base.group_user",
    )

    # The agent's day: what is late or due today, in the user's time zone -
    amarc_ack_due = fields.Selection(
        DUE_STATES,
        string="Acknowledgement due",
        compute="_compute_amarc_due",
        search="_search_amarc_ack_due",
        help="For an open ticket not acknowledged yet: late when its deadline has "
        "passed, due today when it falls before midnight in your time zone.",
        groups="base.group_user",
    )
    amarc_response_due = fields.Selection(
        DUE_STATES,
        string="Response due",
        compute="_compute_amarc_due",
        search="_search_amarc_response_due",
        help="For an open ticket not answered yet: late when its announced "
        "response date has passed, due today when it falls before midnight in "
        "your time zone.",
        groups="base.group_user",
    )

    _amarc_response_warning_idx = models.Index(
        "(amarc_response_warning_date) WHERE amarc_response_date IS NULL"
    )
    _amarc_ack_waiting_idx = models.Index(
        "(amarc_ack_deadline) WHERE amarc_ack_date IS NULL"
    )

    # ------------------------------------------------------------------
    # Computations
    # ------------------------------------------------------------------
    @api.depends("amarc_received_date", "channel_id")
    def _compute_amarc_ack_deadline(self):
        """Computed in batch: one calendar lookup for all the tickets, then
        pure Python. The channel's delay at reception time counts: a later
        change of the channel does not rewrite past deadlines."""
        todo = self.filtered(
            lambda t: (
                t.amarc_received_date
                and t.channel_id
                and t.channel_id.amarc_ack_unit != "on_request"
            )
        )
        (self - todo).amarc_ack_deadline = False
        if not todo:
            return
        max_days = max(
            -(-c.amarc_ack_delay // 24)
            if c.amarc_ack_unit == "working_hours"
            else c.amarc_ack_delay
            for c in todo.channel_id
        )
        calendars = todo._amarc_working_calendars(max_days)
        for ticket in todo:
            channel = ticket.channel_id
            ticket.amarc_ack_deadline = calendars[ticket.company_id.id].add_delay(
                ticket.amarc_received_date,
                channel.amarc_ack_delay,
                channel.amarc_ack_unit,
            )

    @api.depends("amarc_ack_deadline", "amarc_ack_date", "stage_id")
    def _compute_amarc_ack_late(self):
        """Late when the first written contact (acknowledgement, holding reply
        or answer) came after the deadline, or has not come and the deadline
        has passed; a ticket closed without any contact (cancelled) is
        measured at its closing."""
        now = fields.Datetime.now()
        for ticket in self:
            contact = ticket.amarc_ack_date or (
                ticket.stage_id.closed and ticket.closed_date
            )
            ticket.amarc_ack_late = bool(
                ticket.amarc_ack_deadline
                and (contact or now) > ticket.amarc_ack_deadline
            )

    def _amarc_response_delay(self):
        self.ensure_one()
        return self.team_id.amarc_response_delay or self.company_id.amarc_response_delay

    @api.depends("amarc_received_date", "team_id")
    def _compute_amarc_response_deadline(self):
        """Default announced date. Once announced (acknowledged) or extended, the
        date only moves through an extension or by hand. A ticket recorded
        already acknowledged (an import, a letter keyed in after its answer
        was sent) gets its default date once."""
        todo = self.filtered(
            lambda t: (
                t.amarc_received_date
                and not (t.amarc_ack_date and t.amarc_response_deadline)
                and not t.amarc_extension_ids
                and t._amarc_response_delay()
            )
        )
        for ticket in self - todo:
            ticket.amarc_response_deadline = ticket.amarc_response_deadline
        if not todo:
            return
        max_days = max(t._amarc_response_delay() for t in todo)
        calendars = todo._amarc_working_calendars(max_days)
        for ticket in todo:
            ticket.amarc_response_deadline = calendars[
                ticket.company_id.id
            ].add_working_days(
                ticket.amarc_received_date, ticket._amarc_response_delay()
            )

    @api.depends("stage_id", "amarc_answered")
    def _compute_amarc_response_date(self):
        """Set at the first answered closing and kept through a reopening;
        cleared when the ticket is closed without an answer (cancelled,
        withdrawn, duplicate): only answered complaints have a response date."""
        for ticket in self:
            if ticket.amarc_answered:
                ticket.amarc_response_date = (
                    ticket.amarc_response_date
                    or ticket.closed_date
                    or fields.Datetime.now()
                )
            elif ticket.stage_id.closed:
                ticket.amarc_response_date = False
            else:
                ticket.amarc_response_date = ticket.amarc_response_date

    @api.depends("amarc_received_date", "amarc_response_date")
    def _compute_amarc_response_working_days(self):
        """Batched: one calendar lookup for all the tickets."""
        todo = self.filtered(
            lambda t: (
                t.amarc_received_date
                and t.amarc_response_date
                and t.amarc_response_date > t.amarc_received_date
            )
        )
        (self - todo).amarc_response_working_days = 0.0
        if not todo:
            return
        calendars = todo.company_id._amarc_working_calendars(
            min(todo.mapped("amarc_received_date")),
            max(todo.mapped("amarc_response_date")),
        )
        for ticket in todo:
            ticket.amarc_response_working_days = calendars[
                ticket.company_id.id
            ].working_days_between(
                ticket.amarc_received_date, ticket.amarc_response_date
            )

    @api.depends("amarc_response_deadline", "amarc_response_date", "stage_id")
    def _compute_amarc_response_late(self):
        """A complaint closed without an answer (cancelled, withdrawn by the
        customer, duplicate) is not measured against its announced date."""
        now = fields.Datetime.now()
        for ticket in self:
            ticket.amarc_response_late = bool(
                ticket.amarc_response_deadline
                and not (ticket.stage_id.closed and not ticket.amarc_response_date)
                and (ticket.amarc_response_date or now) > ticket.amarc_response_deadline
            )

    @api.depends(
        "amarc_response_deadline",
        "amarc_response_date",
        "company_id.amarc_response_warning_days",
    )
    def _compute_amarc_response_warning_date(self):
        todo = self.filtered(
            lambda t: t.amarc_response_deadline and not t.amarc_response_date
        )
        (self - todo).amarc_response_warning_date = False
        if not todo:
            return
        deadlines = todo.mapped("amarc_response_deadline")
        lead = max(todo.company_id.mapped("amarc_response_warning_days") or [0])
        calendars = todo.company_id._amarc_working_calendars(
            min(deadlines) - timedelta(days=7 * lead + 62),
            max(deadlines) + timedelta(days=1),
        )
        for ticket in todo:
            ticket.amarc_response_warning_date = calendars[
                ticket.company_id.id
            ].subtract_working_days(
                ticket.amarc_response_deadline,
                ticket.company_id.amarc_response_warning_days,
            )

    def _amarc_day_bounds(self):
        """Now and the end of today in the user's time zone, both as the UTC
        naive datetimes Odoo stores."""
        now = fields.Datetime.now()
        tz = self.env.tz
        local_today = pytz.utc.localize(now).astimezone(tz).date()
        midnight = tz.localize(
            datetime.combine(local_today + timedelta(days=1), time())
        )
        return now, midnight.astimezone(pytz.utc).replace(tzinfo=None)

    @staticmethod
    def _amarc_due_state(deadline, done, closed, now, midnight):
        if not deadline or done or closed:
            return False
        if deadline < now:
            return "late"
        return "today" if deadline < midnight else False

    @api.depends_context("tz")
    @api.depends(
        "amarc_ack_deadline",
        "amarc_ack_date",
        "amarc_response_deadline",
        "amarc_response_date",
        "stage_id",
    )
    def _compute_amarc_due(self):
        now, midnight = self._amarc_day_bounds()
        for ticket in self:
            closed = ticket.stage_id.closed
            ticket.amarc_ack_due = self._amarc_due_state(
                ticket.amarc_ack_deadline, ticket.amarc_ack_date, closed, now, midnight
            )
            ticket.amarc_response_due = self._amarc_due_state(
                ticket.amarc_response_deadline,
                ticket.amarc_response_date,
                closed,
                now,
                midnight,
            )

    def _amarc_search_due(self, deadline, done, operator, value):
        """Late: the deadline has passed; due today: it falls between now and
        midnight in the user's time zone; both only while the ticket is open
        and not acknowledged (or answered) yet."""
        if operator != "in":
            return NotImplemented
        now, midnight = self._amarc_day_bounds()
        waiting = Domain(
            [(done, "=", False), (deadline, "!=", False), ("closed", "=", False)]
        )
        states = {
            "late": waiting & Domain(deadline, "<", now),
            "today": waiting
            & Domain(deadline, ">=", now)
            & Domain(deadline, "<", midnight),
        }
        domain = Domain.OR(states[state] for state in value if state in states)
        if False in value:
            domain |= ~Domain.OR(states.values())
        return domain

    def _search_amarc_ack_due(self, operator, value):
        return self._amarc_search_due(
            "amarc_ack_deadline", "amarc_ack_date", operator, value
        )

    def _search_amarc_response_due(self, operator, value):
        return self._amarc_search_due(
            "amarc_response_deadline", "amarc_response_date", operator, value
        )

    @api.depends("amarc_extension_ids")
    def _compute_amarc_extension_count(self):
        for ticket in self:
            ticket.amarc_extension_count = len(ticket.amarc_extension_ids)
            ticket.amarc_last_extension_id = ticket.amarc_extension_ids.sorted(
                lambda e: (e.customer_informed_date, e.id)
            )[-1:]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("amarc_ack_date", "amarc_received_date")
    def _check_amarc_ack_date(self):
        for ticket in self.filtered("amarc_ack_date"):
            if (
                ticket.amarc_received_date
                and ticket.amarc_ack_date < ticket.amarc_received_date
            ):
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s cannot be acknowledged before it was "
                        "received.",
                        ticket=ticket.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _amarc_check_can_acknowledge(self):
        for ticket in self:
            if ticket.amarc_ack_date:
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s was already acknowledged on %(date)s.",
                        ticket=ticket.display_name,
                        date=format_datetime(self.env, ticket.amarc_ack_date),
                    )
                )

    def _amarc_check_response_deadline_announced(self):
        """Refuse an acknowledgement e-mail without an announced response date:
        it would tell the customer "as soon as possible" where 4.3 requires a
        date, and the acknowledgement, once recorded, cannot be taken back. A
        response delay set on the team or the company since the ticket was
        received is taken into account first."""
        missing = self.filtered(lambda t: not t.amarc_response_deadline)
        if missing:
            self.env.add_to_compute(self._fields["amarc_response_deadline"], missing)
            missing = missing.filtered(lambda t: not t.amarc_response_deadline)
        for ticket in missing:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s has no announced response date: the "
                    "acknowledgement must tell the customer by when they will be "
                    "answered (AMARC 4.3). Set its date of receipt and a response "
                    "delay on the team %(team)s or in the AMARC settings of the "
                    "company, then send the acknowledgement again.",
                    ticket=ticket.display_name,
                    team=ticket.team_id.display_name or "-",
                )
            )

    def action_amarc_send_acknowledgement(self):
        """E-mail the acknowledgement (date of receipt, ticket reference,
        announced response date: AMARC 4.3) and record when it went out."""
        self._amarc_check_can_acknowledge()
        self.check_access("write")
        # the announced response date is fixed once acknowledged: compute it now
        self.mapped("amarc_response_deadline")
        self._amarc_check_response_deadline_announced()
        template = self.env.ref("amarc_helpdesk.mail_template_amarc_acknowledgement")
        for ticket in self:
            if not (ticket.partner_id.email or ticket.partner_email):
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s has no customer e-mail address: "
                        "acknowledge it by phone or by letter instead.",
                        ticket=ticket.display_name,
                    )
                )
        now = fields.Datetime.now()
        self._amarc_write_protected(
            {"amarc_ack_date": now, "amarc_ack_kind": "acknowledgement"}
        )
        for ticket in self:
            ticket.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def _amarc_record_first_contact(self, kind, note):
        """Record the first written contact of ``kind`` given now, and post
        ``note`` (a translated text) on each ticket."""
        self._amarc_check_can_acknowledge()
        self.check_access("write")
        # the announced response date is fixed once the customer is told
        self.mapped("amarc_response_deadline")
        self._amarc_write_protected(
            {"amarc_ack_date": fields.Datetime.now(), "amarc_ack_kind": kind}
        )
        for ticket in self:
            ticket.message_post(body=note, subtype_xmlid="mail.mt_note")
        return True

    def action_amarc_acknowledge(self):
        """Record an acknowledgement given another way (by phone, face to face,
        by letter), now."""
        return self._amarc_record_first_contact(
            "acknowledgement",
            self.env._(
                "Acknowledgement given to the customer by %(user)s.",
                user=self.env.user.name,
            ),
        )

    def action_amarc_holding_reply(self):
        """Record a holding reply sent to the customer now (a letter or an
        e-mail saying the complaint is being looked into): the first written
        contact, which meets the acknowledgement deadline when in time
        (AMARC 4.2.3)."""
        return self._amarc_record_first_contact(
            "holding",
            self.env._(
                "Holding reply sent to the customer by %(user)s.",
                user=self.env.user.name,
            ),
        )

    def _amarc_check_extendable(self):
        """Raise unless the announced response date can still be extended."""
        self.ensure_one()
        if self.amarc_response_date:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s is already answered: its response date "
                    "cannot be extended.",
                    ticket=self.display_name,
                )
            )
        if not self.amarc_response_deadline:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s has no announced response date to extend.",
                    ticket=self.display_name,
                )
            )

    def action_amarc_extend_response(self):
        self._amarc_check_extendable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Extend the response date"),
            "res_model": "amarc.ticket.extension.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }
