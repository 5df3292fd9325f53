import io

import openpyxl

from odoo.tests import tagged

from .control_common import AmarcControlCommon

HEADER_EN = (
    "Reference,Date,Channel,Team or site,Waiting time (s),Interactive voice "
    "response,Time to reach a person (s),Message left on,Called back on,"
    "Introduced themselves,Listened,Took charge of the request"
)
#: 3.1: 1 of 3 (an IVR that takes 200 s, a call not taken); 3.2: 1 of 1 (Friday
#: 10:00 to Tuesday 09:30 over Whit Monday: 23.5 working hours); 3.3: 2 of 2
ROWS_EN = [
    "Call 1,2026-05-12 10:00:00,Phone,Customer service,12,no,,,,yes,yes,yes",
    "Call 2,2026-05-13 10:00:00,Phone,Customer service,8,yes,200,,,yes,yes,yes",
    (
        "Call 3,2026-05-22 10:00:00,Phone,Shop Lyon,0,no,,2026-05-22 10:00:00,"
        "2026-05-26 09:30:00,no,no,no"
    ),
]
HEADER_FR = [
    "Référence",
    "Date",
    "Canal",
    "Équipe ou site",
    "Temps d'attente (s)",
    "Serveur vocal interactif",
    "Temps pour joindre un interlocuteur (s)",
    "Message laissé le",
    "Rappelé le",
    "S'est présenté",
    "A écouté",
    "A pris en charge la demande",
]
OPTIONS = {
    "has_headers": True,
    "quoting": '"',
    "separator": ",",
    "encoding": "utf-8",
    "date_format": "%Y-%m-%d",
    "datetime_format": "%Y-%m-%d %H:%M:%S",
    "float_thousand_separator": "",
    "float_decimal_separator": ".",
    "sheet": "",
}


@tagged("post_install", "-at_install")
class TestControlImport(AmarcControlCommon):
    """A provider's spreadsheet through Odoo's standard import, as the campaign's
    button opens it (its context), by an auditor in Paris."""

    def _import(self, content, lang="en_US", file_type="text/csv"):
        env = self.env(
            user=self.auditor,
            context=dict(
                self.env.context,
                lang=lang,
                tz="Europe/Paris",
                default_campaign_id=self.campaign.id,
            ),
        )
        wizard = env["base_import.import"].create(
            {
                "res_model": "amarc.control.sample",
                "file": content,
                "file_name": "provider.csv" if file_type == "text/csv" else "p.xlsx",
                "file_type": file_type,
            }
        )
        preview = wizard.parse_preview(dict(OPTIONS))
        self.assertFalse(preview.get("error"), preview)
        matches = preview["matches"] or {}
        fields = [
            "/".join(matches[index]) if index in matches else False
            for index in range(len(preview["headers"]))
        ]
        return fields, wizard.execute_import(fields, preview["headers"], dict(OPTIONS))

    def _rates(self):
        return {
            criterion.code: (measured, conform)
            for criterion, measured, conform in self.campaign._criterion_results().get(
                self.campaign, []
            )
        }

    def test_english_columns(self):
        action = self.campaign.with_user(self.auditor).action_import_samples()
        self.assertEqual(
            (action["tag"], action["params"]),
            (
                "import",
                {
                    "model": "amarc.control.sample",
                    "context": {"default_campaign_id": self.campaign.id},
                },
            ),
        )
        content = "\n".join([HEADER_EN, *ROWS_EN]).encode()
        fields, result = self._import(content)
        self.assertEqual(
            fields,
            [
                "name",
                "date",
                "channel",
                "team",
                "answer_seconds",
                "ivr",
                "person_seconds",
                "message_date",
                "callback_date",
                "introduced",
                "listened",
                "took_charge",
            ],
        )
        self.assertEqual(result["messages"], [])
        samples = self.campaign.sample_ids
        self.assertEqual(samples.mapped("name"), ["Call 1", "Call 2", "Call 3"])
        self.assertEqual(
            samples[2].callback_working_hours, 23.5, "Paris time, Whit Monday off"
        )
        self.assertEqual(self._rates(), {"3.1": (3, 1), "3.2": (1, 1), "3.3": (2, 2)})

    def test_french_columns_from_an_xlsx(self):
        self._french("amarc_internal_audit")
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(HEADER_FR)
        sheet.append(
            ["Appel 1", "2026-05-12 10:00:00", "Téléphone", "Service client", 12]
            + ["non", None, None, None, "oui", "oui", "oui"]
        )
        buffer = io.BytesIO()
        workbook.save(buffer)
        fields, result = self._import(
            buffer.getvalue(),
            lang="fr_FR",
            file_type="application/vnd.openxmlformats-officedocument."
            "spreadsheetml.sheet",
        )
        self.assertEqual(
            fields[:5], ["name", "date", "channel", "team", "answer_seconds"]
        )
        self.assertEqual(result["messages"], [])
        self.assertEqual(
            self._results(self.campaign.sample_ids),
            ("conform", False, "conform", False, False),
        )

    def test_bad_rows_are_refused_and_nothing_is_imported(self):
        rows = [
            ROWS_EN[0],
            # row 3 of the file: called back before the message was left
            (
                "Call 2,2026-05-22 10:00:00,Phone,Shop Lyon,0,no,,"
                "2026-05-22 10:00:00,2026-05-22 09:00:00,no,no,no"
            ),
            # row 4: a channel that does not exist
            "Call 3,2026-05-13 10:00:00,Fax,Customer service,8,no,,,,yes,yes,yes",
        ]
        content = "\n".join([HEADER_EN, *rows]).encode()
        _fields, result = self._import(content)
        errors = [
            (message["rows"]["from"] + 2, message["message"])
            for message in result["messages"]
        ]
        # Odoo's import creates the rows in one batch first: the batch's error
        # comes first, on its first row; then each row's own, by row
        self.assertEqual(
            errors,
            [
                (2, "Call 2: the call-back cannot be before the message was left."),
                (4, "Value 'Fax' not found in selection field 'Channel'"),
                (3, "Call 2: the call-back cannot be before the message was left."),
            ],
        )
        self.assertFalse(result["ids"])
        self.assertFalse(self.campaign.sample_ids)
        # the channel corrected, the call-back before the message is refused
        content = "\n".join([HEADER_EN, *rows[:2]]).encode()
        _fields, result = self._import(content)
        self.assertEqual(
            [
                (message["rows"]["from"] + 2, message["message"])
                for message in result["messages"]
            ],
            [
                (2, "Call 2: the call-back cannot be before the message was left."),
                (3, "Call 2: the call-back cannot be before the message was left."),
            ],
        )
        self.assertFalse(self.campaign.sample_ids)

    def test_import_templates(self):
        templates = []
        french = self._french("amarc_internal_audit")
        for env, first in ((self.env, "Reference"), (french, "Référence")):
            [template] = env["amarc.control.sample"].get_import_templates()
            templates.append(template)
            path = template["template"].lstrip("/")
            with open(__file__.split("amarc_internal_audit/")[0] + path, "rb") as file:
                workbook = openpyxl.load_workbook(file)
            header = next(workbook.active.iter_rows(values_only=True))
            self.assertEqual(header[0], first)
            self.assertEqual(len(header), 17)
        # the English columns are the fields' labels, what the import matches
        labels = {field.string for field in self.Sample._fields.values()}
        workbook = openpyxl.load_workbook(
            __file__.split("amarc_internal_audit/")[0]
            + templates[0]["template"].lstrip("/")
        )
        header = next(workbook.active.iter_rows(values_only=True))
        self.assertEqual(set(header) - labels, set())
