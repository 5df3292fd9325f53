import { registry } from "@web/core/registry";

/**
 * A quality manager starts an audit of commitment 6 (three level-A criteria),
 * records a gap on 6.1, creates its corrective action and finishes the audit.
 */
registry.category("web_tour.tours").add("amarc_internal_audit_tour", {
    steps: () => [
        {
            content: "Start the audit",
            trigger: ".o_form_view button[name=action_start]",
            run: "click",
        },
        {
            content: "Select the line of criterion 6.1",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains('6.1') td[name=criterion_code]",
            run: "click",
        },
        {
            content: "Grade it a minor gap",
            trigger: ".o_data_row.o_selected_row:contains('6.1') .o_field_widget[name=result] .o_selection_badge:contains('Minor gap')",
            run: "click",
        },
        {
            content: "Write the finding",
            trigger: ".o_data_row.o_selected_row:contains('6.1') .o_field_widget[name=finding] textarea",
            run: "edit No yearly analysis of suggestions",
        },
        {
            content: "Select the line of criterion 6.2",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains('6.2') td[name=criterion_code]",
            run: "click",
        },
        {
            content: "6.2 is conform",
            trigger: ".o_data_row.o_selected_row:contains('6.2') .o_field_widget[name=result] .o_selection_badge:contains('Conform')",
            run: "click",
        },
        {
            content: "Select the line of criterion 6.3",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains('6.3') td[name=criterion_code]",
            run: "click",
        },
        {
            content: "6.3 is conform",
            trigger: ".o_data_row.o_selected_row:contains('6.3') .o_field_widget[name=result] .o_selection_badge:contains('Conform')",
            run: "click",
        },
        {
            content: "Save the audit",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Create the corrective action of the gap",
            trigger: ".o_data_row:contains('6.1') button[name=action_create_action]",
            run: "click",
        },
        {
            content: "The action is open on its form",
            trigger: ".o_breadcrumb .active:contains('6.1: No yearly analysis')",
        },
        {
            content: "Back to the audit",
            trigger: ".o_breadcrumb a:contains('Internal audit 2031')",
            run: "click",
        },
        {
            content: "Finish the audit",
            trigger: ".o_form_view button[name=action_done]",
            run: "click",
        },
        {
            content: "The audit is done",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Done')",
        },
    ],
});
