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

from datetime import datetime, timedelta

from odoo import api, fields, models


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
