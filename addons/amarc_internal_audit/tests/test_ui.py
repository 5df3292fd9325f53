from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestAuditUi(HttpCase):
    def test_audit_tour(self):
        """A quality manager starts an audit, records a gap, creates its action and
        finishes the audit."""
        company = self.env.ref("base.main_company")
        company.amarc_level = "A"
        self.env["amarc.audit"].search([("company_id", "=", company.id)]).with_context(
            amarc_audit_transition=True
        ).write({"state": "cancelled"})
        commitment = self.env.ref("amarc_referential.commitment_6")
        audit = self.env["amarc.audit"].create(
            {
                "company_id": company.id,
                "year": 2031,
                "level": "A",
                "commitment_ids": [(6, 0, commitment.ids)],
                "lead_auditor_id": self.env.ref("base.user_admin").id,
            }
        )
        self.start_tour(
            f"/odoo/action-amarc_internal_audit.amarc_audit_action/{audit.id}",
            "amarc_internal_audit_tour",
            login="admin",
        )
        self.assertEqual(audit.state, "done")
        gap = audit.line_ids.filtered(lambda line: line.criterion_id.code == "6.1")
        self.assertEqual(gap.result, "minor_gap")
        self.assertTrue(gap.action_ids)
