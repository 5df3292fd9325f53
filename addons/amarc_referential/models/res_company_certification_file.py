import csv
import io
from functools import partial

from odoo import models
from odoo.tools import format_date


class ResCompany(models.Model):
    """The hook through which each AMARC addon contributes its part of the
    certification file of chapter V.1 (``amarc.certification.action_generate_file``
    assembles it): the referential and its evidence here, the internal control
    plan and audits in amarc_internal_audit, the audit-day mailbox (V.2) in
    amarc_helpdesk."""

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    def _amarc_certification_file_section_builders(self, date_from, date_to):
        """The hook through which each addon contributes its sections of the
        certification file for the period ``date_from`` .. ``date_to`` (dates,
        both included): a list of functions without arguments, each building
        one section. Each addon appends its own to what ``super()`` returns.
        The file is built one section after the other (a background job shows
        its progress per section). A section is a dict:

        - ``sequence``: its place in the file and in its index;
        - ``title``: its title, in the user's language;
        - ``files``: ``[(path in the ZIP, bytes)]``;
        - ``proofs``: ``{criterion id: [what proves it, one line each]}``: the
          index lists them under their criterion, and flags the criteria that
          have none as missing."""
        self.ensure_one()
        return [
            self._amarc_file_referential_section,
            partial(self._amarc_file_evidence_section, date_from, date_to),
            partial(self._amarc_file_obligation_section, date_from, date_to),
        ]

    def _amarc_certification_file_sections(self, date_from, date_to):
        """The sections of the company's certification file for the period,
        every builder of ``_amarc_certification_file_section_builders`` run."""
        self.ensure_one()
        return [
            build()
            for build in self._amarc_certification_file_section_builders(
                date_from, date_to
            )
        ]

    def _amarc_certification_file_size(self, date_from, date_to):
        """How many records the certification file of the period gathers: above
        the company's threshold, the file is built in the background. Each
        addon adds the records of its sections (here: the evidence)."""
        self.ensure_one()
        return self.env["amarc.evidence"].search_count(
            [
                ("company_id", "=", self.id),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ]
        )

    def _amarc_file_xlsx(self, model, values, report):
        """A wizard of ``model`` made of ``values`` and its XLSX ``report``
        (an ir.actions.report reference), both as superuser for the company:
        the file is built by a quality manager or an auditor, who may not read
        the records the report sums up; the wizard's values name the company,
        so the report reads only its records. Returns (wizard, bytes)."""
        wizard = self.env[model].sudo().with_company(self).create(values)
        content, _format = (
            self.env["ir.actions.report"]
            .sudo()
            .with_company(self)
            ._render_xlsx(report, wizard.ids, None)
        )
        return wizard, content

    def _amarc_file_proofs(self, code, lines):
        """``{criterion id: lines}`` for the criterion ``code`` of the company's
        referential, empty without lines (nothing proved) or criterion."""
        criterion = self.env["amarc.criterion"].search(
            [
                ("referential_id", "=", self.amarc_referential_id.id),
                ("code", "=", code),
            ],
            limit=1,
        )
        return {criterion.id: lines} if criterion and lines else {}

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
        """The evidence recorded in the period, with their documents (but the
        proofs of the obligations: their own section)."""
        evidences = self.env["amarc.evidence"].search(
            [
                ("company_id", "=", self.id),
                ("obligation_id", "=", False),
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

    def _amarc_file_obligation_section(self, date_from, date_to):
        """The obligations' proofs: the register of the company's recurring
        obligations (frequency, last done, next due, state), and the proofs
        recorded in the period for each, with their documents."""
        obligations = self.env["amarc.obligation"].search(
            [("company_id", "=", self.id)], order="criterion_id, id"
        )
        evidences = self.env["amarc.evidence"].search(
            [
                ("company_id", "=", self.id),
                ("obligation_id", "in", obligations.ids),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ],
            order="date, id",
        )
        Obligation = self.env["amarc.obligation"]
        frequencies = dict(
            Obligation._fields["frequency"]._description_selection(self.env)
        )
        states = dict(Obligation._fields["state"]._description_selection(self.env))
        rows = []
        for obligation in obligations:
            done = evidences.filtered(lambda e, o=obligation: e.obligation_id == o)
            rows.append(
                (
                    obligation.criterion_id.code or obligation.reference_code or "",
                    obligation.name,
                    frequencies.get(obligation.frequency, ""),
                    obligation.user_id.name or "",
                    obligation.last_done_date
                    and format_date(self.env, obligation.last_done_date)
                    or "",
                    obligation.next_due_date
                    and format_date(self.env, obligation.next_due_date)
                    or "",
                    states.get(obligation.state, ""),
                    "; ".join(done.mapped("name")),
                )
            )
        header = [
            self.env._("Criterion"),
            self.env._("Obligation"),
            self.env._("Frequency"),
            self.env._("Responsible"),
            self.env._("Last done"),
            self.env._("Next due date"),
            self.env._("State"),
            self.env._("Proofs of the period"),
        ]
        files = [("obligations/obligations.csv", self._amarc_file_csv(header, rows))]
        proofs = {}
        for evidence in evidences:
            code = (
                evidence.obligation_id.criterion_id.code
                or evidence.obligation_id.reference_code
                or "other"
            )
            files.extend(
                (
                    f"obligations/{code}/{evidence.id}-{attachment.name}",
                    attachment.raw or b"",
                )
                # the caller reads the evidence: its documents go in the file
                for attachment in evidence.sudo().attachment_ids
            )
            if evidence.criterion_id:
                proofs.setdefault(evidence.criterion_id.id, []).append(
                    self.env._(
                        "Obligation done: %(name)s (%(date)s)",
                        name=evidence.name,
                        date=format_date(self.env, evidence.date),
                    )
                )
        return {
            "sequence": 25,
            "title": self.env._("Obligations and their proofs"),
            "files": files,
            "proofs": proofs,
        }
