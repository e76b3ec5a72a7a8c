"""The scoring model (docs/spec/scoring-model.md), pure: answers in, one Results object out."""

from coopassess.scoring.answers import (
    InputProblem,
    RespondentAnswers,
    ScoringInputError,
    parse_responses,
)
from coopassess.scoring.campaign import score_campaign
from coopassess.scoring.compare import (
    BenchmarkStats,
    Comparison,
    ComparisonError,
    DimensionDelta,
    benchmark,
    compare,
    notable_change,
)
from coopassess.scoring.items import item_score, recode
from coopassess.scoring.respondent import score_respondent
from coopassess.scoring.results import Results
from coopassess.scoring.rounding import round_half_up
from coopassess.scoring.texts import (
    DimensionAdvice,
    FamilyAdvice,
    FlagNote,
    RiskNote,
    campaign_flag_notes,
    family_advice,
    recommendations,
    risk_notes,
)

__all__ = [
    "BenchmarkStats",
    "Comparison",
    "ComparisonError",
    "DimensionAdvice",
    "DimensionDelta",
    "FamilyAdvice",
    "FlagNote",
    "InputProblem",
    "RespondentAnswers",
    "Results",
    "RiskNote",
    "ScoringInputError",
    "benchmark",
    "campaign_flag_notes",
    "compare",
    "family_advice",
    "item_score",
    "notable_change",
    "parse_responses",
    "recode",
    "recommendations",
    "risk_notes",
    "round_half_up",
    "score_campaign",
    "score_respondent",
]
