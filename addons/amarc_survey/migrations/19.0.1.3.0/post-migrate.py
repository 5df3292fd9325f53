"""19.0.1.3.0: the survey e-mail's body shows plain field paths.

Up to 19.0.1.2.0 the template's body called a QWeb view
(``amarc_survey.mail_body_amarc_satisfaction_request``), rendered with code
evaluation mail by mail; the view is gone. The template is ``noupdate``: a
template never edited by a user (only ever written by the installation and
updates) or whose body still calls the view gets the shipped template again,
with its translations; a template a company rewrote is kept as written (a body
of its own still renders, through QWeb)."""

import logging

from openupgradelib import openupgrade

from odoo import SUPERUSER_ID
from odoo.tools.translate import TranslationImporter, get_po_paths

_logger = logging.getLogger(__name__)

TEMPLATE = "amarc_survey.mail_template_amarc_satisfaction_request"
OLD_BODY_VIEW = 't-call="amarc_survey.mail_body_amarc_satisfaction_request"'


@openupgrade.migrate()
def migrate(env, version):
    template = env.ref(TEMPLATE, raise_if_not_found=False)
    if not template:
        return
    shipped = template.write_uid.id == SUPERUSER_ID
    if not shipped and OLD_BODY_VIEW not in (template.body_html or ""):
        _logger.info("The survey e-mail template, rewritten by a user, is kept.")
        return
    openupgrade.load_data(
        env, "amarc_survey", "data/mail_template_data.xml", mode="init"
    )
    importer = TranslationImporter(env.cr, verbose=False)
    for lang, __ in env["res.lang"].get_installed():
        if lang == "en_US":
            continue
        for path in get_po_paths("amarc_survey", lang):
            importer.load_file(path, lang, xmlids=[TEMPLATE])
    importer.save(overwrite=True)
    _logger.info("The survey e-mail template was reset to the shipped one.")
