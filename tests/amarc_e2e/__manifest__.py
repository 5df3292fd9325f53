{
    "name": "AMARC end-to-end tests",
    "summary": "Cross-addon tests: the whole AMARC improvement loop on one database",
    "version": "19.0.1.0.0",
    "category": "Hidden/Tests",
    "website": "https://github.com/amarc-odoo/amarc-certification",
    "author": "AMARC Odoo Team",
    "maintainers": ["amarc-odoo"],
    "license": "AGPL-3",
    "depends": ["amarc_survey", "amarc_internal_audit"],
}
