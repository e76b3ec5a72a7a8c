"""The evolution beside the actions done: which step each done action falls in, copies
counted once, démarche-level and unscored actions listed apart."""

from __future__ import annotations

from datetime import UTC, datetime

from coopassess.scoring.compare import DimensionDelta
from coopassess.scoring.followup import DoneAction, Window, counted_once, followup_steps

LABELS = {"COOP.VIT": "Énergie", "COOP.OUV": "Ouverture"}


def _at(month: int, year: int = 2025) -> datetime:
    return datetime(year, month, 1, 12, tzinfo=UTC)


def _row(dimension: str, *scores: float | None) -> DimensionDelta:
    n = tuple(5 for _ in scores)
    return DimensionDelta(
        "COOP", dimension, scores, n, (None,) * len(scores), (False,) * len(scores)
    )


def _done(
    chain: int,
    title: str,
    when: datetime,
    dimension: str | None = "COOP.VIT",
    qid: str | None = "COOP",
) -> DoneAction:
    return DoneAction(
        chain, 1, title, "Service achats", qid, dimension, f"à propos de {title}", when
    )


ROWS = [
    DimensionDelta(
        "COOP", "COOP-IMC", (50.0, 55.0, 60.0), (5, 5, 5), (None, 5.0, 10.0), (False,) * 3
    ),
    _row("COOP.VIT", 40.0, 52.5, 50.0),
    _row("COOP.OUV", 60.0, 61.0, None),
]
WINDOWS = [
    Window("T0", "T1", _at(1), _at(6)),  # T0 opened in January, T1 answered in June
    Window("T1", "T2", _at(6), _at(6, 2026)),
]


def test_each_step_shows_the_score_change_beside_the_actions_done_during_it() -> None:
    actions = [
        _done(1, "Ateliers", _at(3)),
        _done(2, "Charte", _at(9)),
        _done(3, "Avant l'ouverture", _at(1).replace(day=1, hour=0)),
        _done(4, "Après les résultats", _at(7, 2026)),
        _done(5, "Comité de pilotage", _at(4), None, None),
        _done(6, "Valeurs", _at(4), "VAL.ENV", "VAL"),
    ]
    first, second = followup_steps(ROWS, LABELS, WINDOWS, actions)
    assert [row.dimension for row in first.rows] == ["COOP.VIT", "COOP.OUV"]  # no index row
    vit, ouv = first.rows
    assert (vit.delta, vit.notable) == (12.5, True)
    assert [a.title for a in vit.actions] == ["Ateliers"]
    assert (ouv.delta, ouv.notable, ouv.actions) == (1.0, False, ())
    assert [a.title for a in first.demarche] == ["Comité de pilotage"]
    assert [a.title for a in first.elsewhere] == ["Valeurs"]
    assert first.done == 3
    vit, ouv = second.rows
    assert vit.delta == -2.5 and [a.title for a in vit.actions] == ["Charte"]
    assert ouv.delta is None  # not computable in T2
    assert second.done == 1
    assert first.groups == [("COOP", list(first.rows))]


def test_a_boundary_belongs_to_the_step_it_ends() -> None:
    on_the_end = _done(1, "Le jour même", _at(6))
    first, second = followup_steps(ROWS, LABELS, WINDOWS, [on_the_end])
    assert first.done == 1 and second.done == 0


def test_copies_of_one_carried_action_count_once_at_their_latest_done_date() -> None:
    original = _done(7, "Charte", _at(3))
    copy = _done(7, "Charte", _at(8))
    assert counted_once([original, copy]) == [copy]
    first, second = followup_steps(ROWS, LABELS, WINDOWS, [original, copy])
    assert first.done == 0 and [a.title for a in second.rows[0].actions] == ["Charte"]


def test_no_window_no_step() -> None:
    assert followup_steps(ROWS, LABELS, [], [_done(1, "x", _at(3))]) == []
