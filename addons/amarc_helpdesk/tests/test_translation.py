from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import html2plaintext

from odoo.addons.amarc_referential.tests.common import xlsx_rows

from .common import AmarcHelpdeskCommon, paris


@tagged("post_install", "-at_install")
class TestFrenchTranslation(AmarcHelpdeskCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fr = cls._french("amarc_helpdesk")

    def test_data_and_interface(self):
        self.assertEqual(
            self.fr.ref("amarc_helpdesk.helpdesk_ticket_channel_letter").name,
            "Courrier",
        )
        field = self.fr["ir.model.fields"]._get("helpdesk.ticket", "amarc_ack_deadline")
        self.assertEqual(field.field_description, "Échéance de l'accusé de réception")

    def test_messages_and_acknowledgement_mail(self):
        ticket = self._ticket(paris(2026, 1, 14, 9), channel=self.channel_phone)
        with self.assertRaises(ValidationError) as error:
            ticket.with_context(lang="fr_FR").write(
                {
                    "amarc_mediator_id": self.mediator.id,
                    "amarc_mediation_date": paris(2026, 2, 1, 9),
                }
            )
        self.assertEqual(
            str(error.exception),
            f"Le ticket {ticket.display_name} ne peut pas être soumis au médiateur "
            "de la consommation : le client n'a adressé aucune réclamation écrite "
            "préalable (courriel, courrier ou formulaire web) à la société (Code "
            "de la consommation, L612-2).",
        )
        self.customer.lang = "fr_FR"
        email = self._ticket(paris(2026, 1, 14, 9))
        with freeze_time(paris(2026, 1, 14, 10)):
            email.action_amarc_send_acknowledgement()
        message = email.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(
            message.subject,
            f"AMARC Helpdesk Test A : nous avons bien reçu votre demande "
            f"(réf. {email.number})",
        )
        self.assertEqual(
            " ".join(html2plaintext(message.body).split()),
            "Bonjour Camille Client, Nous avons reçu votre demande le *14 janvier "
            f"2026 à 09:00:00 +0100*. Sa référence est *{email.number}* : merci de la "
            "rappeler dans tout message concernant cette demande. Nous vous "
            "répondrons sous *10* jours ouvrés, au plus tard le *28/01/2026*. "
            "Cordialement, OdooBot AMARC Helpdesk Test A",
        )

    def test_indicator_workbook(self):
        """An agent who reads French gets the workbook in French."""
        self.agent.lang = "fr_FR"
        workbook, name = self._indicator_workbook(
            self.agent, date(2026, 1, 1), date(2026, 1, 31)
        )
        self.assertEqual(name, "Indicateurs 2026-01-01 - 2026-01-31.xlsx")
        self.assertEqual(
            workbook.sheetnames[:9],
            [
                "Par mois",
                "Par équipe",
                "Par canal",
                "Par motif",
                "Solutions apportées",
                "Recours",
                "D'une année sur l'autre",
                "Objectifs",
                "Tickets",
            ],
        )
        self.assertEqual(xlsx_rows(workbook, "Par mois")[0][:2], ["Mois", "Reçues"])
