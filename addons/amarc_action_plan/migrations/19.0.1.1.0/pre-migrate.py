"""19.0.1.1.0: the reminder marks of an action are named after what they hold.

``reminder_before_date`` and ``reminder_overdue_date`` did not hold the date of
a reminder but the deadline the owner was reminded about (a moved deadline
re-arms the reminder). They become ``reminded_before_deadline`` and
``reminded_overdue_deadline``, like the helpdesk's
``amarc_response_reminded_deadline``. Renamed before the module is loaded, so
the columns keep their values (the ORM would otherwise create empty columns and
every action would be reminded again)."""

from openupgradelib import openupgrade

RENAMED = [
    (
        "amarc.action",
        "amarc_action",
        "reminder_before_date",
        "reminded_before_deadline",
    ),
    (
        "amarc.action",
        "amarc_action",
        "reminder_overdue_date",
        "reminded_overdue_deadline",
    ),
]


@openupgrade.migrate()
def migrate(env, version):
    for model, table, old, new in RENAMED:
        if openupgrade.column_exists(env.cr, table, old) and not (
            openupgrade.column_exists(env.cr, table, new)
        ):
            openupgrade.rename_fields(env, [(model, table, old, new)])
