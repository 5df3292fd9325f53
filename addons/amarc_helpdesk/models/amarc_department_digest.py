from datetime import datetime, time, timedelta

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.tools import SQL

#: criterion -> its reference data
CRITERIA = {
    "1.10": "amarc_referential.criterion_1_10",
    "1.11": "amarc_referential.criterion_1_11",
}
CRON_BATCH_SIZE = 20
PLANNING_LOCK_KEY = 0x414D4144  # "AMAD"


class AmarcDepartmentDigest(models.Model):
    """The monthly digest of the solutions given to customers, one per
    department and month: to the departments at the origin of the reasons
    (AMARC 1.10) and, at level B, to the people of the teams involved in the
    resolution (1.11). Planned and sent by a scheduled action, kept as
    evidence of its criterion."""

    _name = "amarc.department.digest"
    _description = "AMARC Department Digest"
    _inherit = ["mail.thread"]
    _order = "period_start desc, criterion, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name")
    company_id = fields.Many2one("res.company", required=True, index=True)
    criterion = fields.Selection(
        [
            ("1.10", "Departments at the origin (1.10)"),
            ("1.11", "Involved in the resolution (1.11)"),
        ],
        required=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Department", required=True, ondelete="restrict"
    )
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    ticket_ids = fields.Many2many("helpdesk.ticket", string="Complaints answered")
    state = fields.Selection(
        [("pending", "To send"), ("sent", "Sent")],
        default="pending",
        required=True,
        tracking=True,
    )
    sent_date = fields.Datetime(readonly=True)
    evidence_id = fields.Many2one("amarc.evidence", readonly=True, check_company=True)

    _period_uniq = models.Constraint(
        "UNIQUE(company_id, criterion, partner_id, period_start)",
        "This department already has its digest of this month.",
    )

    @api.depends("partner_id", "period_start", "period_end", "criterion")
    def _compute_name(self):
        for digest in self:
            digest.name = self.env._(
                "Solutions given %(start)s - %(end)s: %(department)s (%(criterion)s)",
                start=digest.period_start,
                end=digest.period_end,
                department=digest.partner_id.name,
                criterion=digest.criterion,
            )

    # ------------------------------------------------------------------
    # Planning
    # ------------------------------------------------------------------
    @api.model
    def _amarc_recipients(self, company, start, end):
        """{(criterion, partner): ticket ids} of the complaints of ``company``
        answered between ``start`` and ``end`` (dates, inclusive), in grouped
        queries: the departments of their reasons (1.10) and, at level B, the
        members of the teams and the agents involved (1.11)."""
        Ticket = self.env["helpdesk.ticket"].sudo()
        domain = [
            ("company_id", "=", company.id),
            ("amarc_response_date", ">=", datetime.combine(start, time.min)),
            (
                "amarc_response_date",
                "<",
                datetime.combine(end, time.min) + timedelta(1),
            ),
            ("amarc_withdrawn_date", "=", False),
        ]
        result = {}

        def add(criterion, partners, ids):
            for partner in partners:
                result.setdefault((criterion, partner), set()).update(ids)

        for category, ids in Ticket._read_group(
            domain, ["category_id"], ["id:array_agg"]
        ):
            add("1.10", category.amarc_department_partner_ids, ids)
        if company.amarc_level == "B":
            for team, ids in Ticket._read_group(
                domain, ["amarc_involved_team_ids"], ["id:array_agg"]
            ):
                add(
                    "1.11",
                    team.user_ids.filtered(lambda u: not u.share).partner_id,
                    ids,
                )
            for user, ids in Ticket._read_group(
                domain, ["amarc_involved_user_ids"], ["id:array_agg"]
            ):
                add("1.11", user.filtered(lambda u: not u.share).partner_id, ids)
        return result

    @api.model
    def _amarc_plan_digests(self, today):
        """Create the digests of last month that do not exist yet."""
        end = today.replace(day=1) - timedelta(days=1)
        start = end.replace(day=1)
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("amarc_referential_id", "!=", False)])
        )
        existing = {
            (d.company_id.id, d.criterion, d.partner_id.id)
            for d in self.sudo().search([("period_start", "=", start)])
        }
        vals_list = []
        for company in companies:
            recipients = self._amarc_recipients(company, start, end)
            for (criterion, partner), ids in recipients.items():
                if (company.id, criterion, partner.id) in existing:
                    continue
                vals_list.append(
                    {
                        "company_id": company.id,
                        "criterion": criterion,
                        "partner_id": partner.id,
                        "period_start": start,
                        "period_end": end,
                        "ticket_ids": [fields.Command.set(sorted(ids))],
                    }
                )
        return self.sudo().create(vals_list)

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------
    def _amarc_body(self):
        self.ensure_one()
        resolutions = dict(
            self.env["helpdesk.ticket"]
            ._fields["amarc_resolution"]
            ._description_selection(self.env)
        )
        rows = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
            % (
                ticket.number,
                ticket.name,
                ticket.category_id.name or "",
                resolutions.get(ticket.amarc_resolution, ""),
            )
            for ticket in self.ticket_ids.sorted("id")
        )
        intro = self.env._(
            "The solutions given to the customers from %(start)s to %(end)s on the "
            "complaints that concern you (AMARC %(criterion)s).",
            start=self.period_start,
            end=self.period_end,
            criterion=self.criterion,
        )
        header = Markup("<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>") % (
            self.env._("Ticket"),
            self.env._("Subject"),
            self.env._("Reason"),
            self.env._("Solution"),
        )
        return Markup("<p>%s</p><table>%s%s</table>") % (escape(intro), header, rows)

    def _amarc_send(self):
        Evidence = self.env["amarc.evidence"].sudo()
        today = fields.Date.context_today(self)
        for digest in self:
            lang = digest.partner_id.lang or digest.company_id.partner_id.lang
            localized = digest.with_context(lang=lang) if lang else digest
            body = localized._amarc_body()
            digest.message_post(
                subject=localized.name,
                body=body,
                partner_ids=digest.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            evidence = Evidence.create(
                {
                    "name": digest.name,
                    "company_id": digest.company_id.id,
                    "criterion_id": self.env.ref(CRITERIA[digest.criterion]).id,
                    "date": today,
                    "description": body,
                    "res_model": digest._name,
                    "res_id": digest.id,
                }
            )
            digest.write(
                {
                    "state": "sent",
                    "sent_date": fields.Datetime.now(),
                    "evidence_id": evidence.id,
                }
            )

    @api.model
    def _cron_amarc_send_department_digests(self, batch_size=CRON_BATCH_SIZE):
        """Plan last month's digests (one worker at a time: advisory lock),
        then send the pending ones in batches. Idempotent: one digest per
        company, criterion, department and month (unique constraint)."""
        today = fields.Date.context_today(self)
        return self.env["ir.cron"]._amarc_plan_and_process(
            PLANNING_LOCK_KEY,
            lambda: self._amarc_plan_digests(today),
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
