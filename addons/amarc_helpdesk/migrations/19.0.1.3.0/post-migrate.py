"""19.0.1.3.0: the acknowledgement e-mail carries the three items of 4.3.

Up to 19.0.1.2.0 the acknowledgement of receipt quoted the ticket number only
and the date of the answer, not the customer's reference nor the estimated
response delay. The template is ``noupdate``: an update keeps the old text. A
template never edited by a user (only ever written by the installation and
updates) gets the shipped one again, with its translations; a template a
company rewrote is kept as written. The other templates of the file are left
as they are."""

import logging

from lxml import etree
from openupgradelib import openupgrade

from odoo import SUPERUSER_ID
from odoo.tools import file_path
from odoo.tools.convert import xml_import
from odoo.tools.translate import TranslationImporter, get_po_paths

_logger = logging.getLogger(__name__)

MODULE = "amarc_helpdesk"
NAME = "mail_template_amarc_acknowledgement"
TEMPLATE = f"{MODULE}.{NAME}"
DATA_FILE = f"{MODULE}/data/mail_template_data.xml"


@openupgrade.migrate()
def migrate(env, version):
    template = env.ref(TEMPLATE, raise_if_not_found=False)
    if not template:
        return
    if template.write_uid.id != SUPERUSER_ID:
        _logger.info("The acknowledgement e-mail template, edited by a user, is kept.")
        return
    # the shipped record alone, loaded as at installation
    path = file_path(DATA_FILE)
    root = etree.parse(path).getroot()
    for record in list(root.iter("record")):
        if record.get("id") != NAME:
            record.getparent().remove(record)
    xml_import(env, MODULE, {}, "init", noupdate=True, xml_filename=path).parse(root)
    importer = TranslationImporter(env.cr, verbose=False)
    for lang, __ in env["res.lang"].get_installed():
        if lang == "en_US":
            continue
        for po_path in get_po_paths(MODULE, lang):
            importer.load_file(po_path, lang, xmlids=[TEMPLATE])
    importer.save(force_overwrite=True)
    _logger.info("The acknowledgement e-mail template was reset to the shipped one.")
