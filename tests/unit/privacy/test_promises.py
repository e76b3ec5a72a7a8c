"""No page, message or PDF still makes the old promises that were not true: consultants do
read pseudonymised individual answers with the profile. Every template and Python source is
read (no-break spaces as spaces)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
FALSE_PROMISES = (
    "aucune réponse individuelle n'est montrée à votre organisation",
    "vos réponses sont traitées de façon agrégée",
    "vos réponses individuelles ne lui sont jamais communiquées",
    "vos réponses individuelles ne sont jamais communiquées",
    "jamais individuellement",
    "garantie d'anonymat",
)


def _sources() -> list[Path]:
    files = [*(ROOT / "templates").rglob("*.html"), *(ROOT / "coopassess").rglob("*.py")]
    return [path for path in files if path.name != Path(__file__).name]


def test_the_sources_are_found() -> None:
    names = {path.name for path in _sources()}
    assert {"base.html", "welcome.html", "method.py", "messages.py"} <= names


@pytest.mark.parametrize("promise", FALSE_PROMISES)
def test_no_false_promise_is_left(promise: str) -> None:
    found = [
        str(path.relative_to(ROOT))
        for path in _sources()
        if promise in " ".join(path.read_text(encoding="utf-8").replace("\u00a0", " ").split())
    ]
    assert found == []
