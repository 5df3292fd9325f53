from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

#: below the target by at most this many points: an observation; further
#: below: a minor gap
OBSERVATION_MARGIN = 10.0


class AmarcAuditLine(models.Model):
    """The year's control campaigns on the audit line of the criteria they
    control (3.1-3.4, 3.7): samples, conformity rate against the company's
    target, and the result they propose."""

    _inherit = "amarc.audit.line"

    control_measured = fields.Integer(
        string="Samples controlled", compute="_compute_control"
    )
    control_conform = fields.Integer(
        string="Samples conform", compute="_compute_control"
    )
    control_rate = fields.Float(
        string="Conformity rate (%)", compute="_compute_control", digits=(16, 1)
    )
    control_target = fields.Float(
        string="Target (%)", related="audit_id.company_id.amarc_control_target"
    )
    control_campaign_ids = fields.Many2many(
        "amarc.control.campaign",
        string="Control campaigns",
        compute="_compute_control_campaign_ids",
        groups="amarc_referential.group_amarc_auditor",
    )
    control_proposal = fields.Selection(
        [
            ("conform", "Conform"),
            ("observation", "Observation"),
            ("minor_gap", "Minor gap"),
        ],
        string="Proposed result",
        compute="_compute_control",
        help="From the year's control campaigns: conform at or above the target, "
        "an observation up to 10 points below it, a minor gap further below.",
    )

    def _control_results(self):
        results = {}
        for year in set(self.mapped("year")):
            lines = self.filtered(lambda line, y=year: line.year == y)
            results.update(
                lines.company_id._amarc_control_results(year, lines.criterion_id)
            )
        return results

    @api.depends("criterion_id", "year", "company_id")
    def _compute_control_campaign_ids(self):
        results = self._control_results()
        Campaign = self.env["amarc.control.campaign"]
        for line in self:
            _measured, _conform, campaign_ids = results.get(
                (line.company_id.id, line.criterion_id.id), (0, 0, [])
            )
            line.control_campaign_ids = Campaign.browse(campaign_ids)

    @api.depends("criterion_id", "year", "company_id")
    def _compute_control(self):
        results = self._control_results()
        for line in self:
            measured, conform, _campaigns = results.get(
                (line.company_id.id, line.criterion_id.id), (0, 0, [])
            )
            line.control_measured = measured
            line.control_conform = conform
            if not measured:
                line.control_rate = 0.0
                line.control_proposal = False
                continue
            rate = 100.0 * conform / measured
            target = line.company_id.amarc_control_target
            line.control_rate = rate
            if rate >= target:
                line.control_proposal = "conform"
            elif rate >= target - OBSERVATION_MARGIN:
                line.control_proposal = "observation"
            else:
                line.control_proposal = "minor_gap"

    def action_apply_control_proposal(self):
        """Take the result the campaigns propose, state the figures in the
        finding, and link the campaigns as evidence of the criterion."""
        for line in self:
            if not line.control_proposal:
                raise UserError(
                    self.env._(
                        "No control campaign of %(year)s measured criterion %(code)s.",
                        year=line.year,
                        code=line.criterion_id.code,
                    )
                )
            campaigns = line.control_campaign_ids
            finding = self.env._(
                "Control campaigns of %(year)s (%(campaigns)s): %(conform)s of "
                "%(measured)s samples conform (%(rate)s %%), target %(target)s %%.",
                year=line.year,
                campaigns=", ".join(campaigns.mapped("name")),
                conform=line.control_conform,
                measured=line.control_measured,
                rate=round(line.control_rate, 1),
                target=line.control_target,
            )
            evidences = line._control_evidences(campaigns)
            line.write(
                {
                    "result": line.control_proposal,
                    "finding": "\n".join(filter(None, [line.finding, finding])),
                    "control_method_ids": [
                        (4, method.id) for method in campaigns.control_method_id
                    ],
                    "evidence_ids": [(4, evidence.id) for evidence in evidences],
                }
            )
        return True

    def _control_evidences(self, campaigns):
        """The evidence of the line's criterion that points at each campaign,
        created when missing."""
        self.ensure_one()
        Evidence = self.env["amarc.evidence"]
        existing = Evidence.search(
            [
                ("company_id", "=", self.company_id.id),
                ("criterion_id", "=", self.criterion_id.id),
                ("res_model", "=", "amarc.control.campaign"),
                ("res_id", "in", campaigns.ids),
            ]
        )
        missing = campaigns.filtered(lambda c: c.id not in existing.mapped("res_id"))
        created = Evidence.create(
            [
                {
                    "name": self.env._(
                        "Control campaign %(campaign)s", campaign=campaign.name
                    ),
                    "company_id": self.company_id.id,
                    "criterion_id": self.criterion_id.id,
                    "evidence_type": "control_plan",
                    "date": campaign.date_end,
                    "res_model": campaign._name,
                    "res_id": campaign.id,
                    "attachment_ids": [(6, 0, campaign.attachment_ids.ids)],
                    "description": Markup("<p>%s</p>")
                    % self.env._("%(samples)s samples", samples=campaign.sample_count),
                }
                for campaign in missing
            ]
        )
        return existing | created
