from markupsafe import Markup

from odoo import api, fields, models

from .amarc_audit_line import GAP_RESULTS


class AmarcOverview(models.TransientModel):  # pylint: disable=no-wizard-in-models
    _inherit = "amarc.overview"

    last_audit_id = fields.Many2one(
        "amarc.audit", string="Last internal audit", compute="_compute_conformity"
    )
    conformity_html = fields.Html(
        string="Conformity per commitment",
        compute="_compute_conformity",
        sanitize=False,
    )
    coverage_missing_count = fields.Integer(
        string="Criteria not yet audited this year", compute="_compute_conformity"
    )

    @api.depends("company_id")
    def _compute_conformity(self):
        year = fields.Date.context_today(self).year
        for overview in self:
            company = overview.company_id
            audit = self.env["amarc.audit"].search(
                [("company_id", "=", company.id), ("state", "=", "done")],
                order="date_end desc, year desc, id desc",
                limit=1,
            )
            overview.last_audit_id = audit
            overview.coverage_missing_count = self.env[
                "amarc.audit.coverage"
            ].search_count(
                [
                    ("company_id", "=", company.id),
                    ("year", "=", year),
                    ("assessed", "=", False),
                ]
            )
            overview.conformity_html = (
                self._amarc_conformity_html(audit) if audit else False
            )

    @api.model
    def _amarc_conformity_stats(self, audit):
        """{commitment: (conform, gaps, assessed)} over the assessed lines of
        ``audit``: an observation is conform, minor and major gaps are gaps."""
        groups = self.env["amarc.audit.line"]._read_group(
            [
                ("audit_id", "=", audit.id),
                ("result", "not in", ("todo", "not_applicable")),
            ],
            ["commitment_id", "result"],
            ["__count"],
        )
        stats = {}
        for commitment, result, count in groups:
            conform, gaps, total = stats.get(commitment, (0, 0, 0))
            stats[commitment] = (
                conform + (count if result in ("conform", "observation") else 0),
                gaps + (count if result in GAP_RESULTS else 0),
                total + count,
            )
        return stats

    @api.model
    def _amarc_conformity_html(self, audit):
        """The table of the conformity rate and gaps per commitment of
        ``audit``, in the order of the commitments."""
        stats = self._amarc_conformity_stats(audit)
        rows = Markup("").join(
            Markup(
                "<tr><td>%s</td><td class='text-end'>%s %%</td>"
                "<td class='text-end'>%s</td><td style='width: 40%%'>"
                "<div class='progress'><div class='progress-bar bg-success' "
                "style='width: %s%%'></div></div></td></tr>"
            )
            % (
                commitment.display_name,
                round(100.0 * conform / total) if total else 0,
                gaps,
                round(100.0 * conform / total) if total else 0,
            )
            for commitment, (conform, gaps, total) in sorted(
                stats.items(), key=lambda item: item[0].sequence
            )
        )
        return Markup(
            "<table class='table table-sm'><thead><tr><th>%s</th>"
            "<th class='text-end'>%s</th><th class='text-end'>%s</th><th></th></tr>"
            "</thead><tbody>%s</tbody></table>"
        ) % (
            self.env._("Commitment"),
            self.env._("Conform"),
            self.env._("Gaps"),
            rows,
        )

    @api.readonly
    def action_open_last_audit(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "amarc.audit",
            "res_id": self.last_audit_id.id,
            "view_mode": "form",
        }

    @api.readonly
    def action_open_coverage_missing(self):
        return self._open(
            "amarc_internal_audit.amarc_audit_coverage_action",
            [
                ("company_id", "=", self.company_id.id),
                ("year", "=", fields.Date.context_today(self).year),
            ],
            {"search_default_missing": 1},
        )
