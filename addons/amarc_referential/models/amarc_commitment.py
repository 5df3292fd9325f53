from odoo import api, fields, models


class AmarcCommitment(models.Model):
    """One of the six service commitments ("engagements") of the referential."""

    _name = "amarc.commitment"
    _description = "AMARC Commitment"
    _order = "referential_id, sequence, code"

    referential_id = fields.Many2one(
        "amarc.referential", required=True, ondelete="cascade", index=True
    )
    code = fields.Char(required=True)
    name = fields.Text(required=True, translate=True)
    sequence = fields.Integer(default=10)
    communicated = fields.Boolean(
        help="One of the commitments that must be communicated to customers "
        "(chapter VIII.3 of the referential)."
    )
    color = fields.Integer()
    criterion_ids = fields.One2many(
        "amarc.criterion", "commitment_id", string="Criteria"
    )
    criterion_count = fields.Integer(
        compute="_compute_criterion_counts", string="Criteria (all levels)"
    )
    criterion_level_a_count = fields.Integer(
        compute="_compute_criterion_counts", string="Level A criteria"
    )
    criterion_company_count = fields.Integer(
        compute="_compute_criterion_counts",
        string="Criteria at my level",
        help="Criteria that apply at the certification level of the current company.",
    )

    _code_uniq = models.Constraint(
        "UNIQUE(referential_id, code)",
        "A commitment code must be unique within a referential.",
    )

    @api.depends("criterion_ids.level_a", "criterion_ids.level_b")
    @api.depends_context("company")
    def _compute_criterion_counts(self):
        Criterion = self.env["amarc.criterion"]
        domain = [("commitment_id", "in", self.ids)]
        total = dict(Criterion._read_group(domain, ["commitment_id"], ["__count"]))
        level_a = dict(
            Criterion._read_group(
                domain + [("level_a", "=", True)], ["commitment_id"], ["__count"]
            )
        )
        level = self.env.company.amarc_level or "A"
        for commitment in self:
            commitment.criterion_count = total.get(commitment, 0)
            commitment.criterion_level_a_count = level_a.get(commitment, 0)
            commitment.criterion_company_count = (
                commitment.criterion_level_a_count
                if level == "A"
                else commitment.criterion_count
            )

    @api.depends("code", "name")
    def _compute_display_name(self):
        for commitment in self:
            commitment.display_name = (
                f"{commitment.code}. {commitment.name or ''}".strip()
                if commitment.code
                else commitment.name or ""
            )

    def action_open_criteria(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "amarc_referential.amarc_criterion_action"
        )
        action["domain"] = [("commitment_id", "=", self.id)]
        action["context"] = {
            "default_commitment_id": self.id,
            "search_default_my_level": 1,
        }
        action["display_name"] = self.display_name
        return action
