"""The input of scoring: respondents' answers, and the validation of the JSON form of it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from coopassess.instrument.schema import Instrument

TARGETS = ("territoire", "entreprise")
SPECIAL = ("NSP", "NC")


@dataclass(frozen=True, slots=True)
class RespondentAnswers:
    """Answers of one respondent: item key → 1..5 | 'NSP' | 'NC' (raw, as answered)."""

    id: str
    profile: Mapping[str, str] = field(default_factory=dict)
    answers: Mapping[str, int | str] = field(default_factory=dict)


class ScoringInputError(ValueError):
    """The input is refused whole; ``problems`` names each respondent, key and reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def parse_responses(instrument: Instrument, data: Any) -> tuple[str, list[RespondentAnswers]]:
    """Validate the answers of a campaign (results-json.md, input) and return them typed."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise ScoringInputError(["input: expected a JSON object with 'target' and 'respondents'"])
    for key in data:
        if key not in ("target", "respondents"):
            problems.append(f"input: unknown key {key!r}")
    target = data.get("target")
    if target not in TARGETS:
        problems.append(f"target: must be 'territoire' or 'entreprise', not {target!r}")
    raw = data.get("respondents")
    if not isinstance(raw, list):
        problems.append("respondents: expected a list")
        raw = []
    options = {q.id: {o.value for o in q.options} for q in instrument.profile}
    keys = instrument.answer_keys
    respondents, seen = [], set()
    for index, entry in enumerate(raw):
        where = f"respondents[{index}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected an object")
            continue
        rid = entry.get("id")
        if not isinstance(rid, str) or not rid:
            problems.append(f"{where}: 'id' must be a non-empty string")
            rid = where
        elif rid in seen:
            problems.append(f"respondent {rid}: duplicate id")
        seen.add(rid)
        for key in entry:
            if key not in ("id", "profile", "answers"):
                problems.append(f"respondent {rid}: unknown key {key!r}")
        profile = _profile(entry.get("profile", {}), rid, options, problems)
        answers = _answers(entry.get("answers", {}), rid, keys, problems)
        respondents.append(RespondentAnswers(rid, profile, answers))
    if problems:
        raise ScoringInputError(problems)
    return target, respondents


def _profile(
    raw: Any, rid: str, options: dict[str, set[str]], problems: list[str]
) -> dict[str, str]:
    if not isinstance(raw, dict):
        problems.append(f"respondent {rid}: 'profile' must be an object")
        return {}
    for key, value in raw.items():
        if key not in options:
            problems.append(f"respondent {rid}: profile {key!r}: unknown profile question")
        elif value not in options[key]:
            problems.append(f"respondent {rid}: profile {key}: unknown option {value!r}")
    return dict(raw)


def _answers(raw: Any, rid: str, keys: frozenset[str], problems: list[str]) -> dict[str, int | str]:
    if not isinstance(raw, dict):
        problems.append(f"respondent {rid}: 'answers' must be an object")
        return {}
    for key, value in raw.items():
        if key not in keys:
            problems.append(f"respondent {rid}: answer {key!r}: unknown item")
        elif isinstance(value, bool) or not (
            (isinstance(value, int) and 1 <= value <= 5) or value in SPECIAL
        ):
            problems.append(
                f'respondent {rid}: answer {key}: {value!r} is not 1 to 5, "NSP" or "NC"'
            )
    return dict(raw)
