from odoo.tests import tagged

from odoo.addons.amarc_referential.tests.migration import run_migration

from .common import AmarcAuditCommon


@tagged("post_install", "-at_install")
class TestUpgrade(AmarcAuditCommon):
    def _state(self, audits):
        return {
            audit.id: (
                audit.name,
                audit.state,
                audit.year,
                audit.plan_id.id,
                audit.plan_id.action_ids.ids,
                sorted(
                    (line.criterion_id.code, line.result, line.finding or "")
                    for line in audit.line_ids
                ),
            )
            for audit in audits
        }

    def test_19_0_1_1_0_review_links_rebuilt(self):
        """A 19.0.1.0.0 database whose audits (and their plans) do not point
        to the process review that integrated them, upgraded to 19.0.1.1.0:
        every audit, line and action is intact and the links are back; an
        audit no review took in stays unlinked."""
        audit = self._audit()
        audit.action_start()
        self._assess_all(audit)
        gap = self._line(audit, "4.4")
        gap.write({"result": "major_gap", "finding": "Late notices"})
        gap.action_create_action()
        audit.action_done()
        review = self.env["amarc.review"].create(
            {"review_type": "process", "company_id": self.company.id, "year": 2026}
        )
        review.action_collect_inputs()
        self.assertEqual(audit.review_id, review)
        self.assertEqual(audit.plan_id.review_id, review)
        not_reviewed = self._audit(year=2027)
        not_reviewed.action_start()
        audits = audit | not_reviewed
        before = self._state(audits)
        counts = (
            self.Audit.search_count([]),
            self.env["amarc.audit.line"].search_count([]),
            self.env["amarc.action"].search_count([]),
        )
        self.env.flush_all()
        # the previous version's data: no link back to the review
        self.env.cr.execute(
            "UPDATE amarc_audit SET review_id = NULL WHERE id IN %s",
            (tuple(audits.ids),),
        )
        self.env.cr.execute(
            "UPDATE amarc_action_plan SET review_id = NULL WHERE id = %s",
            (audit.plan_id.id,),
        )
        self.env.invalidate_all()
        self.assertFalse(audit.review_id)

        run_migration(
            self.env.cr, "amarc_internal_audit", "19.0.1.1.0", "post", "19.0.1.0.0"
        )
        self.env.invalidate_all()

        self.assertEqual(audit.review_id, review)
        self.assertEqual(audit.plan_id.review_id, review)
        self.assertFalse(not_reviewed.review_id)
        self.assertEqual(self._state(audits), before)
        self.assertEqual(
            (
                self.Audit.search_count([]),
                self.env["amarc.audit.line"].search_count([]),
                self.env["amarc.action"].search_count([]),
            ),
            counts,
        )
