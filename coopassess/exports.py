"""Tabular exports of Results (pure): rows, formula-safe cells, CSV as French Excel reads it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

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


def to_csv(rows: Iterable[dict[str, object]], columns: Sequence[str]) -> str:
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
