{
    "name": "AMARC platform tests",
    "summary": "Tests of the setup tools, the French translations and the reports "
    "that may run on a read replica",
    "version": "19.0.1.0.0",
    "category": "Hidden/Tests",
    "website": "https://github.com/amarc-odoo/amarc-certification",
    "author": "AMARC Odoo Team",
    "maintainers": ["amarc-odoo"],
    "license": "AGPL-3",
    "depends": ["amarc_survey", "amarc_internal_audit"],
}
