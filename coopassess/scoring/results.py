"""The results object: the one shape of a scored campaign (see docs/spec/results-json.md).

Every output (page, radar, PDF, CSV/XLSX, JSON API, ``coopassess score``) is drawn from a
:class:`Results`. Values are stored already rounded half-up as the contract says; ``to_json``
gives exactly the public JSON form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class IndexResult:
    code: str  # IMC, IAC, IDT
    score: float | None
    level: str | None

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "score": self.score, "level": self.level}


@dataclass(frozen=True, slots=True)
class DimensionResult:
    """Organisation aggregate of one dimension (§7.1)."""

    id: str
    score: float | None
    level: str | None
    n: int
    min: float | None
    max: float | None
    sd: float | None
    ad: float | None  # raw units, 3 decimals
    agreement: str | None  # Consensus | Avis partagés | Désaccord
    nsp_rate: float | None  # 3 decimals
    flags: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "level": self.level,
            "n": self.n,
            "min": self.min,
            "max": self.max,
            "sd": self.sd,
            "ad": self.ad,
            "agreement": self.agreement,
            "nsp_rate": self.nsp_rate,
            "flags": list(self.flags),
        }


@dataclass(frozen=True, slots=True)
class FamilyResult:
    """A VAL value family: constaté vs attendu (§6)."""

    id: str
    observed: float | None
    expected: float | None
    gap: float | None
    quadrant: str | None  # Priorité | Acquis | Valeur inattendue | Secondaire
    n_observed: int = 0
    n_expected: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "observed": self.observed,
            "expected": self.expected,
            "gap": self.gap,
            "quadrant": self.quadrant,
        }


@dataclass(frozen=True, slots=True)
class QuestionnaireResult:
    id: str  # COOP, ACH, TER, VAL
    index: IndexResult | None = None
    dimensions: dict[str, DimensionResult] = field(default_factory=dict)
    families: dict[str, FamilyResult] = field(default_factory=dict)
    risks_signalled: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        if self.families:
            return {"families": {k: v.to_json() for k, v in self.families.items()}}
        out: dict[str, Any] = {}
        if self.index is not None:
            out["index"] = self.index.to_json()
        out["dimensions"] = {k: v.to_json() for k, v in self.dimensions.items()}
        out["risks_signalled"] = list(self.risks_signalled)
        out["priorities"] = list(self.priorities)
        return out


@dataclass(frozen=True, slots=True)
class RespondentResult:
    """One respondent's scores: dimension id -> score, and ``VAL.X.observed/expected``."""

    id: str
    dimensions: dict[str, float | None]
    flags: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "dimensions": dict(self.dimensions), "flags": list(self.flags)}


@dataclass(frozen=True, slots=True)
class Results:
    instrument_id: str
    instrument_version: str
    target: str  # territoire | entreprise
    n_respondents: int
    questionnaires: dict[str, QuestionnaireResult]
    flags: tuple[str, ...] = ()
    respondents: tuple[RespondentResult, ...] = ()
    min_respondents: int = 1  # the instrument's minimum for showing aggregated results

    @property
    def reportable(self) -> bool:
        """Whether these results may be shown as an organisation's: from the instrument's
        minimum number of respondents (anonymity), the one rule every output applies."""
        return self.n_respondents >= self.min_respondents

    def to_json(self) -> dict[str, Any]:
        return {
            "instrument": {"id": self.instrument_id, "version": self.instrument_version},
            "target": self.target,
            "n_respondents": self.n_respondents,
            "questionnaires": {k: v.to_json() for k, v in self.questionnaires.items()},
            "flags": list(self.flags),
            "respondents": [r.to_json() for r in self.respondents],
        }
