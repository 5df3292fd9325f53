import logging
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, mute_logger

_logger = logging.getLogger(__name__)

ALERT_TYPES = [("frequency", "Frequent reason"), ("serious", "Serious complaint")]
ALERT_STATES = [
    ("open", "Open"),
    ("action_planned", "Action planned"),
    ("closed", "Closed"),
]
#: severities that make a ticket serious on their own (AMARC 6.6)
SERIOUS_SEVERITIES = ("high", "critical")
#: a serious ticket raises its alert when received in the last days
SERIOUS_LOOKBACK_DAYS = 30
CRON_BATCH_SIZE = 100
#: key of the advisory lock of the frequency pass (two workers, one pass)
FREQUENCY_LOCK_KEY = 0x414D4152  # "AMAR"


class AmarcAlert(models.Model):
    """An alert on a frequent or serious dissatisfaction reason (AMARC 6.6),
    raised by a scheduled action and followed to an action."""

    _name = "amarc.alert"
    _description = "AMARC Alert"
    _inherit = ["mail.thread", "mail.activity.mixin", "amarc.retention.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # kept one year after its closing (chapter V: one year for the records)
    _amarc_retention_years = 1
    _amarc_retention_date_field = "closed_date"

    name = fields.Char(required=True, tracking=True)
    date = fields.Datetime(
        string="Raised on", required=True, readonly=True, default=fields.Datetime.now
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    alert_type = fields.Selection(
        ALERT_TYPES, string="Type", required=True, default="frequency", tracking=True
    )
    category_id = fields.Many2one(
        "helpdesk.ticket.category",
        string="Reason",
        index=True,
        check_company=True,
        ondelete="restrict",
        tracking=True,
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        index="btree_not_null",
        ondelete="cascade",
        check_company=True,
        help="The serious ticket that raised the alert.",
    )
    severity = fields.Selection(related="ticket_id.amarc_severity")
    ticket_count = fields.Integer(
        string="Tickets",
        help="Tickets of the reason received in the window when the alert was raised.",
    )
    threshold = fields.Integer(help="The threshold of the reason when raised.")
    window_start = fields.Datetime(string="Window start")
    window_end = fields.Datetime(string="Window end")
    state = fields.Selection(
        ALERT_STATES, default="open", required=True, tracking=True, copy=False
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        domain="[('share', '=', False)]",
        help="The quality manager told of the alert.",
    )
    action_id = fields.Many2one(
        "amarc.action",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        tracking=True,
        copy=False,
    )
    plan_id = fields.Many2one(related="action_id.plan_id", string="Action plan")
    action_state = fields.Selection(related="action_id.state", string="Action state")
    closed_date = fields.Datetime(readonly=True, copy=False, tracking=True)
    note = fields.Html(string="Analysis")
    color = fields.Integer()

    def _amarc_retention_until(self):
        """An open alert is kept at least a year from now."""
        if not self.closed_date:
            return fields.Date.context_today(self) + relativedelta(
                years=self._amarc_retention_years
            )
        return super()._amarc_retention_until()

    _serious_ticket_check = models.Constraint(
        "CHECK(alert_type != 'serious' OR ticket_id IS NOT NULL)",
        "A serious-complaint alert needs its ticket.",
    )
    _frequency_reason_check = models.Constraint(
        "CHECK(alert_type != 'frequency' OR category_id IS NOT NULL)",
        "A frequent-reason alert needs its reason.",
    )
    _frequency_open_uniq = models.UniqueIndex(
        "(company_id, category_id) "
        "WHERE alert_type = 'frequency' AND state IN ('open', 'action_planned')",
        "A reason already has an alert in progress: close it before raising "
        "another one.",
    )
    _serious_ticket_uniq = models.UniqueIndex(
        "(ticket_id) WHERE alert_type = 'serious'",
        "This ticket already raised its serious-complaint alert.",
    )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _amarc_alert_plan(self):
        """The open plan of origin 'alert' of the alert's company and year,
        created on first need."""
        self.ensure_one()
        Plan = self.env["amarc.action.plan"]
        year = fields.Date.context_today(self).year
        plan = Plan.search(
            [
                ("company_id", "=", self.company_id.id),
                ("origin", "=", "alert"),
                ("year", "=", year),
                ("state", "in", ("draft", "in_progress")),
            ],
            order="id",
            limit=1,
        )
        if not plan:
            plan = Plan.create(
                {
                    "name": self.env._("Alerts %(year)s", year=year),
                    "company_id": self.company_id.id,
                    "year": year,
                    "origin": "alert",
                    "user_id": (
                        self.company_id.amarc_quality_manager_id or self.env.user
                    ).id,
                }
            )
        return plan

    def action_create_action(self):
        """Create the action that answers the alert, in the alert plan of the
        year, and move the alert to 'action planned'."""
        for alert in self:
            if alert.state != "open":
                raise UserError(
                    self.env._(
                        "Alert %(alert)s is not open: an action was already "
                        "planned or the alert is closed.",
                        alert=alert.name,
                    )
                )
        self.check_access("write")
        criterion = self.env.ref(
            "amarc_referential.criterion_6_6", raise_if_not_found=False
        )
        actions = self.env["amarc.action"]
        for alert in self:
            plan = alert._amarc_alert_plan()
            action = self.env["amarc.action"].create(
                {
                    "name": self.env._("Answer the alert: %(alert)s", alert=alert.name),
                    "plan_id": plan.id,
                    "company_id": alert.company_id.id,
                    "action_type": "corrective"
                    if alert.alert_type == "serious"
                    else "preventive",
                    "source": f"{alert._name},{alert.id}",
                    "user_id": (alert.user_id or self.env.user).id,
                    "description": alert.note,
                    "criterion_ids": [(6, 0, criterion.ids)] if criterion else [],
                }
            )
            alert.write({"state": "action_planned", "action_id": action.id})
            actions |= action
        if len(actions) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "amarc.action",
                "res_id": actions.id,
                "view_mode": "form",
            }
        return True

    def action_close(self):
        for alert in self:
            if alert.state == "closed":
                raise UserError(
                    self.env._("Alert %(alert)s is already closed.", alert=alert.name)
                )
        self.check_access("write")
        self.write({"state": "closed", "closed_date": fields.Datetime.now()})
        activity_type = self.env.ref("amarc_helpdesk.mail_activity_type_amarc_alert")
        self.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        ).action_feedback(feedback=self.env._("Alert closed."))
        return True

    def action_open_tickets(self):
        self.ensure_one()
        if self.alert_type == "serious":
            domain = [("id", "=", self.ticket_id.id)]
        else:
            domain = [
                ("company_id", "=", self.company_id.id),
                ("category_id", "=", self.category_id.id),
                ("amarc_received_date", ">", self.window_start),
                ("amarc_received_date", "<=", self.window_end),
                ("amarc_recourse_of_id", "=", False),
                "|",
                ("stage_id.closed", "=", False),
                ("amarc_answered", "=", True),
            ]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Tickets"),
            "res_model": "helpdesk.ticket",
            "view_mode": "list,form",
            "domain": domain,
        }

    def action_open_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "amarc.action",
            "res_id": self.action_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Raising
    # ------------------------------------------------------------------
    def _amarc_notify_quality_manager(self):
        """One activity for the quality manager of the company."""
        activity_type = self.env.ref("amarc_helpdesk.mail_activity_type_amarc_alert")
        for alert in self:
            manager = alert.user_id
            if not manager:
                _logger.info(
                    "AMARC: company %s has no quality manager, alert %s not assigned",
                    alert.company_id.name,
                    alert.id,
                )
                continue
            alert.message_subscribe(partner_ids=manager.partner_id.ids)
            alert.activity_schedule(
                activity_type_id=activity_type.id,
                summary=alert.name,
                note=self.env._("Analyse the alert and decide an action (AMARC 6.6)."),
                user_id=manager.id,
            )

    @api.model
    def _amarc_frequency_candidates(self, now, limit):
        """(company, reason, count, threshold, window start) of the reasons
        that reached their threshold in their rolling window and have no alert
        in progress: ONE aggregate over the tickets. A ticket already counted
        by a previous alert of the reason is not counted again."""
        # raw SQL on the tables: flush what it reads
        self.flush_model(
            ["company_id", "category_id", "alert_type", "state", "window_end"]
        )
        self.env["helpdesk.ticket"].flush_model(
            [
                "active",
                "company_id",
                "category_id",
                "amarc_received_date",
                "amarc_recourse_of_id",
                "amarc_answered",
                "stage_id",
            ]
        )
        self.env["helpdesk.ticket.stage"].flush_model(["closed"])
        self.env["helpdesk.ticket.category"].flush_model(
            ["active", "amarc_alert_threshold", "amarc_alert_window_days"]
        )
        self.env.cr.execute(
            SQL(
                """
                WITH last_alert AS (
                    SELECT company_id, category_id, max(window_end) AS last_end
                      FROM amarc_alert
                     WHERE alert_type = 'frequency'
                     GROUP BY company_id, category_id
                ), busy AS (
                    SELECT company_id, category_id
                      FROM amarc_alert
                     WHERE alert_type = 'frequency'
                       AND state IN ('open', 'action_planned')
                )
                SELECT t.company_id, t.category_id, count(*),
                       c.amarc_alert_threshold,
                       %(now)s - make_interval(days => c.amarc_alert_window_days)
                  FROM helpdesk_ticket t
                  JOIN helpdesk_ticket_category c ON c.id = t.category_id
                  LEFT JOIN last_alert l
                    ON l.company_id = t.company_id AND l.category_id = t.category_id
                 WHERE t.active
                   AND c.active
                   AND t.company_id IS NOT NULL
                   -- complaints: no recourse, none closed without an answer
                   -- (cancelled, withdrawn, duplicate)
                   AND t.amarc_recourse_of_id IS NULL
                   AND NOT EXISTS (
                        SELECT 1 FROM helpdesk_ticket_stage s
                         WHERE s.id = t.stage_id AND s.closed
                           AND NOT COALESCE(t.amarc_answered, FALSE))
                   AND c.amarc_alert_threshold > 0
                   AND c.amarc_alert_window_days > 0
                   AND t.amarc_received_date <= %(now)s
                   AND t.amarc_received_date
                       > %(now)s - make_interval(days => c.amarc_alert_window_days)
                   AND (l.last_end IS NULL OR t.amarc_received_date > l.last_end)
                   AND NOT EXISTS (
                        SELECT 1 FROM busy b
                         WHERE b.company_id = t.company_id
                           AND b.category_id = t.category_id)
                 GROUP BY t.company_id, t.category_id, c.amarc_alert_threshold,
                          c.amarc_alert_window_days
                HAVING count(*) >= c.amarc_alert_threshold
                 ORDER BY t.company_id, t.category_id
                 LIMIT %(limit)s
                """,
                now=now,
                limit=limit,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _amarc_create_alerts(self, vals_list):
        """Create the alerts of ``vals_list`` and tell their quality managers;
        none when another worker raised them after this transaction began: its
        snapshot does not show them, the unique indexes do (one alert in
        progress per reason, one per serious ticket). The next run, with a
        fresh snapshot, raises what is left."""
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                alerts = self.create(vals_list)
        except UniqueViolation:
            _logger.info("AMARC: alerts raised by another worker meanwhile, left to it")
            return self.browse()
        alerts._amarc_notify_quality_manager()
        return alerts

    @api.model
    def _amarc_frequency_batch(self, now, limit):
        """The next reasons to alert on (``_amarc_frequency_candidates``), for
        one worker at a time: none when another worker holds this pass (an
        advisory lock: there is no row to lock in an aggregate)."""
        self.env.cr.execute(
            SQL("SELECT pg_try_advisory_xact_lock(%s)", FREQUENCY_LOCK_KEY)
        )
        if not self.env.cr.fetchone()[0]:
            return []
        return self._amarc_frequency_candidates(now, limit)

    @api.model
    def _amarc_raise_frequency_batch(self, rows, now):
        """Raise and notify the alerts of the candidate ``rows``; False when
        another worker raised them meanwhile."""
        Category = self.env["helpdesk.ticket.category"].sudo()
        Company = self.env["res.company"].sudo()
        vals_list = []
        for company_id, category_id, count, threshold, window_start in rows:
            category = Category.browse(category_id)
            company = Company.browse(company_id)
            vals_list.append(
                {
                    "name": self.env._(
                        "Frequent reason: %(reason)s (%(count)s tickets in "
                        "%(days)s days)",
                        reason=category.display_name,
                        count=count,
                        days=category.amarc_alert_window_days,
                    ),
                    "alert_type": "frequency",
                    "company_id": company_id,
                    "category_id": category_id,
                    "ticket_count": count,
                    "threshold": threshold,
                    "window_start": window_start,
                    "window_end": now,
                    "date": now,
                    "user_id": company.amarc_quality_manager_id.id,
                }
            )
        return bool(self._amarc_create_alerts(vals_list))

    @api.model
    def _amarc_raise_frequency_alerts(self, batch_size=CRON_BATCH_SIZE):
        now = fields.Datetime.now()
        return self.env["ir.cron"]._amarc_process_batches(
            self._name,
            lambda limit: self._amarc_frequency_batch(now, limit),
            lambda rows: self._amarc_raise_frequency_batch(rows, now),
            batch_size,
        )

    @api.model
    def _amarc_raise_serious_batch(self, tickets, now):
        """Raise and notify the alerts of the serious ``tickets``; False when
        another worker raised them meanwhile."""
        return bool(
            self._amarc_create_alerts(
                [
                    {
                        "name": self.env._(
                            "Serious complaint: %(ticket)s", ticket=ticket.display_name
                        ),
                        "alert_type": "serious",
                        "company_id": ticket.company_id.id,
                        "category_id": ticket.category_id.id,
                        "ticket_id": ticket.id,
                        "ticket_count": 1,
                        "window_start": ticket.amarc_received_date,
                        "window_end": ticket.amarc_received_date,
                        "date": now,
                        "user_id": ticket.company_id.amarc_quality_manager_id.id,
                    }
                    for ticket in tickets.sudo()
                ]
            )
        )

    @api.model
    def _amarc_raise_serious_alerts(self, batch_size=CRON_BATCH_SIZE):
        now = fields.Datetime.now()
        return self.env["ir.cron"]._amarc_process_batches(
            "helpdesk.ticket",
            SQL(
                """active AND company_id IS NOT NULL
                   AND amarc_received_date > %(since)s
                   AND amarc_received_date <= %(now)s
                   AND (amarc_severity IN %(severities)s
                        OR category_id IN (SELECT id FROM helpdesk_ticket_category
                                            WHERE amarc_serious))
                   AND NOT EXISTS (SELECT 1 FROM amarc_alert a
                                    WHERE a.ticket_id = helpdesk_ticket.id
                                      AND a.alert_type = 'serious')""",
                since=now - timedelta(days=SERIOUS_LOOKBACK_DAYS),
                now=now,
                severities=SERIOUS_SEVERITIES,
            ),
            lambda tickets: self._amarc_raise_serious_batch(tickets, now),
            batch_size,
            order=SQL("amarc_received_date, id"),
            depends=("helpdesk.ticket.category", "amarc.alert"),
        )

    @api.model
    def _cron_amarc_raise_alerts(self, batch_size=CRON_BATCH_SIZE):
        """Raise the alerts of AMARC 6.6: one per reason that reaches its
        threshold in its rolling window (one in progress at a time per reason
        and company, enforced by a unique index), one per serious ticket.
        Batched, idempotent, safe with two workers (``ir.cron``'s
        ``_amarc_process_batches``: an advisory lock holds the frequency pass,
        the serious pass locks its tickets)."""
        alerts = self.with_context(mail_auto_subscribe_no_notify=True)
        return alerts._amarc_raise_frequency_alerts(
            batch_size
        ) + alerts._amarc_raise_serious_alerts(batch_size)
