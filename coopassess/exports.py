"""Tabular exports (pure): answers and results as rows, formula-safe cells, CSV as French
Excel reads it, and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

from coopassess.instrument.schema import Instrument
from coopassess.scoring.answers import RespondentAnswers
from coopassess.scoring.results import Results

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
RESULT_COLUMNS = (
    "questionnaire",
    "dimension",
    "score",
    "level",
    "n",
    "min",
    "max",
    "sd",
    "ad",
    "agreement",
    "nsp_rate",
    "flags",
    "observed",
    "expected",
    "gap",
    "quadrant",
)


def safe_cell(value: object) -> object:
    """Neutralise text that a spreadsheet would run as a formula (CSV/XLSX injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def result_rows(results: Results) -> list[dict[str, object]]:
    """One row per questionnaire × dimension (VAL: per value family)."""
    rows: list[dict[str, object]] = []
    for qid, scored in results.questionnaires.items():
        if scored.index is not None:
            index = scored.index
            rows.append(
                {
                    "questionnaire": qid,
                    "dimension": index.code,
                    "score": index.score,
                    "level": index.level,
                }
            )
        for dimension in scored.dimensions.values():
            rows.append(
                {
                    "questionnaire": qid,
                    "dimension": dimension.id,
                    "score": dimension.score,
                    "level": dimension.level,
                    "n": dimension.n,
                    "min": dimension.min,
                    "max": dimension.max,
                    "sd": dimension.sd,
                    "ad": dimension.ad,
                    "agreement": dimension.agreement,
                    "nsp_rate": dimension.nsp_rate,
                    "flags": " ".join(dimension.flags),
                }
            )
        for family in scored.families.values():
            rows.append(
                {
                    "questionnaire": qid,
                    "dimension": family.id,
                    "observed": family.observed,
                    "expected": family.expected,
                    "gap": family.gap,
                    "quadrant": family.quadrant,
                }
            )
    return rows


def to_csv(rows: Iterable[Mapping[str, object]], columns: Sequence[str]) -> str:
    """CSV for a French Excel: `;` separator, decimal comma, UTF-8 with BOM, CRLF lines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_format(safe_cell(row.get(column))) for column in columns])
    return "\ufeff" + buffer.getvalue()


def _format(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return value


def answer_columns(instrument: Instrument, modules: Sequence[str]) -> list[str]:
    """respondent, the profile questions, then every answer key of ``modules`` in table order."""
    columns = ["respondent", *(question.id for question in instrument.profile)]
    for qid in modules:
        columns += [
            key for item in instrument.questionnaires[qid].items for key in item.answer_keys
        ]
    return columns


def answer_rows(respondents: Sequence[RespondentAnswers]) -> list[dict[str, object]]:
    """One row per respondent, values as in results-json.md (1–5, "NSP", "NC", or empty)."""
    return [
        {"respondent": respondent.id, **respondent.profile, **respondent.answers}
        for respondent in respondents
    ]


def campaign_result_rows(
    campaigns: Iterable[tuple[Mapping[str, object], Results]],
) -> list[dict[str, object]]:
    """Rows of several campaigns, each prefixed with its own columns (id, organisation…)."""
    return [{**campaign, **row} for campaign, results in campaigns for row in result_rows(results)]


def to_xlsx(rows: Iterable[Mapping[str, object]], columns: Sequence[str], sheet: str) -> bytes:
    """An XLSX workbook of one sheet; text cells that a spreadsheet would run are neutralised."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    worksheet = workbook.active
    worksheet.title = sheet[:31]
    worksheet.append(list(columns))
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        worksheet.append([safe_cell(row.get(column)) for column in columns])
    worksheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
