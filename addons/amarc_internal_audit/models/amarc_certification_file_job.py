import logging

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

#: a job still running after this long (its worker died) is taken again
STALE_HOURS = 2


class AmarcCertificationFileJob(models.Model):
    """One build of the certification file (V.1): who asked for it and when,
    its progress (sections built out of all), and the file it produced, kept
    with its date. Large companies' files are built by a background job (an
    ``ir.cron`` triggered at once), the others at once; both leave this
    record. Written only by the build itself (no write access)."""

    _name = "amarc.certification.file.job"
    _description = "AMARC Certification File Build"
    _order = "id desc"
    _check_company_auto = True

    certification_id = fields.Many2one(
        "amarc.certification",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    company_id = fields.Many2one(
        related="certification_id.company_id", store=True, index=True
    )
    user_id = fields.Many2one(
        "res.users", string="Requested by", required=True, readonly=True
    )
    date_from = fields.Date(string="Records from", required=True, readonly=True)
    date_to = fields.Date(string="Records to", required=True, readonly=True)
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("running", "Running"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        required=True,
        default="queued",
        readonly=True,
    )
    sections_done = fields.Integer(readonly=True)
    sections_total = fields.Integer(readonly=True)
    progress = fields.Float(compute="_compute_progress", string="Progress (%)")
    attachment_id = fields.Many2one(
        "ir.attachment", string="File", readonly=True, ondelete="set null"
    )
    date_done = fields.Datetime(string="Built on", readonly=True)
    error = fields.Text(readonly=True)

    _one_build_in_progress = models.UniqueIndex(
        "(certification_id) WHERE state IN ('queued', 'running')",
        "The certification file is already being built: wait for it to finish.",
    )

    @api.depends("sections_done", "sections_total", "state")
    def _compute_progress(self):
        for job in self:
            if job.state == "done":
                job.progress = 100.0
            elif job.sections_total:
                job.progress = 100.0 * job.sections_done / job.sections_total
            else:
                job.progress = 0.0

    def _amarc_build(self):
        """Build the file of this job, one section after the other, as its
        requester (their language and rights), committing the progress after
        each section when run by the scheduled action. On an error the job is
        failed with it, and nothing of the file is kept. Returns the
        attachment (empty on a failure)."""
        self.ensure_one()
        job = self.sudo()
        Cron = self.env["ir.cron"]
        requester = job.user_id
        certification = job.certification_id.with_user(requester).with_context(
            lang=requester.lang or "en_US",
            tz=requester.tz or self.env.context.get("tz"),
            allowed_company_ids=[job.company_id.id],
        )
        builders = certification._amarc_file_builders(job.date_from, job.date_to)
        job.write(
            {
                "state": "running",
                "sections_total": len(builders) + 1,
                "sections_done": 0,
                "error": False,
            }
        )
        Cron._amarc_commit_progress(0)
        sections = []
        try:
            for build in builders:
                with self.env.cr.savepoint():
                    sections.append(build())
                job.sections_done += 1
                Cron._amarc_commit_progress(0)
            with self.env.cr.savepoint():
                attachment = certification._amarc_file_store(
                    job, sections, notify=self.env.user != requester
                )
        except Exception as error:  # any error fails the job
            _logger.warning("Certification file build %s failed", job.id, exc_info=True)
            self.env.invalidate_all()
            job._amarc_fail(error)
            return self.env["ir.attachment"]
        job.write(
            {
                "state": "done",
                "sections_done": job.sections_total,
                "attachment_id": attachment.id,
                "date_done": fields.Datetime.now(),
            }
        )
        Cron._amarc_commit_progress(0)
        return attachment

    def _amarc_fail(self, error):
        """Record the error on the job and tell its requester."""
        self.ensure_one()
        message = str(error.args[0]) if getattr(error, "args", None) else repr(error)
        self.sudo().write({"state": "failed", "error": message})
        requester = self.user_id
        self.certification_id.sudo().with_context(
            lang=requester.lang or "en_US"
        ).message_post(
            body=self.env._(
                "The certification file could not be built: %(error)s",
                error=message,
            ),
            partner_ids=requester.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )
        self.env["ir.cron"]._amarc_commit_progress(0)

    @api.model
    def _cron_build_files(self, batch_size=1):
        """Build the queued certification files, one at a time. Safe with
        several workers: a job is taken with ``FOR UPDATE SKIP LOCKED`` and set
        running before anything is committed, so no other worker takes it; a
        job left running by a dead worker is taken again after STALE_HOURS.
        Idempotent: a done or failed job is never built again."""
        stale = fields.Datetime.subtract(fields.Datetime.now(), hours=STALE_HOURS)
        return self.env["ir.cron"]._amarc_process_batches(
            self._name,
            SQL(
                "state = 'queued' OR (state = 'running' AND write_date < %s)",
                stale,
            ),
            lambda jobs: [job._amarc_build() for job in jobs],
            batch_size,
        )
