import base64
import logging

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape
from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

#: audience -> (period, checkpoint xmlid of criterion 1.16)
AUDIENCES = {
    "agents": ("month", "amarc_referential.checkpoint_1_16_3"),
    "services": ("semester", "amarc_referential.checkpoint_1_16_2"),
    "management": ("year", "amarc_referential.checkpoint_1_16_1"),
}
CRON_BATCH_SIZE = 20
PLANNING_LOCK_KEY = 0x414D4143  # "AMAC"


class AmarcIndicatorCommunication(models.Model):
    """One communication of the indicator results (AMARC 1.16): monthly to the
    agents, every six months to the services concerned, yearly to management.
    One per company, audience and period (unique): planned by the scheduled
    action, then sent with the indicator workbook, kept as evidence on
    criterion 1.16 and marking the matching obligation done."""

    _name = "amarc.indicator.communication"
    _description = "AMARC Indicator Communication"
    _inherit = ["mail.thread", "amarc.retention.mixin"]
    _order = "period_start desc, audience, id desc"
    _check_company_auto = True
    # kept one year after it was sent (chapter V: one year for the records)
    _amarc_retention_years = 1
    _amarc_retention_date_field = "sent_date"

    name = fields.Char(required=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    audience = fields.Selection(
        [
            ("agents", "Agents (monthly)"),
            ("services", "Services concerned (every six months)"),
            ("management", "Management (yearly)"),
        ],
        required=True,
    )
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    state = fields.Selection(
        [("pending", "To send"), ("sent", "Sent")],
        default="pending",
        required=True,
        tracking=True,
    )
    sent_date = fields.Datetime(readonly=True)
    partner_ids = fields.Many2many("res.partner", string="Recipients")
    attachment_id = fields.Many2one("ir.attachment", string="Workbook", readonly=True)
    evidence_id = fields.Many2one("amarc.evidence", readonly=True, check_company=True)

    _period_uniq = models.Constraint(
        "UNIQUE(company_id, audience, period_start)",
        "The indicators of this period were already communicated to this audience.",
    )

    # ------------------------------------------------------------------
    # Recipients and periods
    # ------------------------------------------------------------------
    @api.model
    def _amarc_recipients(self, company, audience):
        if audience == "agents":
            teams = (
                self.env["helpdesk.ticket.team"]
                .sudo()
                .search([("company_id", "in", (company.id, False))])
            )
            return teams.user_ids.filtered(
                lambda u: company in u.company_ids and not u.share
            ).partner_id
        if audience == "services":
            return company.amarc_indicator_service_partner_ids
        return company.amarc_indicator_management_partner_ids

    @api.model
    def _amarc_last_period(self, audience, today):
        """The last complete period of the audience before ``today``."""
        Indicator = self.env["amarc.helpdesk.indicator"]
        period = AUDIENCES[audience][0]
        months = {"month": 1, "semester": 6, "year": 12}[period]
        start, _end = Indicator._amarc_period_bounds(period, today)
        return Indicator._amarc_period_bounds(
            period, start - relativedelta(months=months)
        )

    @api.model
    def _amarc_insert_planned(self, query):
        """Run the INSERT ... ON CONFLICT DO NOTHING RETURNING id of a planned
        communication: its row, or None when it exists. In REPEATABLE READ, a
        row committed by another worker after this transaction began is not
        in its snapshot and PostgreSQL refuses to skip it silently
        (serialization failure): it was planned by that worker, nothing to do
        here either."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(query, log_exceptions=False)
                return self.env.cr.fetchone()
        except SerializationFailure:
            return None

    @api.model
    def _amarc_plan_communications(self, today):
        """Create the pending communications of the last complete periods that
        do not exist yet (INSERT ... ON CONFLICT DO NOTHING: never twice)."""
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("amarc_referential_id", "!=", False)])
        )
        labels = dict(self._fields["audience"]._description_selection(self.env))
        created = self.browse()
        for company in companies:
            for audience in AUDIENCES:
                start, end = self._amarc_last_period(audience, today)
                recipients = self._amarc_recipients(company, audience)
                if not recipients:
                    continue
                row = self._amarc_insert_planned(
                    SQL(
                        """INSERT INTO amarc_indicator_communication
                               (name, company_id, audience, period_start,
                                period_end, state, active, create_uid,
                                create_date, write_uid, write_date)
                           VALUES (%(name)s, %(company)s, %(audience)s, %(start)s,
                                   %(end)s, 'pending', TRUE, %(uid)s,
                                   now() AT TIME ZONE 'UTC', %(uid)s,
                                   now() AT TIME ZONE 'UTC')
                           ON CONFLICT (company_id, audience, period_start)
                           DO NOTHING
                           RETURNING id""",
                        name=self.env._(
                            "Indicators %(start)s - %(end)s: %(audience)s",
                            start=start,
                            end=end,
                            audience=labels[audience],
                        ),
                        company=company.id,
                        audience=audience,
                        start=start,
                        end=end,
                        uid=self.env.uid,
                    )
                )
                if row:
                    communication = self.browse(row[0])
                    communication.partner_ids = recipients
                    created |= communication
        return created

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------
    def _amarc_body(self, totals):
        self.ensure_one()
        rows = [
            (self.env._("Complaints received"), totals["received"]),
            (self.env._("Answered"), totals["answered"]),
            (self.env._("Not answered yet"), totals["backlog"]),
            (self.env._("Acknowledgement on time (%)"), totals["ack_on_time_rate"]),
            (
                self.env._("Mean response delay (working days)"),
                totals["response_delay_mean"],
            ),
            (
                self.env._("90th percentile of the response delay (working days)"),
                totals["response_delay_p90"],
            ),
        ]
        cells = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td></tr>")
            % (label, "-" if value is None else round(value, 2))
            for label, value in rows
        )
        return Markup("<p>%s</p><table>%s</table><p>%s</p>") % (
            escape(
                self.env._(
                    "The indicator results of the complaints received from "
                    "%(start)s to %(end)s (AMARC 1.16).",
                    start=self.period_start,
                    end=self.period_end,
                )
            ),
            cells,
            escape(self.env._("The detail is in the attached workbook.")),
        )

    def _amarc_workbook(self):
        """The indicator workbook of the period (the XLSX report), with every
        ticket of the company whoever sends it: rendered by the superuser,
        since report_xlsx renders without ``sudo()``."""
        self.ensure_one()
        wizard = (
            self.env["amarc.indicator.export"]
            .sudo()
            .create(
                {
                    "company_id": self.company_id.id,
                    "period": AUDIENCES[self.audience][0],
                    "date_from": self.period_start,
                    "date_to": self.period_end,
                }
            )
        )
        content, _format = (
            self.env["ir.actions.report"]
            .with_user(SUPERUSER_ID)
            .with_company(self.company_id)
            ._render_xlsx(
                "amarc_helpdesk.action_report_amarc_indicators_xlsx", wizard.ids, None
            )
        )
        return content

    def _amarc_send(self):
        Indicator = self.env["amarc.helpdesk.indicator"].sudo()
        for communication in self:
            company = communication.company_id
            content = communication._amarc_workbook()
            attachment = self.env["ir.attachment"].create(
                {
                    "name": f"{communication.name}.xlsx".replace("/", "-"),
                    "datas": base64.b64encode(content),
                    "res_model": communication._name,
                    "res_id": communication.id,
                    "mimetype": "application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet",
                }
            )
            totals = Indicator._amarc_totals(
                communication.period_start, communication.period_end, company
            )
            communication.message_post(
                subject=communication.name,
                body=communication._amarc_body(totals),
                partner_ids=communication.partner_ids.ids,
                attachment_ids=attachment.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            today = fields.Date.context_today(communication)
            evidence = communication._amarc_keep_evidence(attachment, today)
            communication.write(
                {
                    "state": "sent",
                    "sent_date": fields.Datetime.now(),
                    "attachment_id": attachment.id,
                    "evidence_id": evidence.id,
                }
            )

    def _amarc_keep_evidence(self, attachment, today):
        """The evidence of 1.16 with the workbook; the obligation of the
        audience's checkpoint (when the company has it) fulfilled by this
        communication (``amarc.obligation._amarc_fulfil``)."""
        self.ensure_one()
        checkpoint = (
            self.env.ref(AUDIENCES[self.audience][1], raise_if_not_found=False)
            or self.env["amarc.criterion.checkpoint"]
        )
        note = self.env._(
            "Indicators of %(start)s - %(end)s sent to %(recipients)s.",
            start=self.period_start,
            end=self.period_end,
            recipients=", ".join(self.partner_ids.mapped("name")),
        )
        return self.env["amarc.obligation"]._amarc_fulfil(
            "1.16",
            self,
            today,
            note=note,
            attachments=attachment,
            checkpoint=checkpoint,
        )

    @api.model
    def _cron_amarc_communicate_indicators(self, batch_size=CRON_BATCH_SIZE):
        """Plan the communications of the last complete periods (one worker at
        a time: advisory lock), then send the pending ones in batches
        (``ir.cron``'s ``_amarc_process_batches``). Idempotent: never twice for
        the same company, audience and period (unique constraint)."""
        today = fields.Date.context_today(self)
        return self.env["ir.cron"]._amarc_plan_and_process(
            PLANNING_LOCK_KEY,
            lambda: self._amarc_plan_communications(today),
            self._name,
            SQL("state = 'pending'"),
            lambda batch: batch._amarc_send(),
            batch_size,
            order=SQL("period_start, id"),
        )

    def action_open_evidence(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "amarc.evidence",
            "res_id": self.evidence_id.id,
            "view_mode": "form",
        }
