"""A campaign's results kept as JSON once its individual answers are erased (retention):
every aggregated figure of :class:`Results`, losslessly, so that the pages, radars, PDF, exports
of results, API and comparisons read the same numbers from then on. Per-respondent scores are
individual data and are not kept."""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from coopassess.scoring.results import (
    DimensionResult,
    FamilyResult,
    IndexResult,
    QuestionnaireResult,
    Results,
)

FORMAT = 1


def dump(results: Results) -> dict[str, Any]:
    """The aggregated results as JSON-ready data (no per-respondent scores)."""
    return {"format": FORMAT, **asdict(replace(results, respondents=()))}


def load(data: dict[str, Any]) -> Results:
    """The :class:`Results` that :func:`dump` wrote."""
    return Results(
        instrument_id=data["instrument_id"],
        instrument_version=data["instrument_version"],
        target=data["target"],
        n_respondents=data["n_respondents"],
        questionnaires={
            qid: _questionnaire(scored) for qid, scored in data["questionnaires"].items()
        },
        flags=tuple(data["flags"]),
        respondents=(),
        min_respondents=data["min_respondents"],
    )


def _questionnaire(data: dict[str, Any]) -> QuestionnaireResult:
    index = data["index"]
    return QuestionnaireResult(
        id=data["id"],
        index=IndexResult(**index) if index is not None else None,
        dimensions={
            key: DimensionResult(**{**value, "flags": tuple(value["flags"])})
            for key, value in data["dimensions"].items()
        },
        families={key: FamilyResult(**value) for key, value in data["families"].items()},
        risks_signalled=tuple(data["risks_signalled"]),
        priorities=tuple(data["priorities"]),
    )
