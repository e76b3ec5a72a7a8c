"""What the batch commands share: read a responses file, validate it whole, score it once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from coopassess.cli.common import fail
from coopassess.instrument.registry import default_registry
from coopassess.instrument.schema import Instrument
from coopassess.scoring import ScoringInputError, parse_responses, score_campaign
from coopassess.scoring.results import Results


def instrument_for(version: str | None) -> Instrument:
    registry = default_registry()
    if version is None:
        return registry.current()
    try:
        return registry.get(version)
    except KeyError:
        known = ", ".join(registry.versions())
        fail(f"Version d'instrument inconnue : {version} (versions publiées : {known})")


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        fail(f"{path} : lecture impossible ({error})")
    except json.JSONDecodeError as error:
        fail(f"{path}:{error.lineno}:{error.colno} : JSON invalide ({error.msg})")


def score_file(path: Path, instrument: Instrument, *, nothing_done: str) -> Results:
    """Results of the answers in ``path``; refused whole (exit 2) at the first bad value."""
    try:
        target, respondents = parse_responses(instrument, _read(path))
    except ScoringInputError as error:
        problems = "\n".join(f"  - {problem}" for problem in error.problems)
        count = len(error.problems)
        fail(f"{path} : entrée refusée, {nothing_done} ({count} problème(s)) :\n{problems}")
    return score_campaign(instrument, respondents, target)
