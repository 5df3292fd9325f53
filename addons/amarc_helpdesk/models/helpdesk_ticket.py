import logging
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_datetime

_logger = logging.getLogger(__name__)

SEVERITIES = [
    ("low", "Low"),
    ("normal", "Normal"),
    ("high", "Serious"),
    ("critical", "Critical"),
]
RESOLUTIONS = [
    ("repair", "Repair"),
    ("compensation", "Compensation"),
    ("commercial_gesture", "Commercial gesture"),
    ("rejection", "Rejection"),
]
#: resolutions that give the customer money or its equivalent (AMARC 4.13)
PAID_RESOLUTIONS = ("compensation", "commercial_gesture")
CRON_BATCH_SIZE = 200


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "amarc.protected.mixin"]
    #: what measures the agents (4.2-4.4): written by the actions that record
    #: them, with the actual time, or computed; never by a plain write
    _amarc_protected_fields = (
        "amarc_ack_date",
        "amarc_ack_deadline",
        "amarc_ack_late",
        "amarc_response_deadline",
        "amarc_response_date",
        "amarc_response_late",
        "amarc_withdrawn_date",
    )

    # Acknowledgement (AMARC 4.2, 4.3) ----------------------------------
    amarc_received_date = fields.Datetime(
        string="Received on",
        tracking=True,
        copy=False,
        help="When the company received the complaint: the creation of the ticket "
        "by default; for a letter, the date the letter arrived.",
        groups="base.group_user",
    )
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
        help="When the answer was given: set when the ticket reaches a closed stage "
        "(not when the customer withdrew the complaint).",
        groups="base.group_user",
    )
    amarc_withdrawn_date = fields.Datetime(
        string="Withdrawn by the customer on",
        tracking=True,
        copy=False,
        readonly=True,
        help="The customer closed the ticket from the portal: the complaint is "
        "withdrawn, not answered. It has no response date, stays out of the "
        "response delays and gets no satisfaction survey. Cleared when the ticket "
        "is reopened.",
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
    amarc_alert_ids = fields.One2many(
        "amarc.alert",
        "ticket_id",
        string="Alerts",
        readonly=True,
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
    # Treatment (AMARC 4.13) --------------------------------------------
    amarc_severity = fields.Selection(
        SEVERITIES,
        string="Severity",
        default="normal",
        tracking=True,
        groups="base.group_user",
    )
    amarc_resolution = fields.Selection(
        RESOLUTIONS,
        string="Resolution",
        tracking=True,
        copy=False,
        groups="base.group_user",
    )
    amarc_currency_id = fields.Many2one(
        related="company_id.currency_id", groups="base.group_user"
    )
    amarc_compensation_amount = fields.Monetary(
        string="Compensation amount",
        currency_field="amarc_currency_id",
        tracking=True,
        copy=False,
        groups="base.group_user",
    )
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

    _amarc_response_warning_idx = models.Index(
        "(amarc_response_warning_date) WHERE amarc_response_date IS NULL"
    )
    _amarc_ack_waiting_idx = models.Index(
        "(amarc_ack_deadline) WHERE amarc_ack_date IS NULL"
    )

    # ------------------------------------------------------------------
    # Working time
    # ------------------------------------------------------------------
    def _amarc_working_calendars(self, days):
        """{company id: WorkingCalendar} covering every ticket of ``self`` for a
        delay of up to ``days`` (working) days: one lookup for the recordset."""
        dates = [d for d in self.mapped("amarc_received_date") if d] or [
            fields.Datetime.now()
        ]
        start, end = min(dates), max(dates)
        return self.company_id._amarc_working_calendars(
            start - timedelta(days=1), end + timedelta(days=7 * days + 62)
        )

    @api.model
    def _amarc_truncate_timestamps(self, vals):
        """One precision, the second, for every AMARC timestamp written."""
        for name, value in vals.items():
            field = self._fields.get(name)
            if (
                name.startswith("amarc_")
                and field
                and field.type == "datetime"
                and isinstance(value, datetime)
            ):
                vals[name] = value.replace(microsecond=0)
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # No empty value standing in for a computed one: the ticket form
            # sends an empty announced response date (it depends on the
            # reception date that only create sets), an import may too.
            for name in ("amarc_response_deadline", "amarc_response_date"):
                if name in vals and not vals[name]:
                    del vals[name]
            self._amarc_truncate_timestamps(vals)
            if not vals.get("amarc_received_date"):
                # to the second, as every AMARC timestamp: an acknowledgement
                # given within the second of the reception is not "before it
                # was received"
                vals["amarc_received_date"] = fields.Datetime.now()
        return super().create(vals_list)

    def write(self, vals):
        res = super().write(self._amarc_truncate_timestamps(dict(vals)))
        if "stage_id" in vals:
            # reopened: the complaint is active again, no longer withdrawn
            reopened = self.filtered(
                lambda t: t.amarc_withdrawn_date and not t.stage_id.closed
            )
            if reopened:
                reopened._amarc_write_protected({"amarc_withdrawn_date": False})
        return res

    def _amarc_withdraw(self, stage):
        """The customer closes his complaint himself (the portal's close
        button): it is withdrawn, not answered. The caller has checked that the
        user is the ticket's customer and that ``stage`` is a closed stage
        offered on the portal."""
        self._amarc_write_protected({"amarc_withdrawn_date": fields.Datetime.now()})
        self.write({"stage_id": stage.id})

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

    @api.depends("amarc_ack_deadline", "amarc_ack_date")
    def _compute_amarc_ack_late(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.amarc_ack_late = bool(
                ticket.amarc_ack_deadline
                and (ticket.amarc_ack_date or now) > ticket.amarc_ack_deadline
            )

    def _amarc_response_delay(self):
        self.ensure_one()
        return self.team_id.amarc_response_delay or self.company_id.amarc_response_delay

    @api.depends("amarc_received_date", "team_id")
    def _compute_amarc_response_deadline(self):
        """Default announced date. Once announced (acknowledged) or extended, the
        date only moves through an extension or by hand."""
        todo = self.filtered(
            lambda t: (
                t.amarc_received_date
                and not t.amarc_ack_date
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

    @api.depends("stage_id", "amarc_withdrawn_date")
    def _compute_amarc_response_date(self):
        for ticket in self:
            if (
                ticket.stage_id.closed
                and not ticket.amarc_response_date
                and not ticket.amarc_withdrawn_date
            ):
                ticket.amarc_response_date = ticket.closed_date or fields.Datetime.now()
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

    @api.depends(
        "amarc_response_deadline", "amarc_response_date", "amarc_withdrawn_date"
    )
    def _compute_amarc_response_late(self):
        """A complaint withdrawn by the customer was not answered: it is not
        measured against its announced date."""
        now = fields.Datetime.now()
        for ticket in self:
            ticket.amarc_response_late = bool(
                ticket.amarc_response_deadline
                and not ticket.amarc_withdrawn_date
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

    @api.depends("amarc_extension_ids")
    def _compute_amarc_extension_count(self):
        for ticket in self:
            ticket.amarc_extension_count = len(ticket.amarc_extension_ids)
            ticket.amarc_last_extension_id = ticket.amarc_extension_ids.sorted(
                lambda e: (e.customer_informed_date, e.id)
            )[-1:]

    @api.depends("amarc_recourse_ids")
    def _compute_amarc_recourse_count(self):
        for ticket in self:
            ticket.amarc_recourse_count = len(ticket.amarc_recourse_ids)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("amarc_resolution", "amarc_compensation_amount")
    def _check_amarc_compensation(self):
        for ticket in self:
            amount = ticket.amarc_compensation_amount
            if amount < 0:
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s: a compensation amount cannot be negative.",
                        ticket=ticket.display_name,
                    )
                )
            if ticket.amarc_resolution in PAID_RESOLUTIONS and not amount:
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s: a compensation or a commercial gesture "
                        "needs a positive amount.",
                        ticket=ticket.display_name,
                    )
                )
            if ticket.amarc_resolution == "rejection" and amount:
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s: a rejected complaint cannot carry a "
                        "compensation amount.",
                        ticket=ticket.display_name,
                    )
                )

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

    def action_amarc_send_acknowledgement(self):
        """E-mail the acknowledgement (date of receipt, ticket reference,
        announced response date: AMARC 4.3) and record when it went out."""
        self._amarc_check_can_acknowledge()
        self.check_access("write")
        # the announced response date is fixed once acknowledged: compute it now
        self.mapped("amarc_response_deadline")
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
        self._amarc_write_protected({"amarc_ack_date": now})
        for ticket in self:
            ticket.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def action_amarc_acknowledge(self):
        """Record an acknowledgement given another way (by phone, face to face,
        by letter), now."""
        self._amarc_check_can_acknowledge()
        self.check_access("write")
        # the announced response date is fixed once acknowledged: compute it now
        self.mapped("amarc_response_deadline")
        self._amarc_write_protected({"amarc_ack_date": fields.Datetime.now()})
        for ticket in self:
            ticket.message_post(
                body=self.env._(
                    "Acknowledgement given to the customer by %(user)s.",
                    user=self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

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

    # ------------------------------------------------------------------
    # Scheduled actions
    # ------------------------------------------------------------------
    @api.model
    def _cron_amarc_refresh_late_flags(self, batch_size=CRON_BATCH_SIZE):
        """Turn on the late flags of the tickets whose acknowledgement or
        response deadline passed while still waiting. The flags are stored (so
        indicators aggregate them in SQL) and otherwise only recomputed when the
        ticket changes. Batched, idempotent, safe with two workers (``ir.cron``'s
        ``_amarc_process_batches``)."""
        now = fields.Datetime.now()
        Cron = self.env["ir.cron"]
        return sum(
            Cron._amarc_process_batches(
                self._name,
                SQL(
                    """%(flag)s IS NOT TRUE
                       AND %(done)s IS NULL
                       AND %(waiting)s
                       AND %(deadline)s < %(now)s""",
                    flag=SQL.identifier(flag),
                    done=SQL.identifier(done),
                    deadline=SQL.identifier(deadline),
                    waiting=waiting,
                    now=now,
                ),
                lambda tickets, flag=flag: tickets._amarc_refresh_flag(flag),
                batch_size,
                order=SQL("%s, id", SQL.identifier(deadline)),
            )
            for flag, deadline, done, waiting in (
                ("amarc_ack_late", "amarc_ack_deadline", "amarc_ack_date", SQL("TRUE")),
                (
                    "amarc_response_late",
                    "amarc_response_deadline",
                    "amarc_response_date",
                    SQL("amarc_withdrawn_date IS NULL"),
                ),
            )
        )

    def _amarc_refresh_flag(self, flag):
        """Recompute and store the late flag ``flag`` of ``self``."""
        self.env.add_to_compute(self._fields[flag], self)
        self._recompute_recordset([flag])
        self.flush_recordset([flag])

    def _amarc_response_warning_condition(self):
        """The unanswered open tickets whose agent (or team leader) must be
        warned now that their announced response date approaches."""
        return SQL(
            """
            active
            AND amarc_response_date IS NULL
            AND amarc_withdrawn_date IS NULL
            AND amarc_response_deadline IS NOT NULL
            AND amarc_response_warning_date <= %(now)s
            AND (amarc_response_reminded_deadline IS NULL
                 OR amarc_response_reminded_deadline != amarc_response_deadline)
            AND NOT EXISTS (SELECT 1 FROM helpdesk_ticket_stage s
                             WHERE s.id = helpdesk_ticket.stage_id AND s.closed)
            AND (user_id IS NOT NULL
                 OR EXISTS (SELECT 1 FROM helpdesk_ticket_team tm
                             WHERE tm.id = helpdesk_ticket.team_id
                               AND tm.user_id IS NOT NULL))
            """,
            now=fields.Datetime.now(),
        )

    def _amarc_warn_response_due(self):
        activity_type = self.env.ref(
            "amarc_helpdesk.mail_activity_type_amarc_response_due"
        )
        for ticket in self:
            user = ticket.user_id or ticket.team_id.user_id
            # the warning of a previous (moved) deadline is obsolete
            ticket.activity_ids.filtered(
                lambda a, t=activity_type: a.activity_type_id == t
            ).unlink()
            if ticket.with_user(user).has_access("read"):
                deadline = ticket.amarc_response_deadline
                tz = user.tz or ticket.company_id.resource_calendar_id.tz or "UTC"
                ticket.activity_schedule(
                    activity_type_id=activity_type.id,
                    date_deadline=fields.Datetime.context_timestamp(
                        ticket.with_context(tz=tz), deadline
                    ).date(),
                    summary=self.env._(
                        "Answer the customer by %(date)s",
                        date=format_datetime(self.env, deadline, tz=tz),
                    ),
                    user_id=user.id,
                )
            else:
                _logger.info(
                    "AMARC: user %s cannot read ticket %s, response warning skipped",
                    user.login,
                    ticket.number,
                )
            ticket.amarc_response_reminded_deadline = ticket.amarc_response_deadline

    @api.model
    def _cron_amarc_warn_response_due(self, batch_size=CRON_BATCH_SIZE):
        """Put ONE activity on the assigned agent (or the team leader) of each
        unanswered open ticket whose announced response date approaches (the
        company's lead, in working days) or has passed. The deadline warned
        about is stored: never twice for the same date, a moved date re-arms
        the warning. Batched, safe with two workers (``ir.cron``'s
        ``_amarc_process_batches``)."""
        return self.env["ir.cron"]._amarc_process_batches(
            self._name,
            self._amarc_response_warning_condition(),
            lambda tickets: tickets.with_context(
                mail_auto_subscribe_no_notify=True
            )._amarc_warn_response_due(),
            batch_size,
            order=SQL("amarc_response_deadline, id"),
        )
