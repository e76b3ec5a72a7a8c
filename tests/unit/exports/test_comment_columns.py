"""Comments in the answers export (pure): one column per questionnaire after its answers,
French headers, and every hostile text written as text in CSV and XLSX."""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import load_workbook

from coopassess.exports import answer_columns, answer_rows, describe, export_readme
from coopassess.exports.rows import comment_key
from coopassess.exports.writers import to_csv, to_xlsx
from coopassess.instrument.registry import default_registry
from coopassess.scoring import RespondentAnswers
from tests.fixtures.comments import STORED

FORMULAS = ("hyperlink", "plus", "at", "minus")


def _table() -> tuple[list[dict[str, object]], list]:
    instrument = default_registry().current()
    people = [
        RespondentAnswers(f"R{index}", {}, {"COOP-VIT-01": 4})
        for index in range(1, len(STORED) + 2)
    ]
    comments = {f"R{index}": {"COOP": text} for index, text in enumerate(STORED.values(), start=1)}
    keys = answer_columns(instrument, ["COOP", "VAL"], with_comments=True)
    return answer_rows(people, comments=comments), describe(keys, instrument)


def test_each_questionnaire_is_followed_by_its_comment_column() -> None:
    instrument = default_registry().current()
    keys = answer_columns(instrument, ["COOP", "VAL"], with_comments=True)
    coop_last = instrument.questionnaires["COOP"].items[-1].answer_keys[-1]
    assert keys[keys.index(coop_last) + 1] == comment_key("COOP") == "comment_COOP"
    assert keys[-1] == "comment_VAL"
    assert "comment_COOP" not in answer_columns(instrument, ["COOP"])
    column = describe(["comment_COOP"], instrument)[0]
    assert column.header == "Commentaire — Coopération — risques et fondamentaux (COOP)"
    assert "jamais notée" in column.meaning and "2\u202f000" in column.meaning


def test_a_respondent_without_comment_has_empty_cells() -> None:
    rows, _ = _table()
    assert "comment_COOP" not in rows[-1] and rows[0]["comment_COOP"] == STORED["script"]


def test_csv_cells_hold_the_comments_as_inert_text() -> None:
    rows, columns = _table()
    text = to_csv(rows, columns)
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    position = table[0].index(columns[[c.key for c in columns].index("comment_COOP")].header)
    cells = [line[position] for line in table[1:]]
    for name in FORMULAS:
        assert "'" + STORED[name] in cells, name
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    for name in ("script", "attribute", "emoji", "long_word", "rtl", "controls"):
        assert STORED[name] in cells, name
    assert not any(chr(code) in text for code in range(0x00, 0x09))


def test_xlsx_cells_are_strings_never_formulas() -> None:
    rows, columns = _table()
    readme = export_readme("Réponses", "Essai", "1.0.0", date(2026, 1, 1))
    book = load_workbook(io.BytesIO(to_xlsx(rows, columns, "Réponses", readme)))
    sheet = book["Réponses"]
    header = [cell.value for cell in sheet[1]]
    position = [c.key for c in columns].index("comment_COOP")
    assert header[position].startswith("Commentaire")
    cells = [row[position] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type in ("s", "n") for cell in cells)  # "n": the empty cell
    values = [cell.value for cell in cells if cell.value is not None]
    for name in FORMULAS:
        assert "'" + STORED[name] in values, name
    for name in ("script", "attribute", "emoji", "long_word", "rtl", "controls"):
        assert STORED[name] in values, name
