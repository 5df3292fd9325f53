{
    "name": "AMARC Helpdesk",
    "summary": "AMARC ticket-level commitments on the OCA helpdesk: acknowledgement "
    "and response deadlines in working time, extensions, severity, resolution, "
    "recourse and consumer mediation; alerts, indicators, objectives and their "
    "communication",
    "version": "19.0.1.1.0",
    "category": "Productivity/Quality",
    "website": "https://github.com/amarc-odoo/amarc-certification",
    "author": "AMARC Odoo Team",
    "maintainers": ["amarc-odoo"],
    "license": "AGPL-3",
    "depends": ["helpdesk_mgmt", "amarc_action_plan"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/amarc_helpdesk_security.xml",
        "security/ir.model.access.csv",
        "data/helpdesk_ticket_channel_data.xml",
        "data/mail_template_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_ticket_channel_views.xml",
        "views/helpdesk_ticket_team_views.xml",
        "views/amarc_ticket_extension_views.xml",
        "wizards/amarc_ticket_extension_wizard_views.xml",
        "views/helpdesk_ticket_category_views.xml",
        "views/amarc_alert_views.xml",
        "views/amarc_helpdesk_indicator_views.xml",
        "views/amarc_objective_views.xml",
        "wizards/amarc_indicator_export_views.xml",
        "views/res_config_settings_views.xml",
        "views/amarc_overview_views.xml",
        "views/amarc_helpdesk_menus.xml",
    ],
    "demo": ["demo/amarc_helpdesk_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "amarc_helpdesk/static/tests/tours/*.js",
        ],
    },
    "pre_init_hook": "pre_init_hook",
    "post_init_hook": "post_init_hook",
}
