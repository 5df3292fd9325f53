from odoo import api, fields, models
from odoo.exceptions import UserError

FREQUENCIES = [
    ("none", "None"),
    ("monthly", "Monthly"),
    ("semiannual", "Every six months"),
    ("yearly", "Yearly"),
]
LEVELS = [("A", "Level A (standard)"), ("B", "Level B (optimised)")]


class AmarcCriterion(models.Model):
    """A certified characteristic of the referential (1.1 ... 6.6)."""

    _name = "amarc.criterion"
    _description = "AMARC Criterion"
    _inherit = ["mail.thread"]
    _order = "referential_id, sequence, id"
    _parent_store = True
    _rec_names_search = ["code", "name"]

    commitment_id = fields.Many2one(
        "amarc.commitment", required=True, ondelete="cascade", index=True, tracking=True
    )
    referential_id = fields.Many2one(
        related="commitment_id.referential_id", store=True, index=True
    )
    code = fields.Char(
        required=True, tracking=True, help="Code in the referential, e.g. 4.2.1."
    )
    sequence = fields.Integer(default=10)
    parent_id = fields.Many2one(
        "amarc.criterion", string="Parent criterion", index=True, ondelete="restrict"
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("amarc.criterion", "parent_id", string="Sub-criteria")
    name = fields.Char(string="Title", required=True, translate=True, tracking=True)
    description = fields.Text(
        required=True, translate=True, tracking=True, help="Full text of the criterion."
    )
    level_a = fields.Boolean(
        tracking=True,
        help="Applies at level A (standard) and therefore at level B.",
    )
    level_b = fields.Boolean(
        default=True,
        tracking=True,
        help="Applies at level B (optimised).",
    )
    level_label = fields.Selection(
        [("ab", "Levels A and B"), ("b", "Level B only")],
        string="Levels",
        compute="_compute_level_label",
    )
    applicable = fields.Boolean(
        string="At my level",
        compute="_compute_applicable",
        search="_search_applicable",
        help="Applies at the certification level of the current company.",
    )
    reference_document_ids = fields.Many2many(
        "amarc.reference.document",
        "amarc_criterion_reference_document_rel",
        "criterion_id",
        "document_id",
        string="Reference documents",
    )
    control_method_ids = fields.Many2many(
        "amarc.control.method",
        "amarc_criterion_control_method_rel",
        "criterion_id",
        "method_id",
        string="Control methods",
    )
    checkpoint_ids = fields.One2many(
        "amarc.criterion.checkpoint", "criterion_id", string="Checkpoints"
    )
    frequency = fields.Selection(
        FREQUENCIES,
        required=True,
        default="none",
        tracking=True,
        help="Minimum frequency of the obligation stated by the criterion "
        "('a minima une fois par ...').",
    )
    evidence_ids = fields.One2many("amarc.evidence", "criterion_id")
    version_ids = fields.One2many(
        "amarc.criterion.version", "criterion_id", string="Previous versions"
    )
    evidence_count = fields.Integer(compute="_compute_evidence_count")
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint(
        "UNIQUE(referential_id, code)",
        "A criterion code must be unique within a referential.",
    )
    _level_check = models.Constraint(
        "CHECK(NOT level_a OR level_b)",
        "A criterion that applies at level A applies at level B too.",
    )

    @api.depends("level_a", "level_b")
    def _compute_level_label(self):
        for criterion in self:
            if criterion.level_a:
                criterion.level_label = "ab"
            elif criterion.level_b:
                criterion.level_label = "b"
            else:
                criterion.level_label = False

    @api.depends("level_a", "level_b")
    @api.depends_context("company")
    def _compute_applicable(self):
        applicable = self._filter_level(self.env.company.amarc_level or "A")
        for criterion in self:
            criterion.applicable = criterion in applicable

    def _search_applicable(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = self._level_domain(self.env.company.amarc_level or "A")
        positive = (operator == "in") == (True in value)
        return domain if positive else ["!", *domain]

    def _compute_evidence_count(self):
        counts = dict(
            self.env["amarc.evidence"]._read_group(
                [("criterion_id", "in", self.ids)], ["criterion_id"], ["__count"]
            )
        )
        for criterion in self:
            criterion.evidence_count = counts.get(criterion, 0)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for criterion in self:
            criterion.display_name = " ".join(
                filter(None, (criterion.code, criterion.name))
            )

    @api.model
    def _check_level(self, level):
        if level not in dict(LEVELS):
            raise UserError(
                self.env._(
                    "Unknown certification level %(level)r: use A or B.", level=level
                )
            )

    @api.model
    def _level_domain(self, level):
        self._check_level(level)
        return [("level_a", "=", True)] if level == "A" else [("level_b", "=", True)]

    def _filter_level(self, level):
        """Return the criteria of this recordset that apply at ``level`` (A or B)."""
        self._check_level(level)
        field = "level_a" if level == "A" else "level_b"
        return self.filtered(field)

    def write(self, vals):
        """Keep the wording and levels replaced by a change as a version."""
        tracked = {"name", "description", "level_a", "level_b"} & set(vals)
        if tracked and not self.env.context.get("install_mode"):
            lang = self.env.lang or "en_US"
            self.env["amarc.criterion.version"].sudo().create(
                [
                    {
                        "criterion_id": criterion.id,
                        "lang": lang,
                        "name": criterion.name,
                        "description": criterion.description,
                        "level_a": criterion.level_a,
                        "level_b": criterion.level_b,
                    }
                    for criterion in self
                    if any(criterion[field] != vals[field] for field in tracked)
                ]
            )
        return super().write(vals)

    def action_open_evidence(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "amarc_referential.amarc_evidence_action"
        )
        action["domain"] = [("criterion_id", "=", self.id)]
        action["context"] = {"default_criterion_id": self.id}
        return action
