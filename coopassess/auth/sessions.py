"""Server-side sessions: the signed cookie carries a random id, the database decides whether
it is still valid (not revoked, not idle for 30 min, not older than 12 h)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import current_app, session
from sqlalchemy import select
from sqlalchemy.orm import Session

from coopassess.common.tokens import token_hash
from coopassess.models import User, UserSession, utcnow

SESSION_KEY = "auth"
IDLE_TIMEOUT = 30 * 60
ABSOLUTE_TIMEOUT = 12 * 3600
# last_seen_at is written at most this often, so reading pages rarely writes.
TOUCH_EVERY = timedelta(seconds=60)


def _timeouts() -> tuple[timedelta, timedelta]:
    config = current_app.config
    return (
        timedelta(seconds=config.get("AUTH_IDLE_TIMEOUT", IDLE_TIMEOUT)),
        timedelta(seconds=config.get("AUTH_ABSOLUTE_TIMEOUT", ABSOLUTE_TIMEOUT)),
    )


def start(db: Session, user: User, now: datetime | None = None) -> UserSession:
    """A new session for ``user``: whatever the cookie held before is dropped (no fixation)."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    record = UserSession(
        token_hash=token_hash(token), user_id=user.id, created_at=now, last_seen_at=now
    )
    db.add(record)
    session.clear()
    session[SESSION_KEY] = token
    session.permanent = True
    return record


def _record(db: Session) -> UserSession | None:
    token = session.get(SESSION_KEY)
    if not isinstance(token, str):
        return None
    return db.scalar(select(UserSession).where(UserSession.token_hash == token_hash(token)))


def current(db: Session, now: datetime | None = None) -> UserSession | None:
    """The valid session named by the cookie, touched; None (and the cookie cleared) otherwise."""
    now = now or utcnow()
    record = _record(db)
    if record is None:
        if SESSION_KEY in session:
            session.pop(SESSION_KEY)
        return None
    idle, absolute = _timeouts()
    expired = now - record.last_seen_at > idle or now - record.created_at > absolute
    if record.revoked_at is not None or expired or not record.user.active:
        if record.revoked_at is None:
            record.revoked_at = now
        session.pop(SESSION_KEY)
        return None
    if now - record.last_seen_at >= TOUCH_EVERY:
        record.last_seen_at = now
    return record


def end(db: Session, now: datetime | None = None) -> UserSession | None:
    """Revoke the cookie's session server-side and empty the cookie."""
    record = _record(db)
    if record is not None and record.revoked_at is None:
        record.revoked_at = now or utcnow()
    session.clear()
    return record
