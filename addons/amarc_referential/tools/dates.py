from datetime import date


def year_bounds(year):
    """The first day of ``year`` and the first day of the next year.

    A date or datetime ``value`` belongs to ``year`` when
    ``start <= value < end``: the domain of a year is
    ``[(field, ">=", start), (field, "<", end)]`` for a Date as for a
    Datetime field. The last day of the year, for the periods that include
    their end, is ``end - timedelta(days=1)``."""
    start = date(year, 1, 1)
    return start, date(year + 1, 1, 1)
