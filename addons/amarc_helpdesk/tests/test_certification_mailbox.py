import os
import tempfile
from datetime import date
from mailbox import mbox

from freezegun import freeze_time

from odoo.tests import tagged

from .common import AmarcHelpdeskCommon, paris


@tagged("post_install", "-at_install")
class TestCertificationMailbox(AmarcHelpdeskCommon):
    """The audit-day mailbox of V.2 in the certification file: the e-mails of
    the company's complaint tickets in the period, as an mbox archive."""

    def _message(self, ticket, when, subject, **values):
        with freeze_time(when):
            return ticket.message_post(
                subject=subject,
                body=f"<p>{subject}</p>",
                message_type=values.pop("message_type", "email"),
                subtype_xmlid=values.pop("subtype_xmlid", "mail.mt_comment"),
                email_from="customer@example.com",
                **values,
            )

    def _archive(self, sections):
        section = sections[-1]
        self.assertEqual(
            [path for path, _c in section["files"]], ["mailbox/complaints.mbox"]
        )
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "box.mbox")
            with open(path, "wb") as file:
                file.write(section["files"][0][1])
            box = mbox(path)
            mails = [(mail["Subject"], mail["From"]) for mail in box]
            attachments = [
                part.get_filename()
                for mail in box
                for part in mail.walk()
                if part.get_filename()
            ]
            box.close()
        return section["title"], mails, attachments

    def test_mailbox_of_the_period(self):
        ticket = self._ticket(paris(2026, 3, 2, 9))
        other = self._ticket(paris(2026, 3, 2, 9), company=self.company_b)
        self._message(
            ticket,
            paris(2026, 3, 2, 9),
            "My parcel never came",
            attachments=[("photo.txt", b"photo")],
        )
        self._message(ticket, paris(2026, 3, 3, 10), "Our answer")
        # an internal note, a message before the period, another company's
        self._message(
            ticket,
            paris(2026, 3, 3, 11),
            "Internal note",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self._message(ticket, paris(2025, 3, 1, 10), "Too old")
        self._message(other, paris(2026, 3, 3, 10), "Other company")
        sections = self.company.with_user(
            self.auditor
        )._amarc_certification_file_sections(date(2025, 3, 16), date(2026, 3, 16))
        title, mails, attachments = self._archive(sections)
        self.assertEqual(title, "Audit-day mailbox (V.2): 2 e-mails of the complaints")
        self.assertEqual(
            mails,
            [
                ("My parcel never came", "customer@example.com"),
                ("Our answer", "customer@example.com"),
            ],
        )
        self.assertEqual(attachments, ["photo.txt"])
