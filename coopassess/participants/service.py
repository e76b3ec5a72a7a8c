"""Adding and removing a campaign's participants; each owns one personal link.

A participant's link is an ``Invitation`` whose token is derived from a stored nonce
(``campaigns.links``), so every message can carry it again. Imports are all or nothing and
bulk: per batch of rows, one bulk insert of the links (COPY on PostgreSQL), one SELECT of their
ids, one bulk insert of the people.
Helpers flush; the caller commits once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from coopassess.campaigns.links import derived_token, new_nonce
from coopassess.campaigns.service import CampaignError, revoke
from coopassess.common.tokens import token_hash
from coopassess.models import Campaign, Invitation, Participant, utcnow
from coopassess.participants.importing import Person

BATCH = 2000


@dataclass(frozen=True, slots=True)
class Added:
    added: int
    merged: int  # already participants: their empty fields filled from the list


def refuse_anonymous(campaign: Campaign) -> None:
    if campaign.anonymous:
        raise CampaignError(
            "Cette campagne est anonyme : aucune adresse n'y est enregistrée. "
            "Diffusez son lien ouvert."
        )


def add_people(
    session: Session, campaign: Campaign, people: Sequence[Person], secret: str
) -> Added:
    """Add ``people`` (already checked and deduplicated) to the campaign."""
    refuse_anonymous(campaign)
    if campaign.status == "closed":
        raise CampaignError("La campagne est close : rouvrez-la avant d'ajouter des participants.")
    known = _known(session, campaign.id, [person.email for person in people])
    new = [person for person in people if person.email not in known]
    for person in people:
        participant = known.get(person.email)
        if participant is not None:
            for field in ("first_name", "last_name", "structure", "role"):
                if getattr(participant, field) is None and getattr(person, field) is not None:
                    setattr(participant, field, getattr(person, field))
    for start in range(0, len(new), BATCH):
        _insert(session, campaign.id, new[start : start + BATCH], secret)
    session.flush()
    return Added(added=len(new), merged=len(people) - len(new))


def _known(session: Session, campaign_id: int, emails: list[str]) -> dict[str, Participant]:
    found: dict[str, Participant] = {}
    for start in range(0, len(emails), BATCH):
        chunk = emails[start : start + BATCH]
        for participant in session.scalars(
            select(Participant).where(
                Participant.campaign_id == campaign_id, Participant.email.in_(chunk)
            )
        ):
            found[participant.email] = participant
    return found


def _insert(session: Session, campaign_id: int, people: Sequence[Person], secret: str) -> None:
    now = utcnow()
    nonces = [new_nonce() for _ in people]
    links = [
        {
            "campaign_id": campaign_id,
            "kind": "single",
            "email": None,
            "nonce": nonce,
            "token_hash": token_hash(derived_token(secret, campaign_id, nonce)),
            "created_at": now,
        }
        for nonce in nonces
    ]
    # One bulk insert, then the ids read back by nonce (SQLite cannot batch an ordered
    # INSERT … RETURNING).
    _bulk_insert(session, Invitation.__table__, links)
    by_nonce = dict(
        session.execute(
            select(Invitation.nonce, Invitation.id).where(
                Invitation.campaign_id == campaign_id, Invitation.nonce.in_(nonces)
            )
        ).all()
    )
    ids = [by_nonce[nonce] for nonce in nonces]
    _bulk_insert(
        session,
        Participant.__table__,
        [
            {
                "campaign_id": campaign_id,
                "email": person.email,
                "first_name": person.first_name,
                "last_name": person.last_name,
                "structure": person.structure,
                "role": person.role,
                "invitation_id": invitation_id,
                "created_at": now,
            }
            for person, invitation_id in zip(people, ids, strict=True)
        ],
    )


def _bulk_insert(session: Session, table: Table, rows: list[dict[str, object]]) -> None:
    """Insert ``rows`` in the session's transaction: PostgreSQL's COPY (an executemany there
    is a round trip per row), an executemany elsewhere (SQLite batches it in-process)."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        connection.execute(insert(table), rows)
        return
    names = list(rows[0])
    columns = ", ".join(f'"{name}"' for name in names)
    cursor = connection.connection.driver_connection.cursor()
    with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row[name] for name in names])


def participant_or_none(
    session: Session, campaign: Campaign, participant_id: int
) -> Participant | None:
    participant = session.get(Participant, participant_id)
    if participant is None or participant.campaign_id != campaign.id:
        return None
    return participant


def remove(session: Session, participant: Participant) -> None:
    """The person leaves the list; their link stops working (a started response is kept)."""
    revoke(participant.invitation)
    session.delete(participant)
    session.flush()


def personal_token(secret: str, invitation: Invitation) -> str:
    """The token of a link with a nonce, as written in the messages."""
    if invitation.nonce is None:
        raise ValueError("this link's token is random and was never kept")
    return derived_token(secret, invitation.campaign_id, invitation.nonce)


def opt_out(participant: Participant) -> bool:
    """No more reminders for this person. False when already opted out."""
    if participant.opted_out_at is not None:
        return False
    participant.opted_out_at = utcnow()
    return True
