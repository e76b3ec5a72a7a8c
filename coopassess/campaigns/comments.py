"""Respondents' comments (``coopassess.common.comments``): saved with their page, read by the
consultant under the respondent's pseudonym, marked « à citer », and the quoted ones read by the
organisation, unsigned, only when the campaign's results are reportable.

Comments live in their own table: scoring reads answers only, so a comment is never scored."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from coopassess.auth.audit import audit
from coopassess.campaigns.queries import SUBMISSION_ORDER, submitted_filter
from coopassess.common.comments import QuotedComment
from coopassess.instrument.registry import InstrumentRegistry
from coopassess.models import Campaign, Response, ResponseComment, User, utcnow
from coopassess.scoring.results import Results

__all__ = [
    "CampaignComment",
    "QuotedComment",
    "campaign_comments",
    "comments_by_pseudonym",
    "find_comment",
    "load_comment",
    "quoted_comments",
    "save_comment",
    "set_quoted",
]

QUOTE_ACTIONS = ("comment.quoted", "comment.unquoted")


def _upsert(insert: Callable[[Table], Any]) -> Any:
    statement = insert(ResponseComment.__table__)
    return statement.on_conflict_do_update(
        index_elements=["response_id", "questionnaire"],
        set_={"text": statement.excluded.text, "updated_at": statement.excluded.updated_at},
    )


_UPSERTS = {"postgresql": _upsert(pg_insert), "sqlite": _upsert(sqlite_insert)}
_COMMENT = select(ResponseComment.text).where(
    ResponseComment.response_id == bindparam("response_id"),
    ResponseComment.questionnaire == bindparam("questionnaire"),
)


def save_comment(session: Session, response_id: int, questionnaire: str, text: str | None) -> None:
    """Store the (already cleaned) comment of a questionnaire, or delete it when ``text`` is
    None; idempotent like the answers (one row per response and questionnaire). A quoted mark
    is kept: only a submitted response can be quoted, and it is no longer edited."""
    if text is None:
        session.execute(
            delete(ResponseComment).where(
                ResponseComment.response_id == response_id,
                ResponseComment.questionnaire == questionnaire,
            )
        )
        return
    row = {
        "response_id": response_id,
        "questionnaire": questionnaire,
        "text": text,
        "updated_at": utcnow(),
    }
    session.execute(_UPSERTS[session.get_bind().dialect.name], [row])


def load_comment(session: Session | Connection, response_id: int, questionnaire: str) -> str | None:
    return session.execute(
        _COMMENT, {"response_id": response_id, "questionnaire": questionnaire}
    ).scalar()


@dataclass(frozen=True, slots=True)
class CampaignComment:
    """A comment as the consultant reads it: the respondent's pseudonym, never the profile."""

    id: int
    pseudonym: str
    questionnaire: str
    questionnaire_title: str
    text: str
    quoted: bool
    excluded: bool  # its respondent is left out of the aggregate: never shown to the organisation


def _rows(session: Session, campaign: Campaign) -> list[tuple[ResponseComment, int, bool]]:
    """(comment, pseudonym number, excluded) of the campaign's submitted responses, one query.

    The number counts every submitted response, with or without a comment."""
    numbered = (
        select(
            Response.id.label("response_id"),
            Response.excluded_at.label("excluded_at"),
            func.row_number().over(order_by=SUBMISSION_ORDER).label("number"),
        )
        .where(*submitted_filter(campaign))
        .subquery()
    )
    rows = session.execute(
        select(ResponseComment, numbered.c.number, numbered.c.excluded_at).join(
            numbered, numbered.c.response_id == ResponseComment.response_id
        )
    ).all()
    return [(comment, number, excluded_at is not None) for comment, number, excluded_at in rows]


def campaign_comments(
    session: Session, instruments: InstrumentRegistry, campaign: Campaign
) -> list[CampaignComment]:
    """Every comment of the campaign's submitted responses, questionnaire by questionnaire (the
    campaign's order), then by pseudonym."""
    titles = _titles(instruments, campaign)
    found = [
        CampaignComment(
            id=comment.id,
            pseudonym=f"R{number}",
            questionnaire=comment.questionnaire,
            questionnaire_title=titles[comment.questionnaire],
            text=comment.text,
            quoted=comment.quoted_at is not None,
            excluded=excluded,
        )
        for comment, number, excluded in _rows(session, campaign)
        if comment.questionnaire in titles
    ]
    order = {qid: position for position, qid in enumerate(campaign.modules)}
    return sorted(found, key=lambda c: (order[c.questionnaire], int(c.pseudonym[1:])))


def comments_by_pseudonym(session: Session, campaign: Campaign) -> dict[str, dict[str, str]]:
    """Pseudonym → questionnaire → comment, for the answers export."""
    found: dict[str, dict[str, str]] = {}
    for comment, number, _ in _rows(session, campaign):
        found.setdefault(f"R{number}", {})[comment.questionnaire] = comment.text
    return found


def quoted_comments(
    session: Session, instruments: InstrumentRegistry, campaign: Campaign, results: Results
) -> list[QuotedComment]:
    """What the organisation reads: the comments marked « à citer » of counted respondents,
    questionnaire by questionnaire, in the order they were marked; none unless ``results``
    (the campaign's) are reportable — the one minimum-respondents rule."""
    if not results.reportable:
        return []
    titles = _titles(instruments, campaign)
    order = {qid: position for position, qid in enumerate(campaign.modules)}
    quoted = [
        comment
        for comment, _, excluded in _rows(session, campaign)
        if comment.quoted_at is not None and not excluded and comment.questionnaire in titles
    ]
    quoted.sort(key=lambda c: (order[c.questionnaire], c.quoted_at, c.id))
    return [QuotedComment(c.questionnaire, titles[c.questionnaire], c.text) for c in quoted]


def find_comment(
    session: Session, instruments: InstrumentRegistry, campaign: Campaign, comment_id: int
) -> CampaignComment | None:
    """A comment of the campaign's submitted responses (None for any other id)."""
    return next(
        (c for c in campaign_comments(session, instruments, campaign) if c.id == comment_id), None
    )


def set_quoted(
    session: Session, campaign: Campaign, comment: CampaignComment, actor: User, quoted: bool
) -> bool:
    """Mark or unmark « à citer »; logged (pseudonym and questionnaire, never the text).
    False when the comment already was in that state."""
    row = session.get(ResponseComment, comment.id)
    assert row is not None
    if (row.quoted_at is not None) == quoted:
        return False
    row.quoted_at = utcnow() if quoted else None
    row.quoted_by_id = actor.id if quoted else None
    audit(
        session,
        QUOTE_ACTIONS[0] if quoted else QUOTE_ACTIONS[1],
        actor_id=actor.id,
        target=f"campaign:{campaign.id}",
        detail={"respondent": comment.pseudonym, "questionnaire": comment.questionnaire},
    )
    return True


def _titles(instruments: InstrumentRegistry, campaign: Campaign) -> dict[str, str]:
    version = instruments.get(campaign.instrument_version)
    return {
        qid: version.questionnaires[qid].title.fr
        for qid in campaign.modules
        if qid in version.questionnaires
    }
