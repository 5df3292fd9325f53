"""The complaint as AMARC measures it, on the helpdesk ticket: its date of
receipt (where every delay of 4.2-4.5 starts), its withdrawal by the
customer, the measures of 4.2-4.4 that only the actions recording them may
write (``amarc.protected.mixin``), one precision (the second) for every AMARC
timestamp, and the working calendars the delays are counted on.

The other chapters of the referential extend the same model, one file each:
``helpdesk_ticket_deadlines`` (acknowledgement and response deadlines and
dates, late flags, extensions: 4.2-4.4), ``helpdesk_ticket_treatment``
(severity, resolution, compensation: 4.13), ``helpdesk_ticket_recourse``
(recourse and mediation: 4.14-4.16) and ``helpdesk_ticket_cron`` (their
scheduled actions)."""

import re
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.amarc_referential.models.amarc_protected_mixin import (
    AmarcContextToken,
)

#: the customer's own reference in the subject of an incoming mail: "Réf. :
#: AB-123", "ref 2026/0042", "Reference: X12", "Dossier n° 4521", "N° 123"
CUSTOMER_REFERENCE_RE = re.compile(
    r"(?:\br[ée]f(?:[ée]rence)?\b\.?|\bdossier\b(?:\s*n[°o]\.?)?|\bn°)"
    r"\s*[:#]?\s*([A-Za-z0-9][\w\-/.]{1,38}[A-Za-z0-9])",
    re.IGNORECASE,
)


