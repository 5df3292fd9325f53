import { registry } from "@web/core/registry";

/**
 * A quality manager opens the campaign of mystery calls and its import screen,
 * and applies the result the campaigns propose on the audit line of 3.1.
 */
registry.category("web_tour.tours").add("amarc_control_tour", {
    steps: () => [
        {
            content: "The campaign shows its results per criterion",
            trigger: ".o_form_view .o_field_widget[name=result_summary] td:contains('3.1')",
        },
        {
            content: "Open the import of samples",
            trigger: ".o_form_view button[name=action_import_samples]",
            run: "click",
        },
        {
            content: "Odoo's import screen, with the templates to download",
            trigger: ".o_import_action:has(a:contains('Import template for control samples'))",
        },
        {
            content: "Back to the campaign",
            trigger: ".o_breadcrumb a:contains('Mystery call')",
            run: "click",
        },
        {
            content: "The campaign form again",
            trigger: ".o_form_view button[name=action_import_samples]",
        },
    ],
});

registry.category("web_tour.tours").add("amarc_control_audit_tour", {
    steps: () => [
        {
            content: "Apply the proposed result on the line of 3.1",
            trigger: ".o_data_row:contains('3.1') button[name=action_apply_control_proposal]",
            run: "click",
        },
        {
            content: "3.1 is now a minor gap",
            trigger: ".o_data_row:contains('3.1') td[name=result]:contains('Minor gap')",
        },
    ],
});
