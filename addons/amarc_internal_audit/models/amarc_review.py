from collections import Counter

from odoo import models

from odoo.addons.amarc_referential.tools import selection_label, selection_labels

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
        """Process reviews take in the year's internal audits (chapter VI: the
        audit's action plan is integrated into the process review)."""
        lines = super()._amarc_review_inputs()
        audits = self.review_type == "process" and self._amarc_review_audits()
        if not audits:
            return lines
        return (
            lines
            + self._amarc_audit_result_inputs(audits)
            + self._amarc_audit_gap_inputs(audits)
            + self._amarc_audit_action_inputs(audits)
        )

    def _amarc_audit_result_inputs(self, audits):
        """Each audit with its state, then the results of all their lines."""
        Line = self.env["amarc.audit.line"]
        results = selection_labels(Line, "result")
        counts = Line._read_group(
            [("audit_id", "in", audits.ids)], ["result"], ["__count"]
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
                value=", ".join(
                    f"{results[result]}: {count}" for result, count in counts
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
        return [
            self._input(
                "audit_results",
                self.env._("Corrective actions of the audits"),
                value=self.env._(
                    "%(states)s; %(effective)s judged effective",
                    states=", ".join(f"{k}: {v}" for k, v in by_state.items()),
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
