from odoo import models

#: VI.1: after the certification, every certified criterion is reviewed once a
#: year in an internal audit
INTERNAL_AUDIT_CODE = "VI.1"


class ResCompany(models.Model):
    _inherit = "res.company"

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
