"""Deleting responses (not flagging them) and recomputing what was computed from them.

The results and chart caches are keyed by their content (``campaigns.results.results_key``:
the number of submitted responses and their latest change; charts by the data they draw), so
a deleted response gives a new key and nothing stale is read again, in any worker. The stored
``CampaignSummary`` is recomputed at once rather than by its next reader, so the portfolio
pages and the summary agree from the moment the deletion is committed.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from coopassess.campaigns import summaries
from coopassess.instrument.registry import InstrumentRegistry
from coopassess.models import Answer, Campaign, Invitation, Response, ResponseComment


def delete_responses(session: Session, response_ids: Iterable[int]) -> list[int]:
    """Delete the responses, their answers and comments; the ids of their campaigns. The links that
    started them stay (unbound); the caller commits, then calls :func:`recompute`."""
    ids = sorted(set(response_ids))
    if not ids:
        return []
    campaign_ids = sorted(
        set(session.scalars(select(Response.campaign_id).where(Response.id.in_(ids))))
    )
    session.execute(
        update(Invitation)
        .where(Invitation.response_id.in_(ids))
        .values(response_id=None)
        .execution_options(synchronize_session=False)
    )
    for rows in (Answer, ResponseComment):
        session.execute(
            delete(rows)
            .where(rows.response_id.in_(ids))
            .execution_options(synchronize_session=False)
        )
    session.execute(
        delete(Response).where(Response.id.in_(ids)).execution_options(synchronize_session=False)
    )
    session.expire_all()
    return campaign_ids


def recompute(session: Session, instruments: InstrumentRegistry, campaign_ids: list[int]) -> None:
    """Store the summaries of ``campaign_ids`` again (after the deletion was committed)."""
    if campaign_ids:
        summaries.refresh(session, instruments, Campaign.id.in_(campaign_ids))
