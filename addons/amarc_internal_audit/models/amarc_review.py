from odoo import models

from .amarc_audit_line import GAP_RESULTS, RESULTS


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
        if self.review_type != "process":
            return lines
        audits = self._amarc_review_audits()
        if not audits:
            return lines
        Line = self.env["amarc.audit.line"]
        labels = dict(RESULTS)
        counts = Line._read_group(
            [("audit_id", "in", audits.ids)], ["result"], ["__count"]
        )
        for audit in audits:
            lines.append(
                self._input(
                    "audit_results",
                    audit.name,
                    value=dict(audit._fields["state"]._description_selection(self.env))[
                        audit.state
                    ],
                    record=audit,
                    sequence=30,
                )
            )
        lines.append(
            self._input(
                "audit_results",
                self.env._(
                    "Results of the internal audits of %(year)s", year=self.year
                ),
                value=", ".join(
                    f"{labels[result]}: {count}" for result, count in counts
                ),
                sequence=31,
            )
        )
        open_gaps = Line.search(
            [
                ("audit_id", "in", audits.ids),
                ("result", "in", GAP_RESULTS),
                ("effectiveness", "!=", "effective"),
            ]
        )
        for gap in open_gaps:
            lines.append(
                self._input(
                    "audit_results",
                    self.env._(
                        "Open gap on %(criterion)s",
                        criterion=gap.criterion_id.display_name,
                    ),
                    value=dict(
                        gap._fields["effectiveness"]._description_selection(self.env)
                    )[gap.effectiveness],
                    description=gap.finding,
                    record=gap,
                    sequence=32,
                )
            )
        actions = audits.line_ids.action_ids
        if actions:
            states = dict(actions._fields["state"]._description_selection(self.env))
            by_state = {}
            for action in actions:
                by_state[states[action.state]] = (
                    by_state.get(states[action.state], 0) + 1
                )
            effective = len(
                actions.filtered(lambda a: a.effectiveness_state == "effective")
            )
            lines.append(
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
            )
        return lines

    def action_collect_inputs(self):
        res = super().action_collect_inputs()
        for review in self.filtered(lambda r: r.review_type == "process"):
            audits = review._amarc_review_audits()
            audits.sudo().write({"review_id": review.id})
            audits.plan_id.filtered(lambda p: not p.review_id).sudo().review_id = review
        return res
