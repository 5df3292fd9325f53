from collections import Counter

from odoo import models

from odoo.addons.amarc_referential.tools import selection_label

from .amarc_audit_line import GAP_RESULTS


class AmarcReview(models.Model):
    _inherit = "amarc.review"

    def _amarc_review_audits(self):
        self.ensure_one()
        return self.env["amarc.audit"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("year", "=", self.year),
                ("state", "in", ("in_progress", "done")),
            ]
        )

    def _amarc_review_inputs(self):
        """Both reviews take in the year's internal audits: the process review
        integrates the audit and its action plan (chapter VI), the management
        review reads its results (ISO 9001 9.3.2 c 6)."""
        lines = super()._amarc_review_inputs()
        audits = self._amarc_review_audits()
        if not audits:
            return lines
        return (
            lines
            + self._amarc_audit_result_inputs(audits)
            + self._amarc_audit_gap_inputs(audits)
            + self._amarc_audit_action_inputs(audits)
        )

    def _amarc_audit_result_inputs(self, audits):
        """Each audit with its state, then the results of all their lines: the
        criteria audited (once each, whatever the number of audits that
        looked at them) and the lines by result."""
        Line = self.env["amarc.audit.line"]
        domain = [("audit_id", "in", audits.ids)]
        counts = dict(Line._read_group(domain, ["result"], ["__count"]))
        [[audited]] = Line._read_group(
            domain + [("result", "not in", ("todo", "not_applicable"))],
            aggregates=["criterion_id:count_distinct"],
        )
        return [
            self._input(
                "audit_results",
                audit.name,
                value=selection_label(audit, "state"),
                record=audit,
                sequence=30,
            )
            for audit in audits
        ] + [
            self._input(
                "audit_results",
                self.env._(
                    "Results of the internal audits of %(year)s", year=self.year
                ),
                value=self.env._(
                    "criteria audited: %(audited)s; conform: %(conform)s, "
                    "observations: %(observation)s, minor gaps: %(minor)s, major "
                    "gaps: %(major)s, not applicable: %(not_applicable)s, to "
                    "assess: %(todo)s",
                    audited=audited,
                    conform=counts.get("conform", 0),
                    observation=counts.get("observation", 0),
                    minor=counts.get("minor_gap", 0),
                    major=counts.get("major_gap", 0),
                    not_applicable=counts.get("not_applicable", 0),
                    todo=counts.get("todo", 0),
                ),
                sequence=31,
            )
        ]

    def _amarc_audit_gap_inputs(self, audits):
        """The gaps of the audits whose actions are not judged effective."""
        gaps = self.env["amarc.audit.line"].search(
            [
                ("audit_id", "in", audits.ids),
                ("result", "in", GAP_RESULTS),
                ("effectiveness", "!=", "effective"),
            ]
        )
        return [
            self._input(
                "audit_results",
                self.env._(
                    "Open gap on %(criterion)s",
                    criterion=gap.criterion_id.display_name,
                ),
                value=selection_label(gap, "effectiveness"),
                description=gap.finding,
                record=gap,
                sequence=32,
            )
            for gap in gaps
        ]

    def _amarc_audit_action_inputs(self, audits):
        """The corrective actions of the audits by state, and how many were
        judged effective."""
        actions = audits.line_ids.action_ids
        if not actions:
            return []
        by_state = Counter(selection_label(action, "state") for action in actions)
        effective = len(
            actions.filtered(lambda a: a.effectiveness_state == "effective")
        )
        still_open = len(actions.filtered(lambda a: a.state in ("draft", "open")))
        return [
            self._input(
                "audit_results",
                self.env._("Corrective actions of the audits"),
                value=self.env._(
                    "%(states)s; still open: %(open)s, judged effective: %(effective)s",
                    states=", ".join(f"{k}: {v}" for k, v in by_state.items()),
                    open=still_open,
                    effective=effective,
                ),
                sequence=33,
            )
        ]

    def action_collect_inputs(self):
        res = super().action_collect_inputs()
        for review in self.filtered(lambda r: r.review_type == "process"):
            audits = review._amarc_review_audits()
            audits.sudo().write({"review_id": review.id})
            audits.plan_id.filtered(lambda p: not p.review_id).sudo().review_id = review
        return res
