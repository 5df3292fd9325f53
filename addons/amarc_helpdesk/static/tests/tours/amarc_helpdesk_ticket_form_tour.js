import { registry } from "@web/core/registry";

/**
 * A helpdesk agent records a complaint through the ticket form: once saved,
 * the AMARC tab shows its acknowledgement deadline and the announced response
 * date.
 */
registry.category("web_tour.tours").add("amarc_helpdesk_ticket_form_tour", {
    steps: () => [
        {
            content: "Title of the complaint",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit Colis arrivé abîmé",
        },
        {
            content: "Its description",
            trigger: ".o_form_view .o_field_widget[name=description] .odoo-editor-editable",
            run: "editor Le colis est arrivé abîmé.",
        },
        {
            content: "The customer",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input",
            run: "edit Camille Tour",
        },
        {
            content: "Choose the customer",
            trigger: ".o-autocomplete--dropdown-item:contains('Camille Tour')",
            run: "click",
        },
        {
            content: "It came by e-mail",
            trigger: ".o_form_view .o_field_widget[name=channel_id] input",
            run: "edit Email",
        },
        {
            content: "Choose the e-mail channel",
            trigger: ".o-autocomplete--dropdown-item:contains('Email')",
            run: "click",
        },
        {
            content: "Save the ticket",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Open the AMARC tab",
            trigger: ".o_notebook a[name=amarc]",
            run: "click",
        },
        {
            content: "The acknowledgement deadline is shown",
            trigger: ".o_field_widget[name=amarc_ack_deadline] span:not(:empty)",
        },
        {
            content: "The announced response date is shown",
            trigger: ".o_field_widget[name=amarc_response_deadline] span:not(:empty)",
        },
    ],
});
