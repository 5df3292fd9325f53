from odoo.tests import tagged

from .common import AmarcCase


@tagged("post_install", "-at_install")
class TestFrenchTranslation(AmarcCase):
    """The referential's official French wording is loaded from i18n/fr.po."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fr = cls._french("amarc_referential")

    def test_criterion_text_is_the_seed_wording(self):
        criterion = self.fr.ref("amarc_referential.criterion_1_1")
        self.assertEqual(
            criterion.description,
            "La stratégie de l'entreprise* fait apparaître de manière formalisée sa "
            "volonté d’écouter et de satisfaire ses clients.",
        )
        ack = self.fr.ref("amarc_referential.criterion_4_2_2")
        self.assertEqual(
            ack.description,
            "Par courriel\n"
            "Le client reçoit dans les 24 heures ouvrés un accusé de réception.",
        )
        # The English source stays the default.
        self.assertEqual(
            self.env.ref("amarc_referential.criterion_4_2_2").description,
            "By email\n"
            "The customer receives an acknowledgement of receipt within 24 working "
            "hours.",
        )

    def test_commitments_are_the_seed_wording(self):
        commitment = self.fr.ref("amarc_referential.commitment_5")
        self.assertEqual(
            commitment.name, "Nous mesurons votre satisfaction suite à notre réponse."
        )

    def test_every_referential_text_is_translated(self):
        referential = self.env.ref("amarc_referential.referential_re_mrc_03")
        self.assertEqual(len(referential.criterion_ids), 67)
        for criterion in referential.criterion_ids:
            french = criterion.with_context(lang="fr_FR")
            with self.subTest(code=criterion.code):
                self.assertNotEqual(french.description, criterion.description)
                self.assertNotEqual(french.name, criterion.name)
        terms = self.env["amarc.lexicon.term"].search([("kind", "=", "lexicon")])
        self.assertEqual(len(terms), 20)
        for term in terms:
            with self.subTest(term=term.name):
                self.assertNotEqual(
                    term.with_context(lang="fr_FR").definition, term.definition
                )

    def test_interface_is_translated(self):
        field = self.fr["ir.model.fields"]._get("amarc.obligation", "next_due_date")
        self.assertEqual(field.field_description, "Prochaine échéance")
        self.assertEqual(
            dict(
                self.fr["amarc.criterion"]
                ._fields["level_label"]
                ._description_selection(self.fr)
            )["b"],
            "Niveau B uniquement",
        )
