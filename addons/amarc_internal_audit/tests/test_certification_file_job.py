import io
import zipfile
from datetime import date
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .control_common import AmarcControlCommon

JOB_LOGGER = "odoo.addons.amarc_internal_audit.models.amarc_certification_file_job"


@tagged("post_install", "-at_install")
class TestCertificationFileJob(AmarcControlCommon):
    """The certification file built at once for a small company, by a
    background job above the company's threshold: its progress, the file
    kept with its date, the requester told, a failure that keeps nothing.

    The file's twelve months (16 June 2025 to 15 June 2026) gather 3 records:
    one evidence and two control samples (no complaint ticket)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Job = cls.env["amarc.certification.file.job"]
        # the demo certification's file waits for the scheduled action (demo
        # data): not this world's
        cls.Job.search([("state", "in", ("queued", "running"))]).unlink()
        cls.certification = cls.env["amarc.certification"].create(
            {
                "company_id": cls.company.id,
                "level": "A",
                "application_date": date(2026, 1, 5),
            }
        )
        cls._sample(name="Call 1")
        cls._sample(name="Call 2", answer_seconds=45)
        cls.Evidence.create(
            {
                "name": "Complaint policy",
                "company_id": cls.company.id,
                "criterion_id": cls.criterion("1.1").id,
                "date": date(2026, 2, 2),
            }
        )

    def _files(self):
        """The ZIP attachments of the certification."""
        return self.env["ir.attachment"].search(
            [
                ("res_model", "=", "amarc.certification"),
                ("res_id", "=", self.certification.id),
                ("mimetype", "=", "application/zip"),
            ]
        )

    @staticmethod
    def _figures(job):
        """What the certification form shows of a build."""
        return (
            job.state,
            job.progress,
            job.sections_done,
            job.sections_total,
            job.attachment_id,
        )

    def _sections_total(self):
        """Every builder of the file, and its assembly (index and ZIP)."""
        return (
            len(
                self.certification._amarc_file_builders(
                    date(2025, 6, 16), date(2026, 6, 15)
                )
            )
            + 1
        )

    def test_size_of_the_file(self):
        self.assertEqual(
            self.company._amarc_certification_file_size(
                date(2025, 6, 16), date(2026, 6, 15)
            ),
            3,
        )
        # the samples are those of the campaigns of the period
        self.assertEqual(
            self.company._amarc_certification_file_size(
                date(2026, 6, 1), date(2026, 6, 15)
            ),
            0,
        )

    def test_small_company_built_at_once(self):
        """3 records, not above the threshold of 3: the file at once."""
        self.company.amarc_file_background_threshold = 3
        cron = self.env.ref("amarc_internal_audit.ir_cron_amarc_certification_file")
        Trigger = self.env["ir.cron.trigger"]
        triggers = Trigger.search_count([("cron_id", "=", cron.id)])
        action = self.certification.with_user(self.manager).action_generate_file()
        attachment = self._files()
        self.assertEqual(len(attachment), 1)
        self.assertEqual(
            action,
            {
                "type": "ir.actions.act_url",
                "url": f"/web/content/{attachment.id}?download=true",
                "target": "self",
            },
        )
        job = self.certification.file_job_ids
        self.assertEqual(
            (
                *self._figures(job),
                job.user_id,
                job.date_from,
                job.date_to,
                job.date_done,
                job.error,
            ),
            (
                "done",
                100.0,
                self._sections_total(),
                self._sections_total(),
                attachment,
                self.manager,
                date(2025, 6, 16),
                date(2026, 6, 15),
                self.certification.file_date,
                False,
            ),
        )
        self.assertEqual(str(job.date_done), "2026-06-15 12:00:00")
        # no background job
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), triggers)

    def test_large_company_built_in_the_background(self):
        """3 records, above the threshold of 2: a job queued, its cron
        triggered at once; the cron builds the file, a second run does
        nothing."""
        self.company.amarc_file_background_threshold = 2
        cron = self.env.ref("amarc_internal_audit.ir_cron_amarc_certification_file")
        Trigger = self.env["ir.cron.trigger"]
        triggers = Trigger.search_count([("cron_id", "=", cron.id)])
        certification = self.certification.with_user(self.manager)
        action = certification.action_generate_file()
        self.assertEqual(
            (action["tag"], action["params"]["message"]),
            (
                "display_notification",
                (
                    "The certification file gathers 3 records: it is built in the "
                    "background. Its progress shows on the certification and you "
                    "will be told when it is ready."
                ),
            ),
        )
        self.assertEqual(
            Trigger.search_count([("cron_id", "=", cron.id)]), triggers + 1
        )
        job = self.certification.file_job_ids
        self.assertEqual(
            (job.state, job.progress, job.attachment_id, job.user_id),
            ("queued", 0.0, self.env["ir.attachment"], self.manager),
        )
        self.assertFalse(self._files())
        self.assertFalse(self.certification.file_attachment_id)
        # one build at a time
        with self.assertRaisesMessage(
            UserError,
            "The certification file is already being built: wait for it to finish.",
        ):
            certification.action_generate_file()
        self.assertEqual(len(self.certification.file_job_ids), 1)
        # the scheduled action, as its own user
        self.assertEqual(self.Job._cron_build_files(), 1)
        attachment = self._files()
        self.assertEqual(len(attachment), 1)
        self.assertEqual(
            (
                *self._figures(job),
                self.certification.file_attachment_id,
                str(job.date_done),
            ),
            (
                "done",
                100.0,
                self._sections_total(),
                self._sections_total(),
                attachment,
                attachment,
                "2026-06-15 12:00:00",
            ),
        )
        self.assertEqual(
            zipfile.ZipFile(io.BytesIO(attachment.raw)).namelist()[:2],
            ["index.pdf", "referential/RE-MRC-03.csv"],
        )
        # the requester is told, with the file
        message = self.certification.message_ids[:1]
        self.assertEqual(
            (
                message.author_id,
                message.partner_ids,
                message.attachment_ids,
                str(message.body),
            ),
            (
                self.env.ref("base.partner_root"),
                self.manager.partner_id,
                attachment,
                f"<span>Certification file built, as {self.manager.name} asked.</span>",
            ),
        )
        # idempotent: nothing left to build
        self.assertEqual(self.Job._cron_build_files(), 0)
        self.assertEqual(self._files(), attachment)
        self.assertEqual(self.certification.message_ids[:1], message)

    def test_failure_keeps_nothing(self):
        """A section that fails: the job is failed with the error and the
        sections built before it, no file is kept, the requester is told."""
        self.company.amarc_file_background_threshold = 2
        self.certification.with_user(self.manager).action_generate_file()
        job = self.certification.file_job_ids
        builders = self.certification._amarc_file_builders(
            date(2025, 6, 16), date(2026, 6, 15)
        )
        failing = [getattr(build, "func", build).__name__ for build in builders].index(
            "_amarc_file_review_section"
        )
        with (
            patch.object(
                type(self.env["res.company"]),
                "_amarc_file_review_section",
                side_effect=UserError("The review minutes cannot be read."),
            ),
            self.assertLogs(JOB_LOGGER, "WARNING") as logs,
        ):
            self.assertEqual(self.Job._cron_build_files(), 1)
        self.assertEqual(
            logs.output[0].splitlines()[0],
            f"WARNING:{JOB_LOGGER}:Certification file build {job.id} failed",
        )
        self.assertEqual(
            (
                job.state,
                job.error,
                job.sections_done,
                job.attachment_id,
                job.date_done,
            ),
            (
                "failed",
                "The review minutes cannot be read.",
                failing,
                self.env["ir.attachment"],
                False,
            ),
        )
        self.assertEqual(job.progress, 100.0 * failing / self._sections_total())
        self.assertFalse(self._files())
        self.assertFalse(self.certification.file_attachment_id)
        message = self.certification.message_ids[:1]
        self.assertEqual(
            (message.partner_ids, str(message.body)),
            (
                self.manager.partner_id,
                (
                    "<span>The certification file could not be built: The review "
                    "minutes cannot be read.</span>"
                ),
            ),
        )
        # a failed job is not built again; a new request is
        self.assertEqual(self.Job._cron_build_files(), 0)
        self.certification.with_user(self.manager).action_generate_file()
        self.assertEqual(self.Job._cron_build_files(), 1)
        self.assertEqual(
            self.certification.file_job_ids.mapped("state"), ["done", "failed"]
        )
        self.assertEqual(len(self._files()), 1)

    def test_failure_at_once_keeps_nothing(self):
        """Built at once, a failure is the user's error and leaves nothing."""
        with (
            patch.object(
                type(self.env["res.company"]),
                "_amarc_file_review_section",
                side_effect=UserError("The review minutes cannot be read."),
            ),
            self.assertLogs(JOB_LOGGER, "WARNING"),
            self.assertRaisesMessage(
                UserError,
                "The certification file could not be built: The review minutes "
                "cannot be read.",
            ),
        ):
            self.certification.with_user(self.manager).action_generate_file()
        self.assertFalse(self.certification.file_job_ids)
        self.assertFalse(self._files())

    def test_threshold_bounds(self):
        for value in (0, 10_000_001):
            with self.assertRaisesMessage(
                ValidationError,
                "The size above which the certification file of company Audit Co "
                "is built in the background must be between 1 and 10000000 "
                "records.",
            ):
                self.company.amarc_file_background_threshold = value
        self.company.amarc_file_background_threshold = 1
        self.assertEqual(self.company.amarc_file_background_threshold, 1)

    def test_access(self):
        """The builds are read by the company's auditors and quality managers,
        written by nobody."""
        self.company.amarc_file_background_threshold = 2
        self.certification.with_user(self.auditor).action_generate_file()
        job = self.certification.file_job_ids
        self.assertEqual(job.with_user(self.auditor).state, "queued")
        self.assertEqual(job.with_user(self.manager).user_id, self.auditor)
        for user in (self.user, self.manager_b):
            with self.assertRaises(AccessError):
                job.with_user(user).read(["state"])
        for user in (self.auditor, self.manager):
            with self.assertRaises(AccessError):
                job.with_user(user).write({"state": "done"})
            with self.assertRaises(AccessError):
                job.with_user(user).unlink()
