"""The action plan's export rows and columns (pure)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from coopassess.exports import ACTION_COLUMNS, action_rows
from coopassess.exports.columns import CATALOGUE, plan_columns
from tests.unit.reports.test_plan_section import plan_line


def test_plan_columns_are_french_and_every_header_names_one_column() -> None:
    columns = plan_columns(ACTION_COLUMNS)
    assert [column.header for column in columns] == [
        "Dimension",
        "Action",
        "Description",
        "Porteur",
        "Échéance",
        "Statut",
        "En retard",
        "Notes",
        "Créée le",
        "Mise à jour le",
        "Faite le",
    ]
    assert "démarche dans son ensemble" in columns[0].meaning
    assert all(column.meaning for column in columns)
    repeated = [h for h, n in Counter(c.header for c in CATALOGUE.values()).items() if n > 1]
    assert repeated == []


def test_rows_follow_the_plan() -> None:
    lines = [plan_line(1, overdue=True), plan_line(2, owner="", done_on=date(2027, 1, 2))]
    rows = action_rows(lines)
    assert [set(row) for row in rows] == [set(ACTION_COLUMNS)] * 2
    assert rows[0]["action_overdue"] == "oui" and rows[1]["action_overdue"] == "non"
    assert rows[0]["action_due_on"] == date(2027, 6, 30)
    assert rows[1]["action_done_on"] == date(2027, 1, 2)
    assert rows[0]["action_status"] == "à lancer"
