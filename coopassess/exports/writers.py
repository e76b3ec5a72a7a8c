"""How an export is written (pure): formula-safe cells, CSV as French Excel reads it (streamed in
chunks), and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice

from coopassess.common.xmltext import xml_safe
from coopassess.exports.columns import Column, describe
from coopassess.exports.rows import PORTFOLIO_CAMPAIGN_COLUMNS, PORTFOLIO_COLUMNS, LevelOf
from coopassess.exports.xlsx import HEADER, KIND_STYLES, PLAIN, WRAPPED, Sheet, Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CSV_CHUNK_ROWS = 2000

# One campaign of a portfolio export: its columns, its (questionnaire, code, label) rows, its
# stored scores and the level function of its instrument version.
PortfolioPart = tuple[
    Mapping[str, object],
    Sequence[tuple[str, str, str]],
    Mapping[str, Mapping[str, float | None]],
    LevelOf,
]


def safe_cell(value: object) -> object:
    """Neutralise text that a spreadsheet would run as a formula (CSV/XLSX injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(
    rows: Iterable[Mapping[str, object]],
    columns: Sequence[str] | Sequence[Column],
) -> str:
    """CSV for a French Excel: `;` separator, decimal comma, UTF-8 with BOM, CRLF lines. Given
    :class:`Column` descriptions, the header is French; given bare keys (the results contract
    of ``coopassess score``), it is the keys."""
    keys = [column.key if isinstance(column, Column) else column for column in columns]
    headers = [column.header if isinstance(column, Column) else column for column in columns]
    return "".join(csv_chunks(cells(rows, keys, csv_cell), headers))


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
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return value


def csv_chunks(
    table: Iterable[Sequence[object]], headers: Sequence[str], chunk_rows: int = CSV_CHUNK_ROWS
) -> Iterator[str]:
    """The CSV text of rows of :func:`csv_cell` values, in pieces of ``chunk_rows`` rows (a
    streamed response starts at once and holds one piece at a time)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(headers)
    rows = iter(table)
    while chunk := list(islice(rows, chunk_rows)):
        writer.writerows(chunk)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def portfolio_csv_chunks(
    parts: Iterable[PortfolioPart],
    chunk_rows: int = CSV_CHUNK_ROWS,
) -> Iterator[str]:
    """The CSV that :func:`csv_chunks` writes for :func:`portfolio_rows` of every part, built
    from pieces escaped once: each campaign's columns once, each (questionnaire, dimension) and
    each (score, level) once per request. A portfolio of 3,000 campaigns has 45,000 rows;
    escaping every cell of every row cost most of the time."""
    yield "\ufeff" + _csv_line([c.header for c in describe(PORTFOLIO_COLUMNS)]) + "\r\n"
    # Parts share their dimension lists and level functions (one per version and modules);
    # the list's id is a stable key while ``parts`` holds it.
    layouts: dict[int, list[tuple[str, str, str]]] = {}
    score_cells: dict[LevelOf, dict[float | None, str]] = {}
    lines: list[str] = []
    for campaign, dimensions, scores, level_of in parts:
        prefix = _csv_line([csv_cell(campaign.get(c)) for c in PORTFOLIO_CAMPAIGN_COLUMNS]) + ";"
        end = f";{csv_cell(campaign.get('n'))}\r\n"
        layout = layouts.get(id(dimensions))
        if layout is None:
            layout = layouts[id(dimensions)] = [
                (qid, code, _csv_line([qid, code, csv_cell(label)]) + ";")
                for qid, code, label in dimensions
            ]
        cells_of = score_cells.setdefault(level_of, {})
        for qid, code, middle in layout:
            score = scores[qid].get(code) if qid in scores else None
            value = cells_of.get(score)
            if value is None:
                level, name = level_of(score)
                value = cells_of[score] = _csv_line([csv_cell(score), level or "", name or ""])
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


def to_xlsx(
    rows: Iterable[Mapping[str, object]],
    columns: Sequence[Column],
    sheet: str,
    readme: Readme,
) -> bytes:
    """An XLSX workbook: the « Lisez-moi » sheet, then the rows; formula-safe text."""
    keys = [column.key for column in columns]
    return xlsx_table(cells(rows, keys, xlsx_cell), columns, sheet, readme)


def xlsx_cell(value: object) -> object:
    """A value as the XLSX holds it. Control characters XLSX cannot hold are dropped before
    the formula check, so that the check sees the text the cell will hold; a carriage return
    becomes a line feed after it (XML reads a bare CR as LF)."""
    if not isinstance(value, str):
        return value
    checked = safe_cell(xml_safe(value))
    return checked.replace("\r\n", "\n").replace("\r", "\n")


READING = (
    "Les scores sont sur 100, arrondis au dixième ; le niveau est celui du score affiché. "
    "Une cellule vide : non calculable (trop de « Je ne sais pas » ou trop peu de réponses)."
)
PLAN_READING = (
    "Une ligne par action du plan, par échéance (les actions sans échéance en dernier). « En "
    "retard » : échéance passée, action encore à lancer ou en cours."
)


@dataclass(frozen=True, slots=True)
class Readme:
    """The first sheet of every workbook: what the file holds, for whom reads it later."""

    title: str
    facts: Sequence[tuple[str, str]] = field(default_factory=tuple)
    reading: str = READING  # how to read the values, last line of the sheet


def export_readme(
    what: str, campaign: str | None, version: str | None, day: date, reading: str = READING
) -> Readme:
    """The « Lisez-moi » facts: what the file holds, the campaign, the instrument version and
    the date of the export."""
    facts = [("Contenu", what)]
    if campaign:
        facts.append(("Campagne", campaign))
    if version:
        facts.append(("Version du questionnaire", version))
    facts.append(("Date de l'export", f"{day:%d/%m/%Y}"))
    facts.append(("Produit par", "CoopAssess — auto-diagnostic de maturité coopérative"))
    return Readme(what, tuple(facts), reading)


def xlsx_table(
    table: Iterable[Sequence[object]], columns: Sequence[Column], sheet: str, readme: Readme
) -> bytes:
    """An XLSX workbook: « Lisez-moi » (title, facts, then each column and what it means),
    then ``sheet`` with rows of :func:`xlsx_cell` values — French bold headers, first row and
    column frozen, widths set, numbers as numbers with one decimal for scores, dates as dates.
    Streamed by :mod:`coopassess.exports.xlsx` (text is always text, never a formula)."""
    workbook = Workbook()
    lines: list[tuple[object, object]] = [
        *((label, xlsx_cell(value)) for label, value in readme.facts),
        (None, None),
        ("Colonne", "Ce qu'elle contient"),
        *((column.header, column.meaning) for column in columns),
        (None, None),
        ("Lecture", readme.reading),
    ]
    workbook.add_sheet(
        Sheet("Lisez-moi", (30, 100), (HEADER, WRAPPED), frozen=False),
        lines,
        header=(str(xlsx_cell(readme.title)),),
    )
    styles = [KIND_STYLES.get(column.kind, PLAIN) for column in columns]
    data = Sheet(sheet, [column.width for column in columns], styles, frozen=True)
    workbook.add_sheet(data, table, header=[column.header for column in columns])
    return workbook.close()
