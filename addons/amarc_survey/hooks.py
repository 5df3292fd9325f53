"""Installation on a helpdesk that already holds tickets.

The last satisfaction request of a ticket is a stored computed field: Odoo
would compute it, through the ORM, on every existing ticket when it creates
its column (on a million tickets: minutes and a memory that keeps growing),
although no ticket can have a request before the addon is installed.
``pre_init_hook`` creates the column, empty, before the models are loaded:
Odoo leaves a column that already exists alone, and empty is the value the
compute gives to a ticket without request."""

from odoo.tools.sql import column_exists, create_column

#: {column: (type, label)}, the field's column type (checked by the tests)
PRECREATED_COLUMNS = {
    "amarc_survey_last_request_id": ("int4", "Last satisfaction survey"),
}


def pre_init_hook(env):
    for name, (column_type, label) in PRECREATED_COLUMNS.items():
        if not column_exists(env.cr, "helpdesk_ticket", name):
            create_column(env.cr, "helpdesk_ticket", name, column_type, label)
