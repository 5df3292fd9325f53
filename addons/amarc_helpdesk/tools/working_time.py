"""The working-time engine now lives in amarc_referential (the internal audit's
control campaigns measure 3.2 with it too); its names stay importable from
here."""

from odoo.addons.amarc_referential.tools.working_time import (  # noqa: F401
    DAY,
    DEFAULT_WEEKDAYS,
    MAX_DAYS,
    MAX_DELAY_DAYS,
    WorkingCalendar,
    WorkingTimeError,
    holiday_dates,
    to_local,
    to_utc,
)
