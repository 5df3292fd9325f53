from odoo import api, fields, models


class AmarcOverview(models.TransientModel):  # pylint: disable=no-wizard-in-models
    """The AMARC overview dashboard of the current company.

    Each AMARC addon adds its own tiles: fields computed here with SQL
    aggregates, and buttons opening the matching records. A model of the
    addons (under models/), not a wizard: its transient record only carries
    the figures of the company while the dashboard is shown."""

    _name = "amarc.overview"
    _description = "AMARC Overview"

    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, readonly=True
    )
    level = fields.Selection(related="company_id.amarc_level")
    referential_id = fields.Many2one(related="company_id.amarc_referential_id")
    criterion_count = fields.Integer(
        string="Applicable criteria", compute="_compute_obligations"
    )
    obligation_due_count = fields.Integer(
        string="Obligations due", compute="_compute_obligations"
    )
    obligation_overdue_count = fields.Integer(
        string="Obligations overdue", compute="_compute_obligations"
    )
    evidence_count = fields.Integer(
        string="Evidence this year", compute="_compute_obligations"
    )

    def _compute_display_name(self):
        for overview in self:
            overview.display_name = self.env._("AMARC Overview")

    @api.depends("company_id")
    def _compute_obligations(self):
        Obligation = self.env["amarc.obligation"]
        for overview in self:
            company = overview.company_id
            domain = [("company_id", "=", company.id)]
            overview.criterion_count = len(company._amarc_applicable_criteria())
            overview.obligation_due_count = Obligation.search_count(
                domain + [("state", "=", "due")]
            )
            overview.obligation_overdue_count = Obligation.search_count(
                domain + [("state", "=", "overdue")]
            )
            overview.evidence_count = self.env["amarc.evidence"].search_count(
                domain
                + [
                    (
                        "date",
                        ">=",
                        fields.Date.context_today(self).replace(month=1, day=1),
                    )
                ]
            )

    @api.model
    def action_open_overview(self):
        overview = self.create({})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("AMARC Overview"),
            "res_model": self._name,
            "res_id": overview.id,
            "view_mode": "form",
            "target": "current",
            "context": {"form_view_initial_mode": "readonly"},
        }

    def _open(self, xmlid, domain, context=None):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = domain
        action["context"] = context or {}
        return action

    @api.readonly
    def action_open_obligations_due(self):
        return self._open(
            "amarc_referential.amarc_obligation_action",
            [
                ("company_id", "=", self.company_id.id),
                ("state", "in", ("due", "overdue")),
            ],
        )

    @api.readonly
    def action_open_evidence(self):
        return self._open(
            "amarc_referential.amarc_evidence_action",
            [("company_id", "=", self.company_id.id)],
        )

    @api.readonly
    def action_open_criteria(self):
        return self._open(
            "amarc_referential.amarc_criterion_action",
            [("applicable", "=", True)],
            {"search_default_group_commitment": 1},
        )
