"""How an export is written (pure): formula-safe cells, CSV as French Excel reads it (streamed in
chunks), and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice

from coopassess.common.xmltext import xml_safe
from coopassess.exports.rows import PORTFOLIO_COLUMNS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CSV_CHUNK_ROWS = 2000


def safe_cell(value: object) -> object:
    """Neutralise text that a spreadsheet would run as a formula (CSV/XLSX injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(rows: Iterable[Mapping[str, object]], columns: Sequence[str]) -> str:
    """CSV for a French Excel: `;` separator, decimal comma, UTF-8 with BOM, CRLF lines."""
    return "".join(csv_chunks(cells(rows, columns, csv_cell), columns))


def cells(
    rows: Iterable[Mapping[str, object]], columns: Sequence[str], cell: Callable[[object], object]
) -> Iterator[list[object]]:
    """Rows as lists of ``cell`` values in the order of ``columns`` (missing keys: None)."""
    return ([cell(row.get(column)) for column in columns] for row in rows)


def csv_cell(value: object) -> object:
    """A value as the CSV holds it: neutralised text, decimal comma, empty for None."""
    value = safe_cell(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return value


def csv_chunks(
    table: Iterable[Sequence[object]], columns: Sequence[str], chunk_rows: int = CSV_CHUNK_ROWS
) -> Iterator[str]:
    """The CSV text of rows of :func:`csv_cell` values, in pieces of ``chunk_rows`` rows (a
    streamed response starts at once and holds one piece at a time)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(columns)
    rows = iter(table)
    while chunk := list(islice(rows, chunk_rows)):
        writer.writerows(chunk)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def portfolio_csv_chunks(
    parts: Iterable[
        tuple[
            Mapping[str, object],
            Sequence[tuple[str, str]],
            Mapping[str, Mapping[str, float | None]],
            Callable[[float | None], str | None],
        ]
    ],
    chunk_rows: int = CSV_CHUNK_ROWS,
) -> Iterator[str]:
    """The CSV that :func:`csv_chunks` writes for :func:`portfolio_rows` of every part, built
    from pieces escaped once: each campaign's columns once, each (questionnaire, dimension) and
    each (score, level) once per request. A portfolio of 3,000 campaigns has 45,000 rows;
    escaping every cell of every row cost most of the time."""
    yield "\ufeff" + _csv_line(PORTFOLIO_COLUMNS) + "\r\n"
    # Parts share their dimension lists and level functions (one per version and modules);
    # the list's id is a stable key while ``parts`` holds it.
    layouts: dict[int, list[tuple[str, str, str]]] = {}
    score_cells: dict[Callable[[float | None], str | None], dict[float | None, str]] = {}
    lines: list[str] = []
    for campaign, dimensions, scores, level_of in parts:
        prefix = _csv_line([csv_cell(campaign.get(c)) for c in PORTFOLIO_COLUMNS[:7]]) + ";"
        end = f";{csv_cell(campaign.get('n'))}\r\n"
        layout = layouts.get(id(dimensions))
        if layout is None:
            layout = layouts[id(dimensions)] = [
                (qid, code, _csv_line([qid, code]) + ";") for qid, code in dimensions
            ]
        cells_of = score_cells.setdefault(level_of, {})
        for qid, code, middle in layout:
            score = scores[qid].get(code) if qid in scores else None
            value = cells_of.get(score)
            if value is None:
                value = cells_of[score] = _csv_line([csv_cell(score), csv_cell(level_of(score))])
            lines.append(prefix + middle + value + end)
        if len(lines) >= chunk_rows:
            yield "".join(lines)
            lines.clear()
    if lines:
        yield "".join(lines)


def _csv_line(values: Sequence[object]) -> str:
    """One CSV line without its terminator, quoted as :func:`csv_chunks` quotes."""
    buffer = io.StringIO()
    # The same terminator as csv_chunks: the writer quotes fields holding its characters.
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow(values)
    return buffer.getvalue()[:-2]


def to_xlsx(rows: Iterable[Mapping[str, object]], columns: Sequence[str], sheet: str) -> bytes:
    """An XLSX workbook of one sheet; text cells that a spreadsheet would run are neutralised."""
    return xlsx_table(cells(rows, columns, xlsx_cell), columns, sheet)


def xlsx_cell(value: object) -> object:
    """A value as the XLSX holds it. Control characters XLSX cannot hold are dropped before
    the formula check, so that the check sees the text the cell will hold; a carriage return
    becomes a line feed after it (XML reads a bare CR as LF, so say so rather than let the
    file depend on the XML writer openpyxl finds installed)."""
    if not isinstance(value, str):
        return value
    checked = safe_cell(xml_safe(value))
    return checked.replace("\r\n", "\n").replace("\r", "\n")


def xlsx_table(table: Iterable[Sequence[object]], columns: Sequence[str], sheet: str) -> bytes:
    """An XLSX workbook of rows of :func:`xlsx_cell` values, bold header, first row and
    column frozen; written in openpyxl's write-only mode (time and memory linear in rows)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])
    worksheet.freeze_panes = "B2"
    header = [WriteOnlyCell(worksheet, value=column) for column in columns]
    for header_cell in header:
        header_cell.font = Font(bold=True)
    worksheet.append(header)
    for row in table:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
