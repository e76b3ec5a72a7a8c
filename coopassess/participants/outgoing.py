"""The two links of a participant's messages: the personal link and the opt-out link."""

from __future__ import annotations

from coopassess.campaigns.links import unsubscribe_signature
from coopassess.models import Participant
from coopassess.participants.service import personal_token


def links_of(participant: Participant, secret: str, base_url: str) -> tuple[str, str]:
    base = base_url.rstrip("/")
    token = personal_token(secret, participant.invitation)
    signature = unsubscribe_signature(secret, participant.id)
    return f"{base}/i/{token}", f"{base}/desinscription/{participant.id}/{signature}"
