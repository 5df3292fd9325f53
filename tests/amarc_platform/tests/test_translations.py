"""French first: every term of every AMARC addon's .pot is translated in its
fr.po (not missing, not empty, not fuzzy: Odoo ignores fuzzy entries)."""

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

from .tools import ROOT


def untranslated(pot, po):
    """The msgids of ``pot`` (a polib file) that ``po`` does not translate."""
    translations = {
        (entry.msgctxt, entry.msgid): entry for entry in po if not entry.obsolete
    }
    missing = []
    for term in pot:
        if term.obsolete:
            continue
        entry = translations.get((term.msgctxt, term.msgid))
        if entry is None or not entry.translated() or "fuzzy" in entry.flags:
            missing.append(term.msgid)
    return missing


def amarc_addons():
    """The AMARC addons of this repository (each has its i18n/<addon>.pot)."""
    manifests = (ROOT / "addons").glob("*/__manifest__.py")
    return sorted(path.parent.name for path in manifests)


@tagged("post_install", "-at_install")
class TestFrenchTranslations(TransactionCase):
    def test_untranslated_detects_each_kind(self):
        pot = polib.POFile()
        po = polib.POFile()
        for msgid in ("Missing", "Empty", "Fuzzy", "Done"):
            pot.append(polib.POEntry(msgid=msgid, msgstr=""))
        po.append(polib.POEntry(msgid="Empty", msgstr=""))
        po.append(polib.POEntry(msgid="Fuzzy", msgstr="Flou", flags=["fuzzy"]))
        po.append(polib.POEntry(msgid="Done", msgstr="Fait"))
        self.assertEqual(untranslated(pot, po), ["Missing", "Empty", "Fuzzy"])

    def test_every_addon_is_translated_in_french(self):
        addons = amarc_addons()
        self.assertEqual(
            addons,
            [
                "amarc_action_plan",
                "amarc_helpdesk",
                "amarc_internal_audit",
                "amarc_referential",
                "amarc_survey",
            ],
        )
        for addon in addons:
            with self.subTest(addon=addon):
                # the addon Odoo loads is the one of this repository
                self.assertEqual(get_module_path(addon), str(ROOT / "addons" / addon))
                i18n = ROOT / "addons" / addon / "i18n"
                pot = polib.pofile(str(i18n / f"{addon}.pot"))
                self.assertGreater(len(pot), 100)
                missing = untranslated(pot, polib.pofile(str(i18n / "fr.po")))
                self.assertEqual(
                    missing, [], f"{addon}: terms without a French translation"
                )
