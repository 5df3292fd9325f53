import { registry } from "@web/core/registry";

/**
 * The provider's results of four mystery calls, in the columns of the import
 * template: two taken within 30 s, two after (3.1: 2 of 4).
 */
const SAMPLES_CSV = [
    "Reference,Date,Channel,Team or site,Waiting time (s),Interactive voice response," +
        "Time to reach a person (s),Message left on,Called back on," +
        "Introduced themselves,Listened,Took charge of the request",
    "Call 1,2031-03-03 10:00:00,Phone,Customer service,10,no,,,,yes,yes,yes",
    "Call 2,2031-03-04 10:00:00,Phone,Customer service,20,no,,,,yes,yes,yes",
    "Call 3,2031-03-05 10:00:00,Phone,Customer service,50,no,,,,yes,yes,yes",
    "Call 4,2031-03-06 10:00:00,Phone,Customer service,60,no,,,,yes,yes,yes",
].join("\n");

/**
 * A quality manager imports the campaign of mystery calls through Odoo's
 * import screen (the provider's CSV uploaded), and reads its results.
 */
registry.category("web_tour.tours").add("amarc_control_tour", {
    steps: () => [
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
            content: "Upload the provider's CSV",
            trigger: ".o_control_panel button.o_import_file",
            run() {
                const input = document.querySelector(
                    ".o_control_panel .o_file_input input[type=file]"
                );
                const transfer = new DataTransfer();
                transfer.items.add(
                    new File([SAMPLES_CSV], "mystery_calls.csv", { type: "text/csv" })
                );
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The preview of the file, its columns matched",
            trigger: ".o_import_data_content:contains('Waiting time (s)')",
        },
        {
            content: "Import the samples",
            trigger: ".o_control_panel button:contains('Import')",
            run: "click",
        },
        {
            content: "The four imported samples",
            trigger: ".o_list_view:has(.o_data_row:contains('Call 4'))",
        },
        {
            content: "Back to the campaign",
            trigger: ".o_breadcrumb a:contains('Mystery call')",
            run: "click",
        },
        {
            content: "The campaign shows its results per criterion",
            trigger: ".o_form_view .o_field_widget[name=result_summary] td:contains('3.1')",
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

/**
 * The quality manager builds the certification file; above the company's
 * threshold it is queued, and its progress shows on the certification.
 */
registry.category("web_tour.tours").add("amarc_control_file_tour", {
    steps: () => [
        {
            content: "Build the certification file",
            trigger: ".o_form_view button[name=action_generate_file]",
            run: "click",
        },
        {
            content: "Told it is built in the background",
            trigger: ".o_notification:contains('built in the background')",
        },
        {
            content: "Open the page of the certification file",
            trigger: ".o_notebook .nav-link:contains('Certification file')",
            run: "click",
        },
        {
            content: "The build, queued, with its progress",
            trigger:
                ".o_field_widget[name=file_job_ids] .o_data_row:contains('Queued'):has(.o_progressbar)",
        },
    ],
});
