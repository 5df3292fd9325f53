from odoo import api, fields, models
from odoo.exceptions import ValidationError

#: VI.1: after the certification, every certified criterion is reviewed once a
#: year in an internal audit
INTERNAL_AUDIT_CODE = "VI.1"
#: bounds of the size above which the certification file is built in the
#: background (records it gathers)
FILE_THRESHOLD_BOUNDS = (1, 10_000_000)


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    amarc_control_target = fields.Float(
        string="AMARC control target (%)",
        default=90.0,
        help="Conformity rate each criterion must reach in the control campaigns "
        "(mystery calls, visits): below it, the audit line proposes an "
        "observation or a gap.",
    )

    amarc_file_background_threshold = fields.Integer(
        string="Certification file built in the background above",
        default=2000,
        help="Above this many records in its twelve months (complaint tickets, "
        "evidence, control samples), the certification file is built by a "
        "background job that shows its progress; below, at once.",
    )

    @api.constrains("amarc_file_background_threshold")
    def _check_amarc_file_background_threshold(self):
        low, high = FILE_THRESHOLD_BOUNDS
        for company in self:
            if not low <= company.amarc_file_background_threshold <= high:
                raise ValidationError(
                    self.env._(
                        "The size above which the certification file of company "
                        "%(company)s is built in the background must be between "
                        "%(low)s and %(high)s records.",
                        company=company.name,
                        low=low,
                        high=high,
                    )
                )

    @api.constrains("amarc_control_target")
    def _check_amarc_control_target(self):
        for company in self:
            if not 0 < company.amarc_control_target <= 100:
                raise ValidationError(
                    self.env._(
                        "The control target of company %(company)s must be between "
                        "0 and 100 %%.",
                        company=company.name,
                    )
                )

    def _amarc_control_results(self, year, criteria):
        """{(company, criterion): (samples measured, conform, campaigns)} of the
        year's control campaigns, in one grouped query."""
        groups = (
            self.env["amarc.control.result"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "in", self.ids),
                    ("year", "=", year),
                    ("criterion_id", "in", criteria.ids),
                ],
                ["company_id", "criterion_id"],
                ["measured:sum", "conform:sum", "campaign_id:array_agg"],
            )
        )
        return {
            (company.id, criterion.id): (measured, conform, sorted(set(campaigns)))
            for company, criterion, measured, conform, campaigns in groups
        }

    def _amarc_generate_obligations(self, revive=True):
        """The criteria's obligations, and the yearly internal audit (VI.1)
        of every company with a referential."""
        res = super()._amarc_generate_obligations(revive=revive)
        Obligation = self.env["amarc.obligation"].sudo().with_context(active_test=False)
        companies = self.filtered("amarc_referential_id")
        existing = Obligation.search(
            [
                ("company_id", "in", companies.ids),
                ("reference_code", "=", INTERNAL_AUDIT_CODE),
            ]
        )
        Obligation.create(
            [
                {
                    "company_id": company.id,
                    "reference_code": INTERNAL_AUDIT_CODE,
                    "frequency": "yearly",
                    "user_id": company.amarc_quality_manager_id.id,
                }
                for company in companies - existing.company_id
            ]
        )
        return res
