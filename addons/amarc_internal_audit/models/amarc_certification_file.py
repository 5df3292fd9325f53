import io
import zipfile

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

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
    file_job_ids = fields.One2many(
        "amarc.certification.file.job",
        "certification_id",
        string="Certification files built",
        readonly=True,
    )

    def _amarc_file_period(self):
        """The twelve months up to today: records are kept one year (V.2)."""
        today = fields.Date.context_today(self)
        return today - relativedelta(years=1) + relativedelta(days=1), today

    def _amarc_file_builders(self, date_from, date_to):
        """The builders of the file's sections: every addon's (the company's
        hook), then the documents uploaded on the certification."""
        self.ensure_one()
        return [
            *self.company_id._amarc_certification_file_section_builders(
                date_from, date_to
            ),
            self._amarc_file_document_section,
        ]

    def _amarc_file_document_section(self):
        """The documents uploaded on the certification."""
        # the caller may read the certification: its documents go in the file
        certification = self.sudo()
        documents = [
            (f"external_control_plan/{attachment.name}", attachment.raw or b"")
            for attachment in certification.external_control_plan_ids
        ] + [
            (f"regulatory_texts/{attachment.name}", attachment.raw or b"")
            for attachment in certification.regulatory_text_ids
        ]
        return {
            "sequence": 15,
            "title": self.env._("External control plan and regulatory texts"),
            "files": documents,
            "proofs": {},
        }

    def _amarc_file_sections(self, date_from, date_to):
        """Every section of the file, in their order."""
        self.ensure_one()
        sections = [build() for build in self._amarc_file_builders(date_from, date_to)]
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

    def _amarc_file_zip(self, sections, date_from, date_to):
        """The ZIP of the file: its index PDF, then each section's files."""
        self.ensure_one()
        sections = sorted(sections, key=lambda section: section["sequence"])
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

    def _amarc_file_store(self, job, sections, notify=False):
        """Assemble the ZIP of ``sections`` and keep it: attachment on the
        certification (the last file and its date), and the chatter; with
        ``notify``, the requester of ``job`` is told (a background build)."""
        self.ensure_one()
        content = self._amarc_file_zip(sections, job.date_from, job.date_to)
        name = self.env._(
            "Certification file %(name)s %(date)s.zip",
            name=self.name.replace("/", "-"),
            date=fields.Date.to_string(job.date_to),
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
        certification.write(
            {"file_attachment_id": attachment.id, "file_date": fields.Datetime.now()}
        )
        requester = job.user_id
        if notify:
            certification.message_post(
                body=self.env._(
                    "Certification file built, as %(user)s asked.",
                    user=requester.name,
                ),
                author_id=self.env.ref("base.partner_root").id,
                partner_ids=requester.partner_id.ids,
                attachment_ids=attachment.ids,
            )
        else:
            certification.message_post(
                body=self.env._("Certification file built."),
                author_id=requester.partner_id.id,
                attachment_ids=attachment.ids,
            )
        return attachment

    def _amarc_file_job(self, user, date_from, date_to):
        """A new build of the file for ``user``; one at a time."""
        self.ensure_one()
        Job = self.env["amarc.certification.file.job"].sudo()
        in_progress = [
            ("certification_id", "=", self.id),
            ("state", "in", ("queued", "running")),
        ]
        if Job.search_count(in_progress):
            # the unique index refuses a second one started at the same moment
            raise UserError(
                self.env._(
                    "The certification file is already being built: wait for it "
                    "to finish."
                )
            )
        return Job.create(
            {
                "certification_id": self.id,
                "user_id": user.id,
                "date_from": date_from,
                "date_to": date_to,
            }
        )

    def _amarc_demo_queue_file(self):
        """Demo data: the file of the demo certification, queued for the
        administrator; the scheduled action builds it at the server's first
        start (its PDFs need the running server)."""
        admin = self.env.ref("base.user_admin")
        for certification in self:
            certification._amarc_file_job(admin, *certification._amarc_file_period())
        self.env.ref("amarc_internal_audit.ir_cron_amarc_certification_file")._trigger()

    def action_generate_file(self):
        """Build the certification file (V.1) as a ZIP, keep it on the
        certification (attachment and chatter) and download it. For quality
        managers and auditors. Above the company's threshold (records of the
        twelve months), the file is built by a background job instead: its
        progress shows on the certification, and the requester is told when
        it is ready."""
        self.ensure_one()
        if not self.env.user.has_group("amarc_referential.group_amarc_auditor"):
            raise AccessError(
                self.env._(
                    "Only quality managers and auditors can build the certification "
                    "file."
                )
            )
        self.check_access("read")
        date_from, date_to = self._amarc_file_period()
        company = self.company_id
        size = company._amarc_certification_file_size(date_from, date_to)
        background = size > company.amarc_file_background_threshold
        job = self._amarc_file_job(self.env.user, date_from, date_to)
        if background:
            self.env.ref(
                "amarc_internal_audit.ir_cron_amarc_certification_file"
            )._trigger()
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "message": self.env._(
                        "The certification file gathers %(size)s records: it is "
                        "built in the background. Its progress shows on the "
                        "certification and you will be told when it is ready.",
                        size=size,
                    ),
                    "next": {"type": "ir.actions.client", "tag": "soft_reload"},
                },
            }
        attachment = job._amarc_build()
        if not attachment:
            raise UserError(
                self.env._(
                    "The certification file could not be built: %(error)s",
                    error=job.error,
                )
            )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
