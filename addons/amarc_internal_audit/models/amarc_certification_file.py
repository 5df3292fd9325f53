import io
import zipfile

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.exceptions import AccessError

INDEX_PDF = "amarc_internal_audit.action_report_amarc_certification_file_index"


class AmarcCertification(models.Model):
    """The certification file of V.1 ("dossier Certification de Services"),
    built in one click as a ZIP kept on the certification."""

    _inherit = "amarc.certification"

    external_control_plan_ids = fields.Many2many(
        "ir.attachment",
        "amarc_certification_external_plan_rel",
        "certification_id",
        "attachment_id",
        string="External control plan",
        help="The certification body's control plan (V.1).",
    )
    regulatory_text_ids = fields.Many2many(
        "ir.attachment",
        "amarc_certification_regulatory_rel",
        "certification_id",
        "attachment_id",
        string="Regulatory texts",
        help="The regulatory texts in force (V.1).",
    )
    file_attachment_id = fields.Many2one(
        "ir.attachment", string="Certification file", readonly=True, copy=False
    )
    file_date = fields.Datetime(
        string="Certification file built on", readonly=True, copy=False
    )

    def _amarc_file_period(self):
        """The twelve months up to today: records are kept one year (V.2)."""
        today = fields.Date.context_today(self)
        return today - relativedelta(years=1) + relativedelta(days=1), today

    def _amarc_file_sections(self, date_from, date_to):
        """Every addon's sections (the company's hook), then the documents
        uploaded on the certification."""
        self.ensure_one()
        sections = self.company_id._amarc_certification_file_sections(
            date_from, date_to
        )
        # the caller may read the certification: its documents go in the file
        certification = self.sudo()
        documents = [
            (f"external_control_plan/{attachment.name}", attachment.raw or b"")
            for attachment in certification.external_control_plan_ids
        ] + [
            (f"regulatory_texts/{attachment.name}", attachment.raw or b"")
            for attachment in certification.regulatory_text_ids
        ]
        sections.append(
            {
                "sequence": 15,
                "title": self.env._("External control plan and regulatory texts"),
                "files": documents,
                "proofs": {},
            }
        )
        return sorted(sections, key=lambda section: section["sequence"])

    def _amarc_file_index(self, sections, date_from, date_to):
        """What the index PDF lists: per commitment, each criterion of the
        certification's level with its proofs, or flagged as missing."""
        self.ensure_one()
        proofs = {}
        for section in sections:
            for criterion_id, lines in section["proofs"].items():
                proofs.setdefault(criterion_id, []).extend(lines)
        criteria = (
            self.env["amarc.criterion"]
            .search([("referential_id", "=", self.referential_id.id)])
            ._filter_level(self.level)
        )
        commitments = []
        for commitment in criteria.commitment_id.sorted("sequence"):
            rows = [
                {
                    "code": criterion.code,
                    "name": criterion.name,
                    "proofs": proofs.get(criterion.id, []),
                }
                for criterion in criteria
                if criterion.commitment_id == commitment
            ]
            commitments.append({"name": commitment.display_name, "criteria": rows})
        return {
            "period": (
                fields.Date.to_string(date_from),
                fields.Date.to_string(date_to),
            ),
            "missing": sum(
                not row["proofs"] for c in commitments for row in c["criteria"]
            ),
            "commitments": commitments,
            "sections": [
                {
                    "title": section["title"],
                    "files": [path for path, _content in section["files"]],
                }
                for section in sections
            ],
        }

    def _amarc_file_zip(self):
        self.ensure_one()
        date_from, date_to = self._amarc_file_period()
        sections = self._amarc_file_sections(date_from, date_to)
        index = self._amarc_file_index(sections, date_from, date_to)
        pdf, _format = self.env["ir.actions.report"]._render_qweb_pdf(
            INDEX_PDF, self.ids, data={"index": index}
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("index.pdf", pdf)
            for section in sections:
                for path, content in section["files"]:
                    archive.writestr(path, content)
        return buffer.getvalue()

    def action_generate_file(self):
        """Build the certification file (V.1) as a ZIP, keep it on the
        certification (attachment and chatter) and download it. For quality
        managers and auditors."""
        self.ensure_one()
        if not self.env.user.has_group("amarc_referential.group_amarc_auditor"):
            raise AccessError(
                self.env._(
                    "Only quality managers and auditors can build the certification "
                    "file."
                )
            )
        self.check_access("read")
        content = self._amarc_file_zip()
        now = fields.Datetime.now()
        name = self.env._(
            "Certification file %(name)s %(date)s.zip",
            name=self.name.replace("/", "-"),
            date=fields.Date.to_string(fields.Date.context_today(self)),
        )
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": name,
                    "raw": content,
                    "mimetype": "application/zip",
                    "res_model": self._name,
                    "res_id": self.id,
                    "company_id": self.company_id.id,
                }
            )
        )
        certification = self.sudo()
        certification.write({"file_attachment_id": attachment.id, "file_date": now})
        certification.message_post(
            body=self.env._("Certification file built."),
            author_id=self.env.user.partner_id.id,
            attachment_ids=attachment.ids,
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
