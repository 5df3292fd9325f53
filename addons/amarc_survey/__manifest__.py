{
    "name": "AMARC Satisfaction Surveys",
    "summary": "AMARC commitment 5: satisfaction surveys sent a defined delay after "
    "the response, linked to the ticket, re-satisfaction follow-up, indicators, "
    "yearly analysis and its action plan",
    "version": "19.0.1.1.0",
    "category": "Productivity/Quality",
    "website": "https://github.com/amarc-odoo/amarc-certification",
    "author": "AMARC Odoo Team",
    "maintainers": ["amarc-odoo"],
    "license": "AGPL-3",
    "depends": ["amarc_helpdesk", "survey"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/amarc_survey_security.xml",
        "security/ir.model.access.csv",
        "data/survey_data.xml",
        "data/mail_template_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "views/amarc_satisfaction_request_views.xml",
        "views/amarc_satisfaction_report_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_ticket_team_views.xml",
        "views/res_partner_views.xml",
        "views/survey_question_views.xml",
        "views/amarc_action_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/amarc_satisfaction_analysis_views.xml",
        "report/amarc_satisfaction_analysis_report.xml",
        "views/amarc_survey_menus.xml",
    ],
    "demo": ["demo/amarc_survey_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "amarc_survey/static/tests/tours/*.js",
        ],
    },
}
