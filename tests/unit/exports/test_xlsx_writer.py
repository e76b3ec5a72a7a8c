"""The streaming XLSX writer: what openpyxl reads back is what was written — text as text
(markup and formulas included), numbers with their formats, dates as dates, frozen panes."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from coopassess.exports import Readme, describe, xlsx_cell, xlsx_table


def test_cells_read_back_as_written() -> None:
    columns = describe(["organisation", "date", "score", "n", "ad", "agreement"])
    rows = [
        (xlsx_cell('=HYPERLINK("x") & <b>"Rives"</b>'), date(2025, 3, 31), 62.5, 12, 0.833, None),
        (xlsx_cell("Ligne\r\ndeux \x07"), None, None, None, None, "Avis nuancés"),
    ]
    content = xlsx_table(rows, columns, 'Résultats "2025"', Readme("Titre & co", (("A", "B"),)))
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Lisez-moi", 'Résultats "2025"']
    sheet = workbook.worksheets[1]
    assert [cell.value for cell in sheet[1]] == [column.header for column in columns]
    first = sheet[2]
    assert first[0].value == '\'=HYPERLINK("x") & <b>"Rives"</b>' and first[0].data_type == "s"
    assert first[1].is_date and first[1].number_format == "dd/mm/yyyy"
    assert first[2].value == 62.5 and first[2].number_format == "0.0"
    assert first[3].value == 12 and first[4].number_format == "0.000"
    assert sheet["A3"].value == "Ligne\ndeux " and sheet["F3"].value == "Avis nuancés"
    assert sheet["B3"].value is None and sheet.max_row == 3
    assert sheet.freeze_panes == "B2"
    readme = workbook.worksheets[0]
    assert readme["A1"].value == "Titre & co" and readme["A2"].value == "A"
