"""The scoring model (scoring-model.md), pure: answers in, one Results object out."""

from coopassess.scoring.answers import RespondentAnswers, ScoringInputError, parse_responses
from coopassess.scoring.campaign import score_campaign
from coopassess.scoring.results import Results

__all__ = [
    "RespondentAnswers",
    "Results",
    "ScoringInputError",
    "parse_responses",
    "score_campaign",
]
