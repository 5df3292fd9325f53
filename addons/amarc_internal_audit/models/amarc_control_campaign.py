from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .amarc_control_sample import GRID, MEASURES


class AmarcControlCampaign(models.Model):
    """A control run over a period (mystery calls, visits, web contacts,
    documentary checks), by a provider or an internal controller. Its samples
    answer the grid of the criteria the method controls; the conformity rate of
    each criterion is compared with the company's target."""

    _name = "amarc.control.campaign"
    _description = "AMARC Control Campaign"
    _inherit = ["mail.thread", "mail.activity.mixin", "amarc.retention.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    # V.2: the internal control plan and its records are kept three years
    _amarc_retention_years = 3
    _amarc_retention_date_field = "date_end"

    name = fields.Char(
        compute="_compute_name", store=True, readonly=False, precompute=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    plan_id = fields.Many2one(
        "amarc.control.plan",
        string="Control plan",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
    )
    control_method_id = fields.Many2one(
        "amarc.control.method", required=True, ondelete="restrict", tracking=True
    )
    date_start = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True
    )
    date_end = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True
    )
    year = fields.Integer(
        compute="_compute_year", store=True, index=True, aggregator=None
    )
    provider_id = fields.Many2one("res.partner", tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Internal controller",
        domain="[('share', '=', False)]",
        tracking=True,
    )
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done")],
        default="planned",
        required=True,
        tracking=True,
        copy=False,
    )
    sample_ids = fields.One2many("amarc.control.sample", "campaign_id", copy=False)
    sample_count = fields.Integer(compute="_compute_sample_count")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        string="Original records",
        help="The provider's report and spreadsheet, kept as they were received.",
    )
    result_summary = fields.Html(
        string="Results per criterion", compute="_compute_result_summary"
    )

    _dates_check = models.Constraint(
        "CHECK(date_end >= date_start)", "A campaign cannot end before it starts."
    )

    @api.depends("control_method_id", "date_start", "date_end")
    def _compute_name(self):
        for campaign in self:
            campaign.name = self.env._(
                "%(method)s %(start)s - %(end)s",
                method=campaign.control_method_id.name or "",
                start=campaign.date_start or "",
                end=campaign.date_end or "",
            )

    @api.depends("date_start")
    def _compute_year(self):
        for campaign in self:
            campaign.year = campaign.date_start.year if campaign.date_start else 0

    @api.depends("sample_ids")
    def _compute_sample_count(self):
        counts = dict(
            self.env["amarc.control.sample"]._read_group(
                [("campaign_id", "in", self.ids)], ["campaign_id"], ["__count"]
            )
        )
        for campaign in self:
            campaign.sample_count = counts.get(campaign, 0)

    def _amarc_retention_until(self):
        """A planned campaign without sample holds no record: it may go."""
        self.ensure_one()
        if self.state == "planned" and not self.sample_ids:
            return False
        return super()._amarc_retention_until()

    def _criterion_results(self):
        """{campaign: [(criterion, samples measured, conform)]}, in one grouped
        query."""
        groups = (
            self.env["amarc.control.result"]
            .sudo()
            ._read_group(
                [("campaign_id", "in", self.ids)],
                ["campaign_id", "criterion_id"],
                ["measured:sum", "conform:sum"],
                order="campaign_id, criterion_id",
            )
        )
        results = {}
        for campaign, criterion, measured, conform in groups:
            results.setdefault(campaign, []).append(
                (criterion.with_env(self.env), measured, conform)
            )
        return results

    @api.depends("sample_ids", "company_id.amarc_control_target")
    def _compute_result_summary(self):
        results = self._criterion_results()
        for campaign in self:
            rows = results.get(campaign._origin)
            if not rows:
                campaign.result_summary = False
                continue
            target = campaign.company_id.amarc_control_target
            body = Markup("").join(
                Markup(
                    "<tr class='%s'><td>%s</td><td>%s</td><td>%s</td>"
                    "<td>%s %%</td><td>%s %%</td></tr>"
                )
                % (
                    "" if 100.0 * conform / measured >= target else "text-danger",
                    criterion.display_name,
                    measured,
                    conform,
                    round(100.0 * conform / measured, 1),
                    target,
                )
                for criterion, measured, conform in rows
            )
            head = Markup("").join(
                Markup("<th>%s</th>") % escape(label)
                for label in (
                    self.env._("Criterion"),
                    self.env._("Samples"),
                    self.env._("Conform"),
                    self.env._("Conformity rate"),
                    self.env._("Target"),
                )
            )
            campaign.result_summary = Markup(
                "<table class='table table-sm'><thead><tr>%s</tr></thead>"
                "<tbody>%s</tbody></table>"
            ) % (head, body)

    @api.constrains("plan_id", "control_method_id")
    def _check_plan_method(self):
        for campaign in self:
            plan = campaign.plan_id
            if plan and plan.control_method_id != campaign.control_method_id:
                raise ValidationError(
                    self.env._(
                        "Campaign %(campaign)s must use the control method of its "
                        "plan (%(method)s).",
                        campaign=campaign.name,
                        method=plan.control_method_id.name,
                    )
                )

    def action_done(self):
        """Close the campaign: its samples are frozen and its results feed the
        audit."""
        for campaign in self:
            if campaign.state != "planned":
                raise UserError(
                    self.env._(
                        "Campaign %(campaign)s is already done.", campaign=campaign.name
                    )
                )
            if not campaign.sample_ids:
                raise UserError(
                    self.env._(
                        "Campaign %(campaign)s has no sample: import or record them "
                        "first.",
                        campaign=campaign.name,
                    )
                )
        self.state = "done"

    def action_reopen(self):
        if not self.env.user.has_group("amarc_referential.group_amarc_manager"):
            raise UserError(
                self.env._("Only a quality manager can reopen a control campaign.")
            )
        self.state = "planned"

    def action_open_samples(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "amarc_internal_audit.amarc_control_sample_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {
            "default_campaign_id": self.id,
            "search_default_campaign_id": self.id,
        }
        return action

    def action_import_samples(self):
        """Odoo's standard import of the campaign's samples (CSV or XLSX)."""
        self.ensure_one()
        if self.state != "planned":
            raise UserError(
                self.env._(
                    "Campaign %(campaign)s is done: reopen it to import samples.",
                    campaign=self.name,
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "import",
            "params": {
                "model": "amarc.control.sample",
                "context": {"default_campaign_id": self.id},
            },
        }

    def _amarc_samples_csv(self):
        """The campaign's samples and their grid, as CSV (the certification
        file's copy of the records)."""
        self.ensure_one()
        Sample = self.env["amarc.control.sample"]
        names = [
            "name",
            "date",
            "channel",
            "team",
            "controller",
            *MEASURES,
            "callback_working_hours",
            *GRID.values(),
        ]
        header = [
            Sample._fields[name].get_description(self.env)["string"] for name in names
        ]
        # what Odoo's export writes (selection labels, dates), without its
        # export right: the file is built by quality managers and auditors
        rows = self.sample_ids._export_rows([[name] for name in names])
        return self.env["res.company"]._amarc_file_csv(header, rows)
