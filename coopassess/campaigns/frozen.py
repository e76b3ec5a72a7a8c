"""What a campaign whose individual answers were erased (``coopassess.retention``) still shows:
its results as they stood (``Campaign.results_snapshot``), read by every output in place of
the scored responses, with the aggregated counts of its report and when it was answered."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from coopassess.models import Campaign
from coopassess.scoring import snapshot
from coopassess.scoring.results import Results

PARIS = ZoneInfo("Europe/Paris")


def is_frozen(campaign: Campaign) -> bool:
    """Its individual answers were erased: its figures come from the snapshot."""
    return campaign.answers_purged_at is not None and campaign.results_snapshot is not None


def purged_statement(campaign: Campaign) -> str:
    """What every per-respondent output says once the individual answers are erased."""
    assert campaign.answers_purged_at is not None
    day = campaign.answers_purged_at.astimezone(PARIS)
    months = campaign.answer_retention_months
    return (
        f"Réponses individuelles supprimées le {day:%d/%m/%Y} (durée de conservation\u00a0: "
        f"{months}\u00a0mois)\u00a0: les résultats agrégés sont conservés."
    )


def make_snapshot(
    results: Results,
    by_structure: list[tuple[str, int]],
    by_role: list[tuple[str, int]],
    answered: tuple[datetime, datetime] | None,
    responses: int,
) -> dict[str, Any]:
    """The JSON kept on the campaign when its answers are erased."""
    return {
        "results": snapshot.dump(results),
        "responses": responses,
        "by_structure": [list(pair) for pair in by_structure],
        "by_role": [list(pair) for pair in by_role],
        "answered": [moment.isoformat() for moment in answered] if answered else None,
    }


def frozen_results(campaign: Campaign) -> Results:
    """The results kept (rebuilt from the row's JSON: cheap, and never stale)."""
    assert campaign.results_snapshot is not None
    return snapshot.load(campaign.results_snapshot["results"])


def frozen_profiles(campaign: Campaign) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Respondents by structure and by role, as the report counted them."""
    stored = campaign.results_snapshot or {}
    return (
        [(str(name), int(n)) for name, n in stored.get("by_structure", [])],
        [(str(name), int(n)) for name, n in stored.get("by_role", [])],
    )


def erased_responses(campaign: Campaign) -> int:
    """How many responses (started or submitted) the campaign had when they were erased."""
    return int((campaign.results_snapshot or {}).get("responses", 0)) if is_frozen(campaign) else 0


def frozen_period(campaign: Campaign) -> tuple[datetime, datetime] | None:
    """First and last submission, as they were."""
    answered = (campaign.results_snapshot or {}).get("answered")
    if not answered:
        return None
    first, last = (datetime.fromisoformat(moment) for moment in answered)
    return first, last
