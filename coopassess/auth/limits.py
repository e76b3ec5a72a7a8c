"""Login rate limits, counted in the database so every worker shares them."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coopassess.models import LoginAttempt, utcnow

WINDOW = timedelta(minutes=15)
MAX_PER_ACCOUNT = 5
MAX_PER_ADDRESS = 20


def _setting(name: str, default: int) -> int:
    return int(current_app.config.get(name, default))


def _failures(session: Session, column: object, value: str, since: datetime) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(LoginAttempt)
            .where(column == value, LoginAttempt.at > since, LoginAttempt.success.is_(False))
        )
        or 0
    )


def blocked(session: Session, email: str, address: str, now: datetime | None = None) -> bool:
    """True when the account or the address has used up its failures in the window."""
    since = (now or utcnow()) - WINDOW
    per_account = _setting("AUTH_MAX_FAILURES_PER_ACCOUNT", MAX_PER_ACCOUNT)
    per_address = _setting("AUTH_MAX_FAILURES_PER_ADDRESS", MAX_PER_ADDRESS)
    return (
        _failures(session, LoginAttempt.email, email, since) >= per_account
        or _failures(session, LoginAttempt.address, address, since) >= per_address
    )


def record(
    session: Session, email: str, address: str, success: bool, now: datetime | None = None
) -> None:
    session.add(LoginAttempt(email=email, address=address, at=now or utcnow(), success=success))
