"""Scheduled actions of the helpdesk ticket: the late flags of the
acknowledgement and of the response kept up to date (4.2-4.4, read by the
indicators of 1.12) and the warning to the agent before the response date
announced to the customer, so that he answers or extends it in time (4.4)."""

import logging

from odoo import api, fields, models
from odoo.tools import SQL, format_datetime

_logger = logging.getLogger(__name__)

CRON_BATCH_SIZE = 200


# one class per chapter of the referential (see helpdesk_ticket.py)
class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _cron_amarc_refresh_late_flags(self, batch_size=CRON_BATCH_SIZE):
        """Turn on the late flags of the tickets whose acknowledgement or
        response deadline passed while still waiting. The flags are stored (so
        indicators aggregate them in SQL) and otherwise only recomputed when the
        ticket changes. Batched, idempotent, safe with two workers (``ir.cron``'s
        ``_amarc_process_batches``)."""
        now = fields.Datetime.now()
        Cron = self.env["ir.cron"]
        # a closed ticket is measured at its closing (see the computations)
        open_ = SQL(
            """NOT EXISTS (SELECT 1 FROM helpdesk_ticket_stage s
                            WHERE s.id = helpdesk_ticket.stage_id AND s.closed)"""
        )
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
                depends=("helpdesk.ticket.stage",),
            )
            for flag, deadline, done, waiting in (
                ("amarc_ack_late", "amarc_ack_deadline", "amarc_ack_date", open_),
                (
                    "amarc_response_late",
                    "amarc_response_deadline",
                    "amarc_response_date",
                    open_,
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
            depends=("helpdesk.ticket.stage", "helpdesk.ticket.team"),
        )
