import email.policy
import email.utils
import os
import tempfile
from datetime import UTC, datetime, time, timedelta
from email.message import EmailMessage
from functools import partial
from mailbox import mbox

from odoo import models
from odoo.tools import html2plaintext

MAILBOX_PATH = "mailbox/complaints.mbox"
INDICATORS_XLSX = "amarc_helpdesk.action_report_amarc_indicators_xlsx"


class ResCompany(models.Model):
    """The helpdesk's part of the certification file: the indicator workbook of
    the twelve months (1.12) and the audit-day mailbox of V.2, the e-mails of
    the complaint tickets of the period as a standard mbox archive."""

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    def _amarc_certification_file_section_builders(self, date_from, date_to):
        builders = super()._amarc_certification_file_section_builders(
            date_from, date_to
        )
        return builders + [
            partial(self._amarc_file_indicator_section, date_from, date_to),
            partial(self._amarc_file_mailbox_section, date_from, date_to),
        ]

    def _amarc_certification_file_size(self, date_from, date_to):
        """The complaint tickets received in the period weigh on the file
        (indicators, mailbox)."""
        Indicator = self.env["amarc.helpdesk.indicator"].sudo()
        return super()._amarc_certification_file_size(
            date_from, date_to
        ) + Indicator.search_count(
            Indicator._amarc_period_domain(date_from, date_to, self)
        )

    def _amarc_file_indicator_section(self, date_from, date_to):
        """The indicator workbook of the period (1.12): the XLSX report of the
        indicators, for the company (``_amarc_file_xlsx``: as superuser, on the
        company's tickets only)."""
        _wizard, content = self._amarc_file_xlsx(
            "amarc.indicator.export",
            {
                "company_id": self.id,
                "period": "year",
                "date_from": date_from,
                "date_to": date_to,
            },
            INDICATORS_XLSX,
        )
        Indicator = self.env["amarc.helpdesk.indicator"].sudo()
        received = Indicator.search_count(
            Indicator._amarc_period_domain(date_from, date_to, self)
        )
        proofs = self._amarc_file_proofs(
            "1.12",
            received
            and [
                self.env._(
                    "Indicators of the twelve months: %(count)s complaints",
                    count=received,
                )
            ],
        )
        name = self.env._("Indicators %(period)s", period=f"{date_from} - {date_to}")
        return {
            "sequence": 55,
            "title": self.env._("Indicators of the twelve months (1.12)"),
            "files": [(f"indicators/{name}.xlsx", content)],
            "proofs": proofs,
        }

    def _amarc_complaint_messages(self, date_from, date_to):
        """The e-mails received and sent on the company's tickets from
        ``date_from`` to ``date_to`` (dates, both included): incoming e-mails
        and the messages sent to the customers, not the internal notes. The
        file is built by a quality manager or an auditor, who may not read the
        helpdesk: the company is filtered here explicitly."""
        tickets = (
            self.env["helpdesk.ticket"]
            .sudo()
            .with_context(active_test=False)
            ._search([("company_id", "=", self.id)])
        )
        return (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", "helpdesk.ticket"),
                    ("res_id", "in", tickets),
                    ("message_type", "in", ("email", "email_outgoing", "comment")),
                    ("subtype_id.internal", "=", False),
                    ("date", ">=", datetime.combine(date_from, time.min)),
                    (
                        "date",
                        "<",
                        datetime.combine(date_to + timedelta(days=1), time.min),
                    ),
                ],
                order="date, id",
            )
        )

    @staticmethod
    def _amarc_email(message):
        """One mail.message as an RFC 5322 e-mail, with its attachments."""
        mail = EmailMessage(policy=email.policy.SMTP)
        mail["From"] = message.email_from or message.author_id.email_formatted or ""
        recipients = message.partner_ids.filtered("email").mapped("email_formatted")
        if recipients:
            mail["To"] = ", ".join(recipients)
        mail["Subject"] = message.subject or message.record_name or ""
        mail["Date"] = email.utils.format_datetime(message.date.replace(tzinfo=UTC))
        mail["Message-ID"] = message.message_id or email.utils.make_msgid()
        mail["X-Odoo-Ticket"] = message.record_name or str(message.res_id)
        body = str(message.body or "")
        mail.set_content(html2plaintext(body))
        mail.add_alternative(body, subtype="html")
        for attachment in message.attachment_ids:
            maintype, _slash, subtype = (
                attachment.mimetype or "application/octet-stream"
            ).partition("/")
            mail.add_attachment(
                attachment.raw or b"",
                maintype=maintype,
                subtype=subtype or "octet-stream",
                filename=attachment.name,
            )
        return mail

    def _amarc_file_mailbox_section(self, date_from, date_to):
        messages = self._amarc_complaint_messages(date_from, date_to)
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "complaints.mbox")
            box = mbox(path)
            box.lock()
            try:
                for message in messages:
                    box.add(self._amarc_email(message))
                box.flush()
            finally:
                box.unlock()
                box.close()
            with open(path, "rb") as archive:
                content = archive.read()
        return {
            "sequence": 60,
            "title": self.env._(
                "Audit-day mailbox (V.2): %(count)s e-mails of the complaints",
                count=len(messages),
            ),
            "files": [(MAILBOX_PATH, content)],
            "proofs": {},
        }
