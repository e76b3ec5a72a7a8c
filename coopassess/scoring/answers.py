"""The input of scoring: respondents' answers, and the validation of their JSON form.

Input is refused whole: every problem is collected (respondent, key, reason) before raising, so
one run lists all that must be fixed and nothing is ever partially scored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from coopassess.instrument.schema import Instrument
from coopassess.scoring.items import SPECIAL, SUBSTANTIVE

TARGETS = ("territoire", "entreprise")
CAMPAIGN = "campagne"  # ``respondent`` of problems that concern the whole input


@dataclass(frozen=True, slots=True)
class RespondentAnswers:
    """Answers of one respondent: item key → 1..5 | 'NSP' | 'NC' (raw, as answered)."""

    id: str
    profile: Mapping[str, str] = field(default_factory=dict)
    answers: Mapping[str, int | str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class InputProblem:
    respondent: str
    key: str
    reason: str

    def __str__(self) -> str:
        who = self.respondent if self.respondent == CAMPAIGN else f"répondant {self.respondent}"
        return f"{who} : {self.key} : {self.reason}"


class ScoringInputError(ValueError):
    """The input is refused; ``problems`` names each respondent, key and reason."""

    def __init__(self, problems: list[InputProblem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def parse_responses(instrument: Instrument, data: object) -> tuple[str, list[RespondentAnswers]]:
    """Validate the answers of a campaign (results-json.md, input) and return them typed."""
    if not isinstance(data, dict):
        raise ScoringInputError(
            [
                InputProblem(
                    CAMPAIGN,
                    "(racine)",
                    "un objet JSON avec « target » et « respondents » est attendu",
                )
            ]
        )
    problems: list[InputProblem] = []
    for key in data:
        if key not in ("target", "respondents"):
            problems.append(InputProblem(CAMPAIGN, str(key), "clé inconnue"))
    target = data.get("target")
    if target not in TARGETS:
        problems.append(
            InputProblem(
                CAMPAIGN, "target", f"{target!r} : « territoire » ou « entreprise » attendu"
            )
        )
    raw = data.get("respondents")
    if not isinstance(raw, list):
        problems.append(
            InputProblem(CAMPAIGN, "respondents", "une liste de répondants est attendue")
        )
        raw = []
    options = {q.id: frozenset(o.value for o in q.options) for q in instrument.profile}
    respondents, seen = [], set()
    for index, entry in enumerate(raw):
        respondent = _respondent(index, entry, seen, options, instrument.answer_keys, problems)
        if respondent is not None:
            respondents.append(respondent)
    if problems:
        raise ScoringInputError(problems)
    return target, respondents


def _respondent(
    index: int,
    entry: object,
    seen: set[str],
    options: dict[str, frozenset[str]],
    keys: frozenset[str],
    problems: list[InputProblem],
) -> RespondentAnswers | None:
    where = f"n° {index + 1}"
    if not isinstance(entry, dict):
        problems.append(InputProblem(where, "(répondant)", "un objet est attendu"))
        return None
    rid = entry.get("id")
    if not isinstance(rid, str) or not rid.strip():
        problems.append(InputProblem(where, "id", "identifiant manquant ou vide (texte attendu)"))
        rid = where
    elif rid in seen:
        problems.append(InputProblem(rid, "id", "identifiant en double"))
    seen.add(rid)
    for key in entry:
        if key not in ("id", "profile", "answers"):
            problems.append(InputProblem(rid, str(key), "clé inconnue"))
    profile = entry.get("profile", {})
    answers = entry.get("answers", {})
    if isinstance(profile, dict):
        _check_profile(rid, profile, options, problems)
    else:
        problems.append(InputProblem(rid, "profile", "un objet est attendu"))
        profile = {}
    if isinstance(answers, dict):
        _check_answers(rid, answers, keys, problems)
    else:
        problems.append(InputProblem(rid, "answers", "un objet est attendu"))
        answers = {}
    return RespondentAnswers(rid, profile, answers)


def _check_profile(
    rid: str, profile: dict, options: dict[str, frozenset[str]], problems: list[InputProblem]
) -> None:
    for key, value in profile.items():
        if key not in options:
            problems.append(InputProblem(rid, f"profile.{key}", "question de profil inconnue"))
        elif not isinstance(value, str) or value not in options[key]:
            problems.append(InputProblem(rid, f"profile.{key}", f"option inconnue {value!r}"))


def _check_answers(
    rid: str, answers: dict, keys: frozenset[str], problems: list[InputProblem]
) -> None:
    for key, value in answers.items():
        if key not in keys:
            problems.append(InputProblem(rid, key, "item inconnu"))
        elif value.__class__ is int:
            if value not in SUBSTANTIVE:
                problems.append(InputProblem(rid, key, f"{value} hors de l'échelle (1 à 5)"))
        elif value not in SPECIAL:
            problems.append(
                InputProblem(rid, key, f"{value!r} : entier de 1 à 5, « NSP » ou « NC » attendu")
            )
