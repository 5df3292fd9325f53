import io
import os
import tempfile
from datetime import date
from mailbox import mbox

import openpyxl
from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.amarc_referential.tests.common import xlsx_rows

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
        [section] = [s for s in sections if s["sequence"] == 60]
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

    def test_indicator_workbook_of_the_period(self):
        """The certification file's indicator workbook (1.12): the company's
        tickets received in its twelve months, as the auditor, who cannot read
        the helpdesk, gets it; the tickets count in the file's size."""
        self._ticket(paris(2025, 3, 16, 9), name="First day")
        self._ticket(paris(2026, 3, 16, 18), name="Last day")
        # before the period, and another company's
        self._ticket(paris(2025, 3, 15, 18), name="Too old")
        self._ticket(paris(2026, 3, 2, 9), company=self.company_b, name="Other")
        company = self.company.with_user(self.auditor)
        sections = company._amarc_certification_file_sections(
            date(2025, 3, 16), date(2026, 3, 16)
        )
        [section] = [s for s in sections if s["sequence"] == 55]
        self.assertEqual(section["title"], "Indicators of the twelve months (1.12)")
        [(path, content)] = section["files"]
        self.assertEqual(path, "indicators/Indicators 2025-03-16 - 2026-03-16.xlsx")
        self.assertEqual(
            section["proofs"],
            {
                self.env.ref("amarc_referential.criterion_1_12").id: [
                    "Indicators of the twelve months: 2 complaints"
                ]
            },
        )
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        tickets = xlsx_rows(workbook, "Tickets")
        self.assertEqual(
            [row[0].split(" ", 1)[1] for row in tickets[1:]], ["First day", "Last day"]
        )
        self.assertEqual(
            company._amarc_certification_file_size(
                date(2025, 3, 16), date(2026, 3, 16)
            ),
            2,
        )
