import { registry } from "@web/core/registry";

/**
 * The customer opens the personal link of the e-mail, gives a score of 2 of 5,
 * says why (the reason question appears for a low score only), comments and
 * submits.
 */
registry.category("web_tour.tours").add("amarc_survey_answer_tour", {
    steps: () => [
        {
            content: "Start the survey",
            trigger: 'button.btn:contains("Start")',
            run: "click",
        },
        {
            content: "Answer 2 of 5",
            trigger:
                'div.js_question-wrapper:contains("How satisfied are you") label:contains("2 - Dissatisfied")',
            run: "click",
        },
        {
            content: "The reason question appears for a low score",
            trigger:
                'div.js_question-wrapper:not(.d-none):contains("What disappointed you most") label:contains("The time it took to answer")',
            run: "click",
        },
        {
            content: "Leave a comment",
            trigger: 'div.js_question-wrapper:contains("Anything else") textarea',
            run: "edit Nobody called me back",
        },
        {
            content: "Submit the survey",
            trigger: 'button[value="finish"]',
            run: "click",
        },
        {
            content: "Confirm the submission",
            trigger: '.modal button.btn-primary:contains("Submit")',
            run: "click",
        },
        {
            content: "The survey is done",
            trigger: '.o_survey_finished:contains("Thank you for your answer")',
        },
    ],
});

/**
 * The agent opens the ticket: it shows the dissatisfied answer and the
 * re-satisfaction follow-up to do.
 */
registry.category("web_tour.tours").add("amarc_survey_ticket_tour", {
    steps: () => [
        {
            content: "The ticket is flagged dissatisfied",
            trigger: ".o_form_view .ribbon:contains('Dissatisfied')",
        },
        {
            content: "Open the AMARC tab",
            trigger: ".o_notebook .nav-link:contains('AMARC')",
            run: "click",
        },
        {
            content: "The re-satisfaction follow-up is to do",
            trigger:
                ".o_field_widget[name=amarc_resatisfaction_state]:contains('To follow up')",
        },
        {
            content: "Open the survey from the smart button",
            trigger: ".oe_stat_button[name=action_amarc_open_surveys]",
            run: "click",
        },
        {
            content: "The survey list shows the answered survey",
            trigger: ".o_list_view .o_data_row:contains('Answered')",
        },
    ],
});
