from datetime import date, datetime, time

from odoo import models

#: the header cells of every AMARC workbook
HEADER = {"bold": True, "bg_color": "#DDEBF7", "border": 1}


class AmarcXlsxMixin(models.AbstractModel):
    """What every AMARC XLSX report shares (OCA ``report_xlsx``): its formats
    and one way to write a row of typed values, a header row being a row
    written in the header format.

    A report inherits it instead of ``report.report_xlsx.abstract`` and
    implements ``generate_xlsx_report(workbook, data, objects)``. The rows are
    written in order, so that a report may use xlsxwriter's constant-memory
    mode (``get_workbook_options``)."""

    _name = "report.amarc_referential.xlsx_mixin"
    _inherit = "report.report_xlsx.abstract"
    _description = "AMARC XLSX report helpers"

    def _amarc_xlsx_styles(self, workbook, cell=None, number="0.00", digits=None):
        """The formats of a workbook, as a dict: ``header``, ``text`` (the
        format of the other cells: ``cell``, e.g. ``{"text_wrap": True}``, or
        none), ``date``, ``datetime`` and ``number`` (``cell`` with the number
        format), and ``digits``: the decimals floats are rounded to (None:
        written as they are)."""
        cell = cell or {}
        add = workbook.add_format
        return {
            "header": add(HEADER),
            "text": add(cell) if cell else None,
            "date": add({**cell, "num_format": "yyyy-mm-dd"}),
            "datetime": add({**cell, "num_format": "yyyy-mm-dd hh:mm"}),
            "number": add({**cell, "num_format": number}),
            "digits": digits,
        }

    def _amarc_xlsx_row(self, sheet, row, values, styles, style=None, widths=()):
        """Write ``values`` from the first column of ``row``, each by its type:
        nothing (None, False, "") as an empty cell, dates and datetimes as
        dates, floats as numbers in the number format, integers as numbers,
        True as a boolean, anything else as text (never as a formula or a
        link). ``style`` replaces the text format (``styles["header"]`` for a
        header row); ``widths`` sets the width of the first columns."""
        text = style or styles["text"]
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width)
        for col, value in enumerate(values):
            if value is None or value is False or value == "":
                sheet.write_blank(row, col, None, text)
            elif value is True:
                sheet.write_boolean(row, col, value, text)
            elif isinstance(value, datetime):
                sheet.write_datetime(row, col, value, styles["datetime"])
            elif isinstance(value, date):
                value = datetime.combine(value, time.min)
                sheet.write_datetime(row, col, value, styles["date"])
            elif isinstance(value, float):
                if styles["digits"] is not None:
                    value = round(value, styles["digits"])
                sheet.write_number(row, col, value, styles["number"])
            elif isinstance(value, int):
                sheet.write_number(row, col, value, text)
            else:
                sheet.write_string(row, col, str(value), text)
