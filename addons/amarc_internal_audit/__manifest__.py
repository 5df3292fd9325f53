{
    "name": "AMARC Internal Audit and Certification",
    "summary": "Yearly internal audits of every criterion, coverage, follow-up of "
    "gaps to their re-audit, and the certification body's cycle",
    "version": "19.0.1.3.0",
    "category": "Productivity/Quality",
    "website": "https://github.com/amarc-odoo/amarc-certification",
    "author": "AMARC Odoo Team",
    "maintainers": ["amarc-odoo"],
    "license": "AGPL-3",
    "depends": ["amarc_action_plan", "base_import"],
    "data": [
        "security/amarc_internal_audit_security.xml",
        "security/amarc_control_security.xml",
        "security/ir.model.access.csv",
        "data/amarc_internal_audit_data.xml",
        "report/amarc_audit_report.xml",
        "report/amarc_certification_file_report.xml",
        "views/amarc_audit_views.xml",
        "views/amarc_audit_coverage_views.xml",
        "views/amarc_certification_views.xml",
        "views/amarc_overview_views.xml",
        "views/amarc_control_plan_views.xml",
        "views/amarc_audit_line_control_views.xml",
        "views/amarc_certification_file_views.xml",
        "views/res_config_settings_views.xml",
        "views/amarc_internal_audit_menus.xml",
    ],
    "demo": [
        "demo/amarc_internal_audit_demo.xml",
        "demo/amarc_control_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "amarc_internal_audit/static/tests/tours/*.js",
        ],
    },
}
