from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.amarc_referential.tools import selection_labels

from .amarc_certification import VALIDITY_YEARS

ATTRIBUTION_DECISIONS = (
    "grant",
    "documentary_complement",
    "onsite_complement",
    "refusal",
)
SURVEILLANCE_DECISIONS = (
    "maintain",
    "documentary_control",
    "onsite_control",
    "suspend",
    "withdraw",
)


class AmarcCertificationVisit(models.Model):
    """A visit of the certification body: initial audit, surveillance, complement."""

    _name = "amarc.certification.visit"
    _description = "AMARC Certification Visit"
    _check_company_auto = True
    _inherit = ["mail.thread", "amarc.retention.mixin"]
    # the external control plan's records: three years (chapter V.2) after
    # the visit (or its decision)
    _amarc_retention_years = 3
    _order = "date desc, id desc"

    certification_id = fields.Many2one(
        "amarc.certification", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="certification_id.company_id", store=True, index=True
    )
    visit_type = fields.Selection(
        [
            ("initial", "Initial certification audit"),
            ("surveillance", "Surveillance visit"),
            ("complement", "Complementary audit or control"),
            ("additional", "Additional control after complaints"),
        ],
        required=True,
        default="surveillance",
        tracking=True,
    )
    date = fields.Date(required=True, tracking=True)
    auditor = fields.Char(string="Body's auditor")
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done")],
        default="planned",
        required=True,
        tracking=True,
    )
    decision = fields.Selection(
        [
            ("grant", "Certificate granted"),
            ("documentary_complement", "Documentary complementary audit"),
            ("onsite_complement", "On-site complementary audit"),
            ("refusal", "Certificate refused"),
            ("maintain", "Certificate maintained"),
            ("documentary_control", "Documentary complementary control"),
            ("onsite_control", "On-site complementary control"),
            ("suspend", "Certificate suspended"),
            ("withdraw", "Certificate withdrawn"),
        ],
        tracking=True,
    )
    decision_date = fields.Date(tracking=True)
    finding_ids = fields.One2many(
        "amarc.certification.finding", "visit_id", string="Findings"
    )
    plan_id = fields.Many2one(
        "amarc.action.plan",
        string="Action plan",
        readonly=True,
        copy=False,
        check_company=True,
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Reports")
    note = fields.Html()

    @api.depends("visit_type", "date")
    def _compute_display_name(self):
        types = selection_labels(self, "visit_type")
        for visit in self:
            visit.display_name = (
                f"{types.get(visit.visit_type, '')} {visit.date or ''}".strip()
            )

    def _amarc_retention_until(self):
        self.ensure_one()
        start = max(self.decision_date or self.date, self.date)
        return start + relativedelta(years=self._amarc_retention_years)

    def _allowed_decisions(self):
        self.ensure_one()
        certified_before = self.certification_id.state in ("certified", "suspended")
        if self.visit_type == "initial" or (
            self.visit_type == "complement" and not certified_before
        ):
            return ATTRIBUTION_DECISIONS
        return SURVEILLANCE_DECISIONS

    def action_record_decision(self):
        """Apply the body's decision to the certification (III.1.3, III.2.2)."""
        for visit in self:
            if not visit.decision:
                raise UserError(
                    self.env._("Choose the decision of the certification body first.")
                )
            allowed = visit._allowed_decisions()
            if visit.decision not in allowed:
                labels = selection_labels(visit, "decision")
                raise UserError(
                    self.env._(
                        "Decision %(decision)s does not apply to this visit; "
                        "possible: %(allowed)s.",
                        decision=labels[visit.decision],
                        allowed=", ".join(labels[d] for d in allowed),
                    )
                )
            decision_date = visit.decision_date or fields.Date.context_today(self)
            visit.write({"state": "done", "decision_date": decision_date})
            certification = visit.certification_id
            if visit.decision == "grant":
                certification.write({"state": "certified", "valid_from": decision_date})
            elif visit.decision == "refusal":
                certification.state = "refused"
            elif visit.decision == "suspend":
                certification.state = "suspended"
            elif visit.decision == "withdraw":
                certification.state = "withdrawn"
            elif visit.decision == "maintain":
                certification.state = "certified"
        return True

    def action_create_actions(self):
        """Turn the findings of the visit into actions of a plan (origin
        certification), created on first need."""
        for visit in self:
            findings = visit.finding_ids.filtered(lambda f: not f.action_id)
            if not findings:
                continue
            if not visit.plan_id:
                visit.plan_id = self.env["amarc.action.plan"].create(
                    {
                        "name": self.env._(
                            "Certification findings - %(visit)s",
                            visit=visit.display_name,
                        ),
                        "company_id": visit.company_id.id,
                        "year": visit.date.year,
                        "origin": "certification",
                        "source": f"{visit._name},{visit.id}",
                    }
                )
            for finding in findings:
                finding.action_id = self.env["amarc.action"].create(
                    {
                        "name": finding.description[:80],
                        "plan_id": visit.plan_id.id,
                        "action_type": "corrective"
                        if finding.severity in ("minor", "major")
                        else "improvement",
                        "criterion_ids": [(6, 0, finding.criterion_id.ids)],
                        "source": f"{finding._name},{finding.id}",
                    }
                )
        return True

    @api.constrains("date", "visit_type", "certification_id")
    def _check_surveillance_in_validity(self):
        for visit in self.filtered(lambda v: v.visit_type == "surveillance"):
            certification = visit.certification_id
            if certification.valid_from and not (
                certification.valid_from <= visit.date <= certification.valid_until
            ):
                raise UserError(
                    self.env._(
                        "A surveillance visit takes place within the %(years)s-year "
                        "validity "
                        "of the certificate (%(start)s - %(end)s).",
                        years=VALIDITY_YEARS,
                        start=certification.valid_from,
                        end=certification.valid_until,
                    )
                )