#: The key of the one write that may move the announced response date: the
#: extension wizard's. A request's context is made of JSON values, none of
#: which *is* this object: a client cannot send it.
_EXTENSION_WRITE = AmarcContextToken("amarc-extension-write")
#: the records of complaints are kept one year after their closing (V.2)
RETENTION_YEARS = 1


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "amarc.protected.mixin"]
    #: what measures the agents (4.2-4.4): written by the actions that record
    #: them, with the actual time, or computed; never by a plain write
    _amarc_protected_fields = (
        "amarc_ack_date",
        "amarc_ack_kind",
        "amarc_ack_deadline",
        "amarc_ack_late",
        "amarc_response_date",
        "amarc_response_late",
        "amarc_withdrawn_date",
        "amarc_answered",
    )

    # Receipt and withdrawal ---------------------------------------------
    amarc_received_date = fields.Datetime(
        string="Received on",
        tracking=True,
        copy=False,
        help="When the company received the complaint: the creation of the ticket "
        "by default; for a letter, the date the letter arrived.",
        groups="base.group_user",
    )
    amarc_withdrawn_date = fields.Datetime(
        string="Withdrawn by the customer on",
        tracking=True,
        copy=False,
        readonly=True,
        help="The customer closed the ticket from the portal: the complaint is "
        "withdrawn, not answered. It has no response date and stays out of the "
        "response delays. Cleared when the ticket is reopened.",
        groups="base.group_user",
    )

    amarc_answered = fields.Boolean(
        string="Answered",
        compute="_compute_amarc_answered",
        store=True,
        tracking=True,
        copy=False,
        help="Closed with an answer (a stage that answers the complaint: "
        "solution, compensation, commercial gesture or rejection). A ticket "
        "cancelled, withdrawn by the customer or closed as a duplicate is not "
        "answered: no response date, no response delay, no satisfaction survey; "
        "the indicators count it apart.",
        groups="base.group_user",
    )
    amarc_customer_reference = fields.Char(
        string="Customer's reference",
        tracking=True,
        copy=False,
        help="The reference the customer gave (order, contract, file number), "
        "quoted in the acknowledgement (AMARC 4.3); the ticket number when "
        "empty. Filled from the subject of an incoming e-mail when it carries "
        'one ("Réf. : ...").',
        groups="base.group_user",
    )

    @api.depends("stage_id", "amarc_withdrawn_date")
    def _compute_amarc_answered(self):
        """The stage's setting at closing time counts: a later change of the
        stage does not rewrite the tickets closed before (not a dependency)."""
        for ticket in self:
            ticket.amarc_answered = bool(
                ticket.stage_id.closed
                and ticket.stage_id.amarc_answered
                and not ticket.amarc_withdrawn_date
            )

    def _amarc_reference(self):
        """The reference quoted to the customer: his own, else the number."""
        self.ensure_one()
        return self.amarc_customer_reference or self.number or ""

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

    # ------------------------------------------------------------------
    # Timestamps, receipt and withdrawal
    # ------------------------------------------------------------------
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

    @api.model
    def _amarc_check_response_deadline(self, vals_list):
        """The announced response date (4.4) moves only through an extension:
        its initial value is computed at creation, then only the extension
        wizard writes it; no role, no context key sent by a client opens it."""
        if self.env.context.get("amarc_extension_write") is _EXTENSION_WRITE:
            return
        if any("amarc_response_deadline" in vals for vals in vals_list):
            raise AccessError(
                self.env._(
                    "The announced response date cannot be written directly: it is "
                    "computed when the complaint is received and then moves only "
                    'through an extension (button "Extend response date"), which '
                    "records the reason and the date the customer was told (AMARC "
                    "4.4)."
                )
            )

    def _amarc_extend_deadline(self, deadline):
        """Move the announced response date: for the extension wizard, once
        it has recorded the extension."""
        return self.with_context(amarc_extension_write=_EXTENSION_WRITE).write(
            {"amarc_response_deadline": deadline}
        )

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
        self._amarc_check_response_deadline(vals_list)
        tickets = super().create(vals_list)
        tickets._amarc_ack_by_answer()
        return tickets

    def write(self, vals):
        self._amarc_check_response_deadline([vals])
        res = super().write(self._amarc_truncate_timestamps(dict(vals)))
        if "stage_id" in vals:
            self._amarc_ack_by_answer()
            # reopened: the complaint is active again, no longer withdrawn
            reopened = self.filtered(
                lambda t: t.amarc_withdrawn_date and not t.stage_id.closed
            )
            if reopened:
                reopened._amarc_write_protected({"amarc_withdrawn_date": False})
        return res

    def _amarc_ack_by_answer(self):
        """An answer sent before any acknowledgement is the first written
        contact (4.2.2, 4.2.3): it meets the acknowledgement deadline when
        sent in time, and is recorded as such, at the answer's date."""
        todo = self.filtered(lambda t: t.amarc_response_date and not t.amarc_ack_date)
        for date in set(todo.mapped("amarc_response_date")):
            answered = todo.filtered(lambda t, d=date: t.amarc_response_date == d)
            answered._amarc_write_protected(
                {"amarc_ack_date": date, "amarc_ack_kind": "answer"}
            )

    # ------------------------------------------------------------------
    # Records kept (chapter V)
    # ------------------------------------------------------------------
    def _amarc_retention_until(self):
        """One year after the closing (V.2: one year for the records); an
        open complaint is kept at least a year from now."""
        self.ensure_one()
        closed = self.closed_date if self.stage_id.closed else False
        start = fields.Date.to_date(closed or fields.Datetime.now())
        return start + relativedelta(years=RETENTION_YEARS)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_amarc_retention(self):
        today = fields.Date.context_today(self)
        for ticket in self:
            until = ticket._amarc_retention_until()
            if until >= today:
                raise UserError(
                    self.env._(
                        "%(record)s must be kept until %(date)s (retention period of "
                        "chapter V of the referential): archive it instead of "
                        "deleting it.",
                        record=ticket.display_name,
                        date=until,
                    )
                )

    # ------------------------------------------------------------------
    # Incoming mail
    # ------------------------------------------------------------------
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """The customer's reference read from the subject of the mail that
        creates the ticket, when it quotes one."""
        match = CUSTOMER_REFERENCE_RE.search(msg_dict.get("subject") or "")
        if match:
            custom_values = dict(custom_values or {})
            custom_values.setdefault("amarc_customer_reference", match.group(1))
        return super().message_new(msg_dict, custom_values=custom_values)

    def _amarc_withdraw(self, stage):
        """The customer closes his complaint himself (the portal's close
        button): it is withdrawn, not answered. The caller has checked that the
        user is the ticket's customer and that ``stage`` is a closed stage
        offered on the portal."""
        self._amarc_write_protected({"amarc_withdrawn_date": fields.Datetime.now()})
        self.write({"stage_id": stage.id})
