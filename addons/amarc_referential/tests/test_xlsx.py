import io
from datetime import date, datetime

import openpyxl
import xlsxwriter

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestXlsxMixin(TransactionCase):
    """The cells every AMARC XLSX report writes (``_amarc_xlsx_row``)."""

    def _workbook(self, write, **options):
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, options)
        Mixin = self.env["report.amarc_referential.xlsx_mixin"]
        write(Mixin, workbook, workbook.add_worksheet("Sheet"))
        workbook.close()
        return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["Sheet"]

    def test_typed_row(self):
        values = [
            "Ticket",
            None,
            False,
            "",
            date(2026, 6, 15),
            datetime(2026, 6, 15, 9, 30),
            2.3456,
            7,
            True,
            "=1+1",
            "https://example.com",
        ]

        def write(Mixin, workbook, sheet):
            styles = Mixin._amarc_xlsx_styles(workbook, digits=2)
            Mixin._amarc_xlsx_row(
                sheet,
                0,
                ["Name", "Count"],
                styles,
                style=styles["header"],
                widths=[28, 18],
            )
            Mixin._amarc_xlsx_row(sheet, 1, values, styles)

        # in constant-memory mode too: every row is written in order
        for options in ({}, {"constant_memory": True}):
            with self.subTest(options=options):
                sheet = self._workbook(write, **options)
                rows = list(sheet.iter_rows(values_only=True))
                self.assertEqual(
                    rows,
                    [
                        ("Name", "Count", *[None] * 9),
                        (
                            "Ticket",
                            None,
                            None,
                            None,
                            datetime(2026, 6, 15),
                            datetime(2026, 6, 15, 9, 30),
                            2.35,
                            7,
                            True,
                            "=1+1",
                            "https://example.com",
                        ),
                    ],
                )
                header = sheet["A1"]
                self.assertTrue(header.font.b)
                self.assertEqual(header.fill.fgColor.rgb, "FFDDEBF7")
                self.assertEqual(sheet.column_dimensions["A"].width, 28.7109375)
                formats = [cell.number_format for cell in sheet[2][4:7]]
                self.assertEqual(formats, ["yyyy-mm-dd", "yyyy-mm-dd hh:mm", "0.00"])
                # text stays text: no formula, no link
                self.assertEqual(sheet["J2"].data_type, "s")
                self.assertIsNone(sheet["K2"].hyperlink)

    def test_cell_format_and_unrounded_numbers(self):
        def write(Mixin, workbook, sheet):
            styles = Mixin._amarc_xlsx_styles(
                workbook, cell={"text_wrap": True}, number="0.0"
            )
            Mixin._amarc_xlsx_row(sheet, 0, ["Line\nbreak", 100 / 3], styles)

        sheet = self._workbook(write)
        self.assertEqual(sheet["A1"].value, "Line\nbreak")
        self.assertTrue(sheet["A1"].alignment.wrap_text)
        # as it was computed (Excel keeps 15 significant digits)
        self.assertAlmostEqual(sheet["B1"].value, 100 / 3, places=12)
        self.assertEqual(sheet["B1"].number_format, "0.0")
        self.assertTrue(sheet["B1"].alignment.wrap_text)
