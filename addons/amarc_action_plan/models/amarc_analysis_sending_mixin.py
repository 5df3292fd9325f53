from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.amarc_referential.tools import year_bounds


class AmarcAnalysisSendingMixin(models.AbstractModel):
    """A yearly analysis sent to the management as PDF by one button (5.3 for
    the satisfaction results, 6.2 for the complaints and their plan).

    The analysis wizards inherit it (its company, year and action plan) and
    say which PDF report renders them (``_amarc_sending_report``), which
    criteria the sending proves (``_amarc_sending_criteria``) and how their
    plan is drawn up (``action_create_plan()``: the plan is created on first
    need, when the analysis is sent before). The PDF is posted on
    the plan to the company's management recipients and kept as the evidence
    of those criteria (``amarc.obligation._amarc_fulfil``); the management
    review lists it among its inputs."""

    _name = "amarc.analysis.sending.mixin"
    _description = "AMARC analysis sent to the management"

    #: external id of the qweb-pdf report that renders the analysis
    _amarc_sending_report = None
    #: codes of the criteria (or obligations) the sending fulfils
    _amarc_sending_criteria = ()

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year
    )
    plan_id = fields.Many2one(
        "amarc.action.plan", string="Action plan", readonly=True, check_company=True
    )

    @api.constrains("year")
    def _check_analysis_year(self):
        for analysis in self:
            if not 2000 <= analysis.year <= 2100:
                raise ValidationError(self.env._("Enter a year between 2000 and 2100."))

    def _amarc_year_domain(self, date_field, year=None, company_field="company_id"):
        """The records of the analysis' company whose ``date_field`` falls in
        ``year`` (the analysis' year by default); ``company_field`` and
        ``date_field`` may be paths (``"request_id.sent_date"``)."""
        self.ensure_one()
        start, end = year_bounds(year or self.year)
        return [
            (company_field, "=", self.company_id.id),
            (date_field, ">=", start),
            (date_field, "<", end),
        ]

    def action_create_plan(self):
        """Draw up the year's action plan of the analysis (``plan_id``)."""
        raise NotImplementedError

    def _amarc_sending_plan(self):
        """The action plan the analysis belongs to (created if need be)."""
        self.ensure_one()
        if not self.plan_id:
            self.action_create_plan()
        return self.plan_id

    def _amarc_sending_title(self):
        """The analysis' title, for the message and the file."""
        raise NotImplementedError

    def action_send_to_management(self):
        """Render the analysis as PDF, send it to the management recipients
        of the company (on the plan's thread) and keep it as evidence."""
        self.ensure_one()
        if not self.env.user.has_group("amarc_referential.group_amarc_manager"):
            raise AccessError(
                self.env._("Only a quality manager sends the analyses to management.")
            )
        recipients = self.company_id.amarc_management_partner_ids
        if not recipients:
            raise UserError(
                self.env._(
                    "Set who receives the analyses for the management of "
                    "%(company)s in the AMARC settings first.",
                    company=self.company_id.name,
                )
            )
        plan = self._amarc_sending_plan()
        title = self._amarc_sending_title()
        content, report_format = self.env["ir.actions.report"]._render_qweb_pdf(
            self._amarc_sending_report, self.ids
        )
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"{title}.{report_format}",
                    "raw": content,
                    "mimetype": "application/pdf"
                    if report_format == "pdf"
                    else "text/html",
                    "res_model": plan._name,
                    "res_id": plan.id,
                }
            )
        )
        plan.message_post(
            body=self.env._(
                "%(title)s sent to the management: %(recipients)s.",
                title=title,
                recipients=", ".join(recipients.mapped("display_name")),
            ),
            partner_ids=recipients.ids,
            attachment_ids=attachment.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        today = fields.Date.context_today(self)
        note = self.env._(
            "Sent to the management on %(date)s: %(recipients)s.",
            date=today,
            recipients=", ".join(recipients.mapped("display_name")),
        )
        Obligation = self.env["amarc.obligation"]
        for code in self._amarc_sending_criteria:
            Obligation._amarc_fulfil(
                code, plan, today, note=note, attachments=attachment
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(title)s sent to the management.", title=title),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
