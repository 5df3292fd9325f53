import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";

/**
 * A helpdesk agent answers a complaint received by letter with the
 * final-answer composer (AMARC 4.10, 4.14): the composer offers the letter,
 * the solution recorded on the ticket is proposed, the agent writes the
 * explanations, edits the closing formula of the text, then sends the answer by letter. The letter is kept on
 * the ticket (its PDF in the chatter) and opened in a new tab to be printed:
 * the tour records the address the browser is asked to open instead of
 * opening a tab (headless Chromium would download the PDF).
 */
registry.category("web_tour.tours").add("amarc_helpdesk_final_answer_letter_tour", {
    steps: () => [
        {
            content: "Open the final-answer composer",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_amarc_compose_final_answer]",
            run: "click",
        },
        {
            content: "The answer goes by letter",
            trigger: ".modal .o_field_widget[name=channel] input[data-value=letter]:checked",
        },
        {
            content: "The kind of solution recorded on the ticket, a repair, is in the answer",
            trigger: ".modal .o_field_widget[name=body] .odoo-editor-editable p:contains('Our answer: Repair')",
        },
        {
            content: "Explanations and apologies",
            trigger: ".modal .o_field_widget[name=explanation] textarea",
            run: "edit Le transporteur a perdu le colis, nous vous prions de nous en excuser.",
        },
        {
            content: "The solution in the customer's words",
            trigger: ".modal .o_field_widget[name=solution] textarea",
            run: "edit Nous vous renvoyons le colis à nos frais.",
        },
        {
            content: "Leave the solution: the text of the answer is written again",
            trigger: ".modal .o_field_widget[name=explanation] textarea",
            run: "click",
        },
        {
            content: "The text of the answer holds the solution",
            trigger:
                ".modal .o_field_widget[name=body] .odoo-editor-editable p:contains('Nous vous renvoyons le colis')",
        },
        {
            content: "The agent edits the closing formula of the text",
            trigger:
                ".modal .o_field_widget[name=body] .odoo-editor-editable p:contains('Yours sincerely')",
            run: "editor With our warmest regards,",
        },
        {
            content: "Record what the browser is asked to open, instead of a new tab",
            trigger: ".modal .o_field_widget[name=body] .odoo-editor-editable p:contains('warmest regards')",
            run() {
                browser.open = (url) => {
                    document.body.dataset.amarcOpened = url;
                    return { closed: false };
                };
            },
        },
        {
            content: "Send by letter and print",
            trigger: ".modal-footer button[name=action_send]:contains('Send by letter')",
            run: "click",
        },
        {
            content: "The letter is rendered (wkhtmltopdf), kept and opened for printing",
            trigger: "body[data-amarc-opened^='/web/content/']",
            timeout: 60000,
        },
        {
            content: "The composer is closed",
            trigger: "body:not(:has(.modal .o_field_widget[name=body]))",
        },
        {
            content: "The letter is kept on the ticket, in its chatter",
            trigger: ".o-mail-Chatter .o-mail-Message .o-mail-AttachmentCard:contains('Final answer')",
        },
    ],
});
