from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import html2plaintext

from .common import AmarcSurveyCommon, paris


@tagged("post_install", "-at_install")
class TestFrenchTranslation(AmarcSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fr = cls._french("amarc_survey")

    def test_survey_and_interface(self):
        survey = self.fr.ref("amarc_survey.survey_amarc_satisfaction")
        self.assertEqual(survey.title, "Votre satisfaction sur notre réponse")
        self.assertEqual(
            self.fr.ref("amarc_survey.survey_amarc_satisfaction_q_score_2").value,
            "2 - Insatisfait",
        )
        field = self.fr["ir.model.fields"]._get(
            "amarc.satisfaction.request", "resatisfaction_state"
        )
        self.assertEqual(field.field_description, "Re-satisfaction")
        with self.assertRaises(ValidationError) as error:
            self.company.with_context(lang="fr_FR").amarc_survey_delay = -2
        self.assertEqual(
            str(error.exception),
            "AMARC Helpdesk Test A : le délai de l'enquête, le délai de réponse et "
            "le délai de carence ne peuvent pas être négatifs.",
        )

    def _check_mails_in_french_and_english(self):
        """The customer of ``self.customer`` gets the survey in French, a
        customer in English gets it in English, both in one dispatch."""
        english = self.env["res.partner"].create(
            {"name": "English customer", "email": "en@example.com", "lang": "en_US"}
        )
        french = self._closed_ticket(paris(2026, 1, 5, 10))
        other = self._closed_ticket(paris(2026, 1, 5, 10), partner_id=english.id)
        self._cron(paris(2026, 1, 8, 10))
        mail_fr = self._mails(french.amarc_survey_request_ids)
        mail_en = self._mails(other.amarc_survey_request_ids)
        self.assertEqual(
            mail_fr.subject,
            "AMARC Helpdesk Test A : êtes-vous satisfait de notre réponse ? "
            f"(réf. {french.number})",
        )
        self.assertEqual(
            mail_en.subject,
            "AMARC Helpdesk Test A: how satisfied are you with our answer? "
            f"(ref. {other.number})",
        )
        self.assertIn("Répondre à l'enquête", html2plaintext(mail_fr.body_html))
        # the last day of the answer window (30 days), as each customer reads
        # dates
        self.assertIn(
            "Le lien est personnel et valable jusqu'au 07/02/2026.", mail_fr.body_html
        )
        self.assertIn(
            french.amarc_survey_request_ids.user_input_id.get_start_url(),
            mail_fr.body_html,
        )
        self.assertIn("Answer the survey", html2plaintext(mail_en.body_html))
        self.assertIn(
            "The link is personal and valid until 02/07/2026.", mail_en.body_html
        )
        self.assertIn(
            other.amarc_survey_request_ids.user_input_id.get_start_url(),
            mail_en.body_html,
        )

    def test_mail_in_customer_language(self):
        self.customer.lang = "fr_FR"
        self._check_mails_in_french_and_english()

    def test_mail_in_company_language_without_customer_language(self):
        """A customer without a language gets the survey in the company's."""
        self.customer.lang = False
        self.company.partner_id.lang = "fr_FR"
        self._check_mails_in_french_and_english()
