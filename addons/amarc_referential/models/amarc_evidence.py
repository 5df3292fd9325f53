from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

# Minimum retention periods of chapter V.2 of the referential, in years.
RETENTION_YEARS = {
    "record": 1,
    "reference": 3,
    "control_plan": 3,
}
#: What a source-record selection lists ("Related record" of an evidence, the
#: source of an action, a plan or a review input): the records of the
#: complaint-management loop and the business records of the apps it runs on,
#: never Odoo's technical models (views, actions, settings, mail internals).
SOURCE_MODEL_PREFIXES = ("amarc.", "helpdesk.", "survey.")
SOURCE_MODELS = ("res.partner", "res.company", "mail.message", "ir.attachment")


class AmarcEvidence(models.Model):
    """A proof that a criterion is respected: documents and/or a link to any record."""

    _name = "amarc.evidence"
    _description = "AMARC Evidence"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "amarc.retention.mixin",
        "amarc.protected.mixin",
    ]
    #: the retention follows from the date and the kind of evidence (chapter
    #: V.2); once recorded, neither moves but through the logged correction, so
    #: nobody backdates a proof to delete it
    _amarc_protected_fields = ("retention_until",)
    _amarc_protected_after_create = ("date", "evidence_type")
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    criterion_id = fields.Many2one(
        "amarc.criterion",
        index=True,
        ondelete="restrict",
        tracking=True,
        help="The criterion it proves; an evidence of an obligation outside "
        "chapter IV (VI.1, the yearly internal audit) has none.",
    )
    commitment_id = fields.Many2one(related="criterion_id.commitment_id", store=True)
    obligation_id = fields.Many2one(
        "amarc.obligation",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
    )
    evidence_type = fields.Selection(
        [
            ("record", "Record"),
            ("reference", "Reference document"),
            ("control_plan", "Control plan"),
        ],
        required=True,
        default="record",
        tracking=True,
        help="Chapter V.2: records are kept at least one year; everything about the "
        "referential, reference documents and control plans at least three years.",
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    user_id = fields.Many2one(
        "res.users", string="Recorded by", default=lambda self: self.env.user
    )
    description = fields.Html()
    attachment_ids = fields.Many2many("ir.attachment", string="Documents")
    res_model = fields.Char(string="Related document model", index=True)
    res_id = fields.Many2oneReference(
        string="Related document ID", model_field="res_model"
    )
    record_ref = fields.Reference(
        selection="_selection_record_ref",
        string="Related record",
        compute="_compute_record_ref",
        inverse="_inverse_record_ref",
    )
    retention_until = fields.Date(
        compute="_compute_retention_until",
        store=True,
        tracking=True,
        help="The evidence must stay available until this date (chapter V.2).",
    )

    _retention_check = models.Constraint(
        "CHECK(retention_until IS NULL OR retention_until >= date)",
        "The retention date cannot be before the evidence date.",
    )

    @api.model
    def _amarc_is_source_model(self, model_name):
        """Whether records of ``model_name`` may be picked as a source: a
        business model with a table of its own (no wizard, mixin or SQL
        view)."""
        if not model_name or model_name not in self.env:
            return False
        Model = self.env[model_name]
        if Model._transient or Model._abstract or not Model._auto:
            return False
        return model_name.startswith(SOURCE_MODEL_PREFIXES) or (
            model_name in SOURCE_MODELS
        )

    @api.model
    def _selection_record_ref(self):
        models_ = (
            self.env["ir.model"]
            .sudo()
            .search([("transient", "=", False)], order="name, model")
        )
        return [
            (model.model, model.name)
            for model in models_
            if self._amarc_is_source_model(model.model)
        ]

    @api.depends("res_model", "res_id")
    def _compute_record_ref(self):
        for evidence in self:
            if (
                evidence.res_model
                and evidence.res_id
                and self._amarc_is_source_model(evidence.res_model)
            ):
                evidence.record_ref = f"{evidence.res_model},{evidence.res_id}"
            else:
                evidence.record_ref = False

    def _inverse_record_ref(self):
        for evidence in self:
            record = evidence.record_ref
            evidence.res_model = record._name if record else False
            evidence.res_id = record.id if record else False

    @api.depends("date", "evidence_type")
    def _compute_retention_until(self):
        for evidence in self:
            if evidence.date and evidence.evidence_type:
                evidence.retention_until = evidence._amarc_retention_minimum()
            else:
                evidence.retention_until = False

    @api.constrains("criterion_id", "obligation_id")
    def _check_criterion(self):
        for evidence in self:
            if not evidence.criterion_id and not evidence.obligation_id:
                raise ValidationError(
                    self.env._(
                        "Evidence %(name)s must prove a criterion or an obligation.",
                        name=evidence.name,
                    )
                )

    @api.constrains("retention_until", "date", "evidence_type")
    def _check_retention_minimum(self):
        for evidence in self.filtered("date"):
            minimum = evidence._amarc_retention_minimum()
            if evidence.retention_until and evidence.retention_until < minimum:
                raise ValidationError(
                    self.env._(
                        "Evidence %(name)s must be kept until %(minimum)s at least "
                        "(chapter V.2: %(years)s year(s) for this kind of evidence): "
                        "its retention can be extended, never shortened below that.",
                        name=evidence.name,
                        minimum=minimum,
                        years=RETENTION_YEARS[evidence.evidence_type],
                    )
                )

    def _amarc_retention_minimum(self):
        """The retention date chapter V.2 requires at least."""
        self.ensure_one()
        return self.date + relativedelta(years=RETENTION_YEARS[self.evidence_type])

    @api.constrains("res_model", "res_id")
    def _check_related_record(self):
        for evidence in self.filtered("res_model"):
            if evidence.res_model not in self.env:
                raise ValidationError(
                    self.env._(
                        "Unknown model %(model)s on evidence %(name)s.",
                        model=evidence.res_model,
                        name=evidence.name,
                    )
                )
            if evidence.res_id and not evidence._amarc_related_record_allowed():
                # one message whether the record does not exist, belongs to
                # another company or is out of the user's reach: the check
                # does not tell which records exist elsewhere
                raise ValidationError(
                    self.env._(
                        "The record referenced by evidence %(name)s does not exist "
                        "or is not one of its company's records you can read.",
                        name=evidence.name,
                    )
                )

    def _amarc_related_record_allowed(self):
        """Whether the referenced record exists, is readable by the current
        user (record rules included) and, when it has a company, belongs to
        the evidence's company."""
        self.ensure_one()
        Model = self.env[self.res_model]
        domain = [("id", "=", self.res_id)]
        if "company_id" in Model._fields and Model._fields["company_id"].store:
            domain += [("company_id", "in", [self.company_id.id, False])]
        try:
            return bool(Model.with_context(active_test=False).search_count(domain))
        except AccessError:
            return False

    def _amarc_retention_until(self):
        self.ensure_one()
        return self.retention_until

    def action_open_record(self):
        self.ensure_one()
        if not self.res_model or not self.res_id:
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }
