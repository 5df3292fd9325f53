"""No lock that trusts the client: an audit moves only through its actions,
and a done audit stays read-only for an auditor whatever the request's
context says."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import AmarcAuditCommon


@tagged("post_install", "-at_install")
class TestProtectedAudit(AmarcAuditCommon):
    def test_state_only_through_the_actions(self):
        audit = self._audit(commitment_ids=[(6, 0, self._commitment_6().ids)])
        as_auditor = audit.with_user(self.auditor)
        as_auditor.action_start()
        self.assertEqual(audit.state, "in_progress")
        # not done by writing it: action_done() checks what is left to assess
        with self.assertRaises(AccessError):
            as_auditor.write({"state": "done"})
        with self.assertRaises(UserError) as caught:
            as_auditor.action_done()
        self.assertIn("6.1", str(caught.exception))
        self._assess_all(audit)
        as_auditor.action_done()
        self.assertEqual(audit.state, "done")

    def test_done_audit_read_only_whatever_the_context(self):
        audit = self._audit(commitment_ids=[(6, 0, self._commitment_6().ids)])
        audit.with_user(self.auditor).action_start()
        self._assess_all(audit)
        audit.with_user(self.auditor).action_done()
        line = self._line(audit, "6.1").with_user(self.auditor)
        forged = {"amarc_audit_transition": True, "amarc_protected_write": True}
        with self.assertRaises(UserError) as caught:
            line.with_context(**forged).write({"result": "major_gap"})
        self.assertEqual(
            str(caught.exception),
            "A done audit is read-only: a quality manager must reopen it first.",
        )
        with self.assertRaises(UserError):
            audit.with_user(self.auditor).with_context(**forged).write(
                {"date_end": audit.date_start}
            )
        self.assertEqual(line.result, "conform")
        # the quality manager reopens it, then the auditor grades again
        audit.with_user(self.manager).action_reopen()
        line.write({"result": "minor_gap", "finding": "No yearly analysis"})
        self.assertEqual((audit.state, line.result), ("in_progress", "minor_gap"))

    def _commitment_6(self):
        return self.env.ref("amarc_referential.commitment_6")
