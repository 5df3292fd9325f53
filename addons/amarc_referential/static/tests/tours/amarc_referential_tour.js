import { registry } from "@web/core/registry";

/**
 * A quality manager opens the commitments, drills down to the criteria of
 * commitment 5 and reads criterion 5.2 with its evidence.
 */
registry.category("web_tour.tours").add("amarc_referential_tour", {
    url: "/odoo/action-amarc_referential.amarc_commitment_action",
    steps: () => [
        {
            content: "Commitment 5 is a kanban card with its criteria count",
            trigger: ".o_kanban_record:contains('We measure your satisfaction'):contains('criteria at my level')",
            run: "click",
        },
        {
            content: "The criteria of commitment 5 are listed",
            trigger: ".o_list_view .o_data_row:contains('5.2') td[name=name]",
            run: "click",
        },
        {
            content: "The criterion form of 5.2 opens with its full text",
            trigger: ".o_breadcrumb .active:contains('5.2')",
        },
        {
            content: "The full text is shown",
            trigger: ".o_form_view .o_field_widget[name=description] textarea",
        },
        {
            content: "Open the evidence of the criterion",
            trigger: ".o_form_view button.oe_stat_button:contains('Evidence')",
            run: "click",
        },
        {
            content: "The evidence view of the criterion opens",
            trigger: ".o_breadcrumb:contains('Evidence')",
        },
    ],
});
