"""Derived link tokens: a personal link can be written again in every message.

A random token is printed once and only its hash is stored, so it can never be shown again. A
participant's link must appear in the invitation and in every reminder, and the links already
e-mailed must keep working: its token is therefore derived,
``base64url(HMAC-SHA256(SECRET_KEY, "invitation:<campaign_id>:<nonce>"))``, from a random
128-bit nonce stored with the invitation. The stored hash is still the sha256 of the token,
found by an indexed equality like every other link; the nonce alone opens nothing without the
secret key. Changing SECRET_KEY changes every derived token: the links already sent stop
working (docs/invitations.md).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

NONCE_BYTES = 16


def new_nonce() -> str:
    return secrets.token_hex(NONCE_BYTES)


def _mac(secret: str, message: str) -> str:
    digest = hmac.new(secret.encode(), message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def derived_token(secret: str, campaign_id: int, nonce: str) -> str:
    """The token of a link with a nonce (43 characters, like a random one)."""
    return _mac(secret, f"invitation:{campaign_id}:{nonce}")


def unsubscribe_signature(secret: str, participant_id: int) -> str:
    """The proof carried by a participant's opt-out link (nothing stored)."""
    return _mac(secret, f"unsubscribe:{participant_id}")


def valid_unsubscribe(secret: str, participant_id: int, signature: str) -> bool:
    expected = unsubscribe_signature(secret, participant_id).encode()
    return hmac.compare_digest(expected, signature.encode("utf-8", "replace"))
