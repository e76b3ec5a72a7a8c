"""API tokens: issue, find by the bearer value, revoke.

A token is ``ca_`` + ``secrets.token_urlsafe(32)`` (256 bits): the prefix makes it recognisable
in a leaked file or a secret scanner. Only its sha256 is stored, so it is shown once; it acts with
its user's rights, and fails once expired, revoked, or when the user is deactivated. Helpers
flush and audit; the caller commits.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from coopassess.auth.audit import audit
from coopassess.common.tokens import token_hash
from coopassess.models import ApiToken, User, utcnow

PREFIX = "ca_"
# ca_ + 43 characters; anything much longer is not ours and is not hashed.
MAX_LENGTH = 64
MAX_NAME_LENGTH = 100
MAX_DAYS = 3650
# Active (unrevoked, unexpired) tokens one user may hold: each is a standing credential.
MAX_ACTIVE = 10
# last_used_at is written at most this often, so reading the API rarely writes.
TOUCH_EVERY = timedelta(seconds=60)


class TokenError(ValueError):
    """A token request refused (message in French, shown as is), about ``field``."""

    def __init__(self, message: str, field: str = "name") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class Issued:
    """A token just created: the only moment its value exists outside its owner's hands."""

    record: ApiToken
    token: str


def issue(
    session: Session,
    user: User,
    name: str,
    days: int | None = None,
    *,
    actor_id: int | None = None,
    now: datetime | None = None,
) -> Issued:
    """A new token for ``user``, valid ``days`` days (None: until revoked)."""
    now = now or utcnow()
    name = " ".join(name.split())
    if not name:
        raise TokenError("Donnez un nom au jeton (par exemple « Tableur du service »).")
    if len(name) > MAX_NAME_LENGTH:
        raise TokenError(f"Le nom du jeton doit compter au plus {MAX_NAME_LENGTH} caractères.")
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise TokenError(f"La durée de validité va de 1 à {MAX_DAYS} jours.", "days")
    if not user.active:
        raise TokenError(f"Le compte {user.email} est désactivé.")
    if active_count(session, user, now) >= MAX_ACTIVE:
        raise TokenError(
            f"Ce compte a déjà {MAX_ACTIVE} jetons actifs, le maximum : révoquez-en un "
            "(par exemple celui qui ne sert plus) avant d'en créer un autre."
        )
    token = PREFIX + secrets.token_urlsafe(32)
    record = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=token_hash(token),
        created_at=now,
        expires_at=now + timedelta(days=days) if days is not None else None,
    )
    session.add(record)
    session.flush()
    audit(
        session,
        "api_token.create",
        actor_id=actor_id,
        target=f"api_token:{record.id}",
        detail={"user": user.email, "name": name, "days": days},
        at=now,
    )
    return Issued(record, token)


def active_count(session: Session, user: User, now: datetime) -> int:
    """Active tokens of ``user``, counted with the user's row locked (PostgreSQL) so that two
    creations at once cannot both pass the cap."""
    session.execute(select(User.id).where(User.id == user.id).with_for_update())
    return (
        session.scalar(
            select(func.count())
            .select_from(ApiToken)
            .where(
                ApiToken.user_id == user.id,
                ApiToken.revoked_at.is_(None),
                or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > now),
            )
        )
        or 0
    )


def revoke(
    session: Session, record: ApiToken, *, actor_id: int | None = None, now: datetime | None = None
) -> bool:
    """Revoke ``record``; False when it already was."""
    if record.revoked_at is not None:
        return False
    now = now or utcnow()
    record.revoked_at = now
    audit(
        session,
        "api_token.revoke",
        actor_id=actor_id,
        target=f"api_token:{record.id}",
        detail={"user": record.user.email, "name": record.name},
        at=now,
    )
    return True


def user_tokens(session: Session, user: User) -> list[ApiToken]:
    """Every token of ``user``, newest first (revoked and expired ones included)."""
    return list(
        session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def state(record: ApiToken, now: datetime | None = None) -> str:
    """« actif », « expiré » or « révoqué », as the pages and the CLI show it."""
    now = now or utcnow()
    if record.revoked_at is not None:
        return "révoqué"
    if record.expires_at is not None and record.expires_at <= now:
        return "expiré"
    return "actif"


@dataclass(frozen=True, slots=True)
class Check:
    """The outcome of presenting a bearer value: the token when valid, else why not."""

    record: ApiToken | None
    refusal: str | None = None  # malformed, unknown, revoked, expired, inactive_user

    @property
    def valid(self) -> bool:
        return self.refusal is None


def check(session: Session, presented: str, now: datetime | None = None) -> Check:
    """Find the token behind ``presented`` and say whether it opens the API now.

    A valid token's ``last_used_at`` is touched at most once a minute (not committed)."""
    now = now or utcnow()
    if not presented.startswith(PREFIX) or len(presented) > MAX_LENGTH:
        return Check(None, "malformed")
    record = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(presented)))
    if record is None:
        return Check(None, "unknown")
    if record.revoked_at is not None:
        return Check(record, "revoked")
    if record.expires_at is not None and record.expires_at <= now:
        return Check(record, "expired")
    if not record.user.active:
        return Check(record, "inactive_user")
    if record.last_used_at is None or now - record.last_used_at >= TOUCH_EVERY:
        record.last_used_at = now
    return Check(record)
