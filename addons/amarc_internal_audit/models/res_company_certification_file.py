from functools import partial

from odoo import models
from odoo.tools import format_date

AUDIT_PDF = "amarc_internal_audit.action_report_amarc_audit"
AUDIT_XLSX = "amarc_internal_audit.report_audit_xlsx"
REVIEW_PDF = "amarc_action_plan.action_report_amarc_review"
#: the criteria the process and management reviews prove
REVIEW_CRITERIA = {"process": "1.6", "management": "1.7"}


def _file_name(name):
    return "".join("-" if char in '/\\:*?"<>|' else char for char in name).strip()


class ResCompany(models.Model):
    """The internal audit's part of the certification file (V.1): the internal
    control plan with the campaigns' original records, the last internal audit
    report (PDF and XLSX), the reviews' minutes; and what each proves."""

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    def _amarc_certification_file_section_builders(self, date_from, date_to):
        builders = super()._amarc_certification_file_section_builders(
            date_from, date_to
        )
        return builders + [
            partial(self._amarc_file_control_section, date_from, date_to),
            partial(self._amarc_file_audit_section, date_from, date_to),
            partial(self._amarc_file_review_section, date_from, date_to),
        ]

    def _amarc_certification_file_size(self, date_from, date_to):
        """The control samples of the period's campaigns weigh on the file."""
        return super()._amarc_certification_file_size(date_from, date_to) + self.env[
            "amarc.control.sample"
        ].search_count(
            [
                ("campaign_id.company_id", "=", self.id),
                ("campaign_id.date_end", ">=", date_from),
                ("campaign_id.date_start", "<=", date_to),
            ]
        )

    def _amarc_file_control_section(self, date_from, date_to):
        """The control plans of the period's years, and each campaign of the
        period with its samples (CSV) and the provider's original files."""
        years = list(range(date_from.year, date_to.year + 1))
        plans = self.env["amarc.control.plan"].search(
            [("company_id", "=", self.id), ("year", "in", years)]
        )
        plan_rows = [
            (
                plan.year,
                plan.name,
                plan.control_method_id.name,
                ", ".join(plan.criterion_ids.mapped("code")),
                plan.frequency
                and dict(plan._fields["frequency"]._description_selection(self.env))[
                    plan.frequency
                ],
                plan.sample_size,
                plan.provider_id.name or "",
            )
            for plan in plans
        ]
        files = [
            (
                "internal_control_plan/control_plan.csv",
                self._amarc_file_csv(
                    [
                        self.env._("Year"),
                        self.env._("Control"),
                        self.env._("Control method"),
                        self.env._("Criteria"),
                        self.env._("Frequency"),
                        self.env._("Samples per control"),
                        self.env._("Provider"),
                    ],
                    plan_rows,
                ),
            )
        ]
        campaigns = self.env["amarc.control.campaign"].search(
            [
                ("company_id", "=", self.id),
                ("date_end", ">=", date_from),
                ("date_start", "<=", date_to),
            ],
            order="date_start, id",
        )
        proofs = {}
        results = campaigns._criterion_results()
        for campaign in campaigns:
            folder = f"internal_control_plan/{campaign.id}-{_file_name(campaign.name)}"
            files.append((f"{folder}/samples.csv", campaign._amarc_samples_csv()))
            files.extend(
                (f"{folder}/{_file_name(attachment.name)}", attachment.raw or b"")
                for attachment in campaign.sudo().attachment_ids
            )
            for criterion, measured, conform in results.get(campaign, []):
                proofs.setdefault(criterion.id, []).append(
                    self.env._(
                        "Control campaign %(campaign)s: %(conform)s of %(measured)s "
                        "samples conform",
                        campaign=campaign.name,
                        conform=conform,
                        measured=measured,
                    )
                )
        return {
            "sequence": 30,
            "title": self.env._("Internal control plan"),
            "files": files,
            "proofs": proofs,
        }

    def _amarc_file_audit_section(self, date_from, date_to):
        """The last internal audit report (PDF and XLSX); the lines assessed in
        the period prove their criteria."""
        Audit = self.env["amarc.audit"]
        lines = self.env["amarc.audit.line"].search(
            [
                ("company_id", "=", self.id),
                ("audit_id.state", "!=", "cancelled"),
                ("result", "!=", "todo"),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ],
            order="year, audit_id, sequence, id",
        )
        results = dict(
            self.env["amarc.audit.line"]
            ._fields["result"]
            ._description_selection(self.env)
        )
        proofs = {}
        for line in lines:
            proofs.setdefault(line.criterion_id.id, []).append(
                self.env._(
                    "Audit line %(audit)s: %(result)s",
                    audit=line.audit_id.name,
                    result=results[line.result],
                )
            )
        files = []
        last = Audit.search(
            [("company_id", "=", self.id), ("state", "=", "done")],
            order="year desc, date_end desc, id desc",
            limit=1,
        )
        if last:
            Report = self.env["ir.actions.report"]
            name = f"internal_audit/{_file_name(last.name)}"
            pdf, _format = Report._render_qweb_pdf(AUDIT_PDF, last.ids)
            xlsx, _format = Report._render(AUDIT_XLSX, last.ids)
            files += [(f"{name}.pdf", pdf), (f"{name}.xlsx", xlsx)]
        return {
            "sequence": 40,
            "title": self.env._("Internal audit"),
            "files": files,
            "proofs": proofs,
        }

    def _amarc_file_review_section(self, date_from, date_to):
        """The minutes of the reviews held in the period (1.6, 1.7)."""
        reviews = self.env["amarc.review"].search(
            [
                ("company_id", "=", self.id),
                ("state", "=", "done"),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ],
            order="date, id",
        )
        criteria = {
            criterion.code: criterion
            for criterion in self.env["amarc.criterion"].search(
                [
                    ("referential_id", "=", self.amarc_referential_id.id),
                    ("code", "in", list(REVIEW_CRITERIA.values())),
                ]
            )
        }
        files, proofs = [], {}
        Report = self.env["ir.actions.report"]
        for review in reviews:
            pdf, _format = Report._render_qweb_pdf(REVIEW_PDF, review.ids)
            files.append((f"reviews/{review.id}-{_file_name(review.name)}.pdf", pdf))
            criterion = criteria.get(REVIEW_CRITERIA.get(review.review_type))
            if criterion:
                proofs.setdefault(criterion.id, []).append(
                    self.env._(
                        "Review minutes: %(review)s (%(date)s)",
                        review=review.name,
                        date=format_date(self.env, review.date),
                    )
                )
        return {
            "sequence": 50,
            "title": self.env._("Reviews' minutes"),
            "files": files,
            "proofs": proofs,
        }
