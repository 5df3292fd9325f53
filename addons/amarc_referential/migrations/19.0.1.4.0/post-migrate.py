"""19.0.1.4.0: the titles of criteria 4.2.2, 4.2.3 and 6.4 follow the
referential word for word.

Up to 19.0.1.2.0 the titles of 4.2.2 and 4.2.3 dropped "ouvrés" (working
hours, working days) and 4.2.3 dropped "ou une réponse d'attente ou
définitive"; the French title of 6.4 read "mise en œuvre". The referential's
data is ``noupdate`` and a title is translatable (one value per language):
an update keeps the old text. Each language's title that is still the one
shipped before (the old English source, or the old French wording) gets the
corrected one; a title a company wrote itself is kept as written. The
replaced wording is kept as a version of the criterion, like any change."""

import logging

from openupgradelib import openupgrade

_logger = logging.getLogger(__name__)

#: xmlid: ((old English, new English), (old French, new French))
TITLES = {
    "amarc_referential.criterion_4_2_2": (
        (
            "Email acknowledgement within 24 hours",
            "Email acknowledgement within 24 working hours",
        ),
        (
            "Accusé de réception courriel sous 24 h",
            "Accusé de réception courriel sous 24 heures ouvrés",
        ),
    ),
    "amarc_referential.criterion_4_2_3": (
        (
            "Letter acknowledgement within 10 days",
            (
                "Letter acknowledgement or a holding or final reply within 10 "
                "working days"
            ),
        ),
        (
            "Accusé de réception courrier sous 10 jours",
            (
                "Accusé de réception ou une réponse d’attente ou définitive par "
                "courrier sous 10 jours ouvrés"
            ),
        ),
    ),
    "amarc_referential.criterion_6_4": (
        (
            "Effectiveness of implemented actions measured",
            "Effectiveness of implemented actions measured",
        ),
        (
            "Efficacité des actions mise en œuvre mesurée",
            "Efficacité des actions mises en œuvre mesurée",
        ),
    ),
}


@openupgrade.migrate()
def migrate(env, version):
    # a title in a language no longer installed cannot be written in it
    installed = {"en_US"} | {code for code, __ in env["res.lang"].get_installed()}
    for xmlid, pairs in TITLES.items():
        criterion = env.ref(xmlid, raise_if_not_found=False)
        if not criterion:
            continue
        corrected = dict(pairs)
        env.cr.execute("SELECT name FROM amarc_criterion WHERE id = %s", [criterion.id])
        titles = env.cr.fetchone()[0] or {}
        # English first: a language without its own title reads the English one
        for lang in sorted(titles, key=lambda code: code != "en_US"):
            new = corrected.get(titles[lang])
            if lang not in installed or new is None or new == titles[lang]:
                continue
            criterion.with_context(lang=lang).write({"name": new})
            _logger.info(
                "Criterion %s: title in %s corrected to %r.", criterion.code, lang, new
            )
