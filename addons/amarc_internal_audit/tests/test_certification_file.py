import csv
import io
import subprocess
import tempfile
import zipfile
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.amarc_action_plan.tests.common import pdf_rendering

from .control_common import AmarcControlCommon


def pdf_text(pdf):
    """The text of a PDF, read with pdftotext, its words separated by single
    spaces."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        text = subprocess.run(
            ["pdftotext", "-layout", file.name, "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    return " ".join(text.split())


@tagged("post_install", "-at_install")
class TestCertificationFile(AmarcControlCommon):
    """The certification file of V.1, built for real (wkhtmltopdf) and read
    back from its ZIP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.certification = cls.env["amarc.certification"].create(
            {
                "company_id": cls.company.id,
                "level": "A",
                "application_date": date(2026, 1, 5),
                "records_start_date": date(2026, 1, 15),
            }
        )
        # uploaded on the form (many2many_binary): attached to the certification
        document = {"res_model": "amarc.certification", "res_id": cls.certification.id}
        cls.certification.external_control_plan_ids = cls.env["ir.attachment"].create(
            {"name": "SGS-ICS control plan.pdf", "raw": b"%PDF-external", **document}
        )
        cls.certification.regulatory_text_ids = cls.env["ir.attachment"].create(
            {"name": "Code de la consommation L612.txt", "raw": b"L612-1", **document}
        )
        cls.plan = cls.env["amarc.control.plan"].create(
            {
                "company_id": cls.company.id,
                "year": 2026,
                "control_method_id": cls.mystery_call.id,
                "criterion_ids": [
                    (6, 0, (cls.criterion("3.1") | cls.criterion("3.2")).ids)
                ],
                "frequency": "quarterly",
                "sample_size": 2,
            }
        )
        cls.campaign.write(
            {
                "plan_id": cls.plan.id,
                "attachment_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "provider.xlsx",
                            "raw": b"provider spreadsheet",
                        },
                    )
                ],
            }
        )
        cls._sample(name="Call 1")
        cls._sample(name="Call 2", answer_seconds=45)
        # last year's audit, done (6.1 assessed before the file's period);
        # this year's with every line assessed but 3.1 and 6.1
        last = cls._audit(year=2025)
        last.action_start()
        cls._assess_all(last)
        # assessed before the twelve months of the file
        cls._line(last, "6.1").date = date(2025, 3, 1)
        last.action_done()
        audit = cls._audit()
        audit.action_start()
        cls._assess_all(audit)
        cls._line(audit, "3.1").result = "todo"
        cls._line(audit, "6.1").result = "todo"
        cls.evidence = cls.Evidence.create(
            {
                "name": "Complaint policy",
                "company_id": cls.company.id,
                "criterion_id": cls.criterion("1.1").id,
                "date": date(2026, 2, 2),
                "attachment_ids": [(0, 0, {"name": "policy.txt", "raw": b"policy"})],
            }
        )
        # an obligation done in the period with its proof (5.4's yearly plan)
        cls.obligation("5.4")._mark_done(
            date(2026, 3, 10),
            attachments=cls.env["ir.attachment"].create(
                {"name": "plan.txt", "raw": b"plan"}
            ),
            evidence_name="Action plan 2026",
        )
        cls.obligation("5.4").user_id = cls.manager
        cls.obligation_evidence = cls.obligation("5.4").evidence_ids

    def test_zip_read_back(self):
        certification = self.certification.with_user(self.auditor).with_context(
            force_report_rendering=True
        )
        with pdf_rendering(self):
            action = certification.action_generate_file()
        attachment = self.certification.file_attachment_id
        self.assertEqual(
            action,
            {
                "type": "ir.actions.act_url",
                "url": f"/web/content/{attachment.id}?download=true",
                "target": "self",
            },
        )
        self.assertEqual(
            (
                attachment.name,
                attachment.mimetype,
                attachment.res_model,
                attachment.res_id,
            ),
            (
                "Certification file RE-MRC-03, level A 2026-06-15.zip",
                "application/zip",
                "amarc.certification",
                self.certification.id,
            ),
        )
        archive = zipfile.ZipFile(io.BytesIO(attachment.raw))
        folder = f"internal_control_plan/{self.campaign.id}-{self.campaign.name}"
        self.assertEqual(archive.namelist(), self._expected_names(folder))
        self.assertEqual(
            archive.read(f"obligations/5.4/{self.obligation_evidence.id}-plan.txt"),
            b"plan",
        )
        self.assertEqual(
            archive.read(f"{folder}/provider.xlsx"), b"provider spreadsheet"
        )
        self.assertEqual(
            archive.read("internal_audit/Internal audit 2025.pdf")[:5], b"%PDF-"
        )
        self.assertEqual(
            archive.read("internal_audit/Internal audit 2025.xlsx")[:2], b"PK"
        )
        samples = list(
            csv.reader(
                io.StringIO(archive.read(f"{folder}/samples.csv").decode("utf-8-sig"))
            )
        )
        self.assertEqual(len(samples), 3)
        self.assertEqual(samples[0][:3], ["Reference", "Date", "Channel"])
        self.assertEqual(
            [(row[0], row[-5]) for row in samples[1:]],
            [("Call 1", "Conform"), ("Call 2", "Not conform")],
        )
        plan = list(
            csv.reader(
                io.StringIO(
                    archive.read("internal_control_plan/control_plan.csv").decode(
                        "utf-8-sig"
                    )
                )
            )
        )
        self.assertEqual(
            plan[1],
            ["2026", self.plan.name, "Mystery call", "3.1, 3.2", "Quarterly", "2", ""],
        )
        referential = list(
            csv.reader(
                io.StringIO(
                    archive.read("referential/RE-MRC-03.csv").decode("utf-8-sig")
                )
            )
        )
        self.assertEqual(len(referential), 1 + 67)
        self.assertEqual(
            referential[1][:3],
            [
                self.criterion("1.1").commitment_id.display_name,
                "1.1",
                self.criterion("1.1").name,
            ],
        )
        index = archive.read("index.pdf")
        self.assertEqual(index[:5], b"%PDF-")
        text = pdf_text(index)
        criterion_31, criterion_61 = self.criterion("3.1"), self.criterion("6.1")
        self.assertInOrder(
            text,
            [
                "Certification file: RE/MRC/03, level A",
                "Records from 2025-06-16 to 2026-06-15",
                "Criteria without proof: 1",
                "1.1",
                "Evidence: Complaint policy (02/02/2026)",
                "Audit line Internal audit 2025: Conform",
                "Audit line Internal audit 2026: Conform",
                f"3.1 {criterion_31.name}",
                f"Control campaign {self.campaign.name}: 1 of 2 samples conform",
                "Audit line Internal audit 2025: Conform",
                f"6.1 {criterion_61.name} MISSING: no proof in the file",
            ],
        )
        self.assertEqual(text.count("MISSING"), 1)
        self.assertIn("Obligation done: Action plan 2026 (03/10/2026)", text)
        # the contents list every file of the ZIP
        self.assertInOrder(
            text,
            [
                "Contents",
                "Obligations and their proofs",
                "obligations/obligations.csv",
                "Internal control plan",
            ]
            + (
                ["Indicators of the twelve months (1.12)", "indicators/Indicators"]
                if self._installed("amarc_helpdesk")
                else []
            )
            + (
                ["Satisfaction of the twelve months (5.1, 5.3)", "satisfaction/"]
                if self._installed("amarc_survey")
                else []
            ),
        )
        obligations = list(
            csv.reader(
                io.StringIO(
                    archive.read("obligations/obligations.csv").decode("utf-8-sig")
                )
            )
        )
        self.assertEqual(
            [row for row in obligations if row[0] == "5.4"],
            [
                [
                    "5.4",
                    self.obligation("5.4").name,
                    "Yearly",
                    self.manager.name,
                    "03/10/2026",
                    "03/10/2027",
                    "Up to date",
                    "Action plan 2026",
                ]
            ],
        )
        # the certification's chatter keeps the file with its date
        message = self.certification.message_ids[:1]
        self.assertEqual(
            (message.attachment_ids, message.author_id),
            (attachment, self.auditor.partner_id),
        )

    def _installed(self, module):
        return self.env["ir.module.module"]._get(module).state == "installed"

    def _expected_names(self, folder):
        """The files of the ZIP, in order: this addon's and its dependencies',
        then those of amarc_helpdesk (indicators, mailbox) and amarc_survey
        (satisfaction) when they are installed (the addons' tests run together
        on one database)."""
        period = "2025-06-16 - 2026-06-15"
        names = [
            "index.pdf",
            "referential/RE-MRC-03.csv",
            "external_control_plan/SGS-ICS control plan.pdf",
            "regulatory_texts/Code de la consommation L612.txt",
            f"evidence/1.1/{self.evidence.id}-policy.txt",
            "obligations/obligations.csv",
            f"obligations/5.4/{self.obligation_evidence.id}-plan.txt",
            "internal_control_plan/control_plan.csv",
            f"{folder}/samples.csv",
            f"{folder}/provider.xlsx",
            "internal_audit/Internal audit 2025.pdf",
            "internal_audit/Internal audit 2025.xlsx",
        ]
        if self._installed("amarc_helpdesk"):
            names.append(f"indicators/Indicators {period}.xlsx")
        if self._installed("amarc_survey"):
            names.append(f"satisfaction/Satisfaction {period}.xlsx")
        if self._installed("amarc_helpdesk"):
            names.append("mailbox/complaints.mbox")
        return names

    def _index(self, date_from, date_to):
        """The index of the file and its proofs by criterion code."""
        sections = self.certification._amarc_file_sections(date_from, date_to)
        index = self.certification._amarc_file_index(sections, date_from, date_to)
        rows = {
            row["code"]: row["proofs"]
            for commitment in index["commitments"]
            for row in commitment["criteria"]
        }
        return index, rows

    def test_index_flags_a_criterion_without_proof(self):
        date_from, date_to = self.certification._amarc_file_period()
        self.assertEqual((date_from, date_to), (date(2025, 6, 16), date(2026, 6, 15)))
        index, rows = self._index(date_from, date_to)
        self.assertEqual(len(rows), 51, "the criteria of level A")
        self.assertEqual([code for code, proofs in rows.items() if not proofs], ["6.1"])
        self.assertEqual(index["missing"], 1)
        self.assertEqual(
            rows["3.1"],
            [
                f"Control campaign {self.campaign.name}: 1 of 2 samples conform",
                "Audit line Internal audit 2025: Conform",
            ],
        )
        # evidence dated before the period proves nothing
        self.evidence.sudo().write({"date": date(2025, 6, 15)})
        index, rows = self._index(date_from, date_to)
        self.assertEqual(
            rows["1.1"],
            [
                "Audit line Internal audit 2025: Conform",
                "Audit line Internal audit 2026: Conform",
            ],
        )

    def test_only_auditors_and_managers_build_the_file(self):
        with self.assertRaisesMessage(
            AccessError,
            "Only quality managers and auditors can build the certification file.",
        ):
            self.certification.with_user(self.user).action_generate_file()
        with self.assertRaises(AccessError):
            self.certification.with_user(self.manager_b).action_generate_file()
        self.assertFalse(self.certification.file_attachment_id)
        self.certification.with_user(self.manager).action_generate_file()
        self.assertEqual(
            self.certification.file_attachment_id.mimetype, "application/zip"
        )
