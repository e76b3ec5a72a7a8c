"""A campaign's messages as stored (or the French defaults), and the values of one message."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from coopassess.models import Campaign, CampaignMessage, Participant
from coopassess.participants.messages import DEFAULTS, Template, Values, check, french_date
from coopassess.privacy.notice import notice_path


def templates(session: Session, campaign_id: int) -> dict[str, Template]:
    stored = {
        message.kind: Template(message.subject, message.body)
        for message in session.scalars(
            select(CampaignMessage).where(CampaignMessage.campaign_id == campaign_id)
        )
    }
    return {kind: stored.get(kind, Template(*default)) for kind, default in DEFAULTS.items()}


def save(session: Session, campaign_id: int, kind: str, subject: str, body: str) -> Template:
    """Check then store one message (``MessageRefused`` lists every problem)."""
    template = check(subject, body)
    message = session.get(CampaignMessage, (campaign_id, kind))
    if message is None:
        message = CampaignMessage(campaign_id=campaign_id, kind=kind)
        session.add(message)
    message.subject, message.body = template.subject, template.body
    session.flush()
    return template


def values(
    campaign: Campaign,
    participant: Participant,
    link: str,
    unsubscribe_url: str | None,
    base_url: str,
) -> Values:
    return Values(
        prenom=participant.first_name or "",
        nom=participant.last_name or "",
        organisation=campaign.organisation.name,
        demarche=campaign.demarche,
        lien=link,
        date_cloture=french_date(campaign.closes_on),
        unsubscribe_url=unsubscribe_url,
        notice_url=base_url.rstrip("/") + notice_path(campaign.slug),
    )
