from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestAuditUi(HttpCase):
    def test_audit_tour(self):
        """A quality manager starts an audit, records a gap, creates its action and
        finishes the audit."""
        company = self.env.ref("base.main_company")
        company.amarc_level = "A"
        self.env["amarc.audit"].search([("company_id", "=", company.id)]).write(
            {"state": "cancelled"}
        )
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
        self.env.invalidate_all()
        self.assertEqual(audit.state, "done")
        self.assertEqual(
            [(line.criterion_id.code, line.result) for line in audit.line_ids],
            [("6.1", "minor_gap"), ("6.2", "conform"), ("6.3", "conform")],
        )
        gap = audit.line_ids[0]
        self.assertEqual(gap.finding, "No yearly analysis of suggestions")
        self.assertEqual(
            [(a.name, a.action_type, a.plan_id) for a in gap.action_ids],
            [("6.1: No yearly analysis of suggestions", "corrective", audit.plan_id)],
        )
