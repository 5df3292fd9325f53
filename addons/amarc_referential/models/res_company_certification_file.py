import csv
import io

from odoo import models
from odoo.tools import format_date


class ResCompany(models.Model):
    """The hook through which each AMARC addon contributes its part of the
    certification file of chapter V.1 (``amarc.certification.action_generate_file``
    assembles it): the referential and its evidence here, the internal control
    plan and audits in amarc_internal_audit, the audit-day mailbox (V.2) in
    amarc_helpdesk."""

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    def _amarc_certification_file_sections(self, date_from, date_to):
        """The sections of the company's certification file for the period
        ``date_from`` .. ``date_to`` (dates, both included). Each addon appends
        its own to what ``super()`` returns. A section is a dict:

        - ``sequence``: its place in the file and in its index;
        - ``title``: its title, in the user's language;
        - ``files``: ``[(path in the ZIP, bytes)]``;
        - ``proofs``: ``{criterion id: [what proves it, one line each]}``: the
          index lists them under their criterion, and flags the criteria that
          have none as missing."""
        self.ensure_one()
        return [
            self._amarc_file_referential_section(),
            self._amarc_file_evidence_section(date_from, date_to),
        ]

    @staticmethod
    def _amarc_file_csv(header, rows):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        return buffer.getvalue().encode("utf-8-sig")

    def _amarc_file_referential_section(self):
        """A copy of the referential (V.1, first item): every criterion with its
        commitment, levels and control methods."""
        referential = self.amarc_referential_id
        criteria = self.env["amarc.criterion"].search(
            [("referential_id", "=", referential.id)]
        )
        rows = [
            (
                criterion.commitment_id.display_name,
                criterion.code,
                criterion.name,
                criterion.description or "",
                self.env._("Yes") if criterion.level_a else self.env._("No"),
                self.env._("Yes") if criterion.level_b else self.env._("No"),
                ", ".join(criterion.control_method_ids.mapped("name")),
            )
            for criterion in criteria
        ]
        header = [
            self.env._("Commitment"),
            self.env._("Criterion"),
            self.env._("Title"),
            self.env._("Text"),
            self.env._("Level A"),
            self.env._("Level B"),
            self.env._("Control methods"),
        ]
        code = (referential.code or "referential").replace("/", "-")
        return {
            "sequence": 10,
            "title": self.env._("Referential %(name)s", name=referential.display_name),
            "files": [(f"referential/{code}.csv", self._amarc_file_csv(header, rows))],
            "proofs": {},
        }

    def _amarc_file_evidence_section(self, date_from, date_to):
        """The evidence recorded in the period, with their documents."""
        evidences = self.env["amarc.evidence"].search(
            [
                ("company_id", "=", self.id),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ],
            order="date, id",
        )
        files, proofs = [], {}
        for evidence in evidences:
            code = evidence.criterion_id.code or "other"
            # the caller reads the evidence: its documents go in the file
            for attachment in evidence.sudo().attachment_ids:
                files.append(
                    (
                        f"evidence/{code}/{evidence.id}-{attachment.name}",
                        attachment.raw or b"",
                    )
                )
            proofs.setdefault(evidence.criterion_id.id, []).append(
                self.env._(
                    "Evidence: %(name)s (%(date)s)",
                    name=evidence.name,
                    date=format_date(self.env, evidence.date),
                )
            )
        return {
            "sequence": 20,
            "title": self.env._("Evidence"),
            "files": files,
            "proofs": proofs,
        }
