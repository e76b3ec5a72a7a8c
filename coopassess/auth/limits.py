"""Login rate limits, counted in the database so every worker shares them.

Counting then recording is made atomic by holding a lock per account and per address for the
rest of the transaction: a PostgreSQL advisory lock; on SQLite, a writing request already holds
the database's write lock from its first statement (``BEGIN IMMEDIATE``). Without it, parallel
wrong passwords all counted the same failures and more than the limit were checked.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from coopassess.common.tokens import token_hash
from coopassess.mail.rate import DatabaseRateLimit
from coopassess.models import LoginAttempt, utcnow

WINDOW = timedelta(minutes=15)
MAX_PER_ACCOUNT = 5
MAX_PER_ADDRESS = 20
MAX_API_FAILURES_PER_ADDRESS = 20


def _setting(name: str, default: int) -> int:
    return int(current_app.config.get(name, default))


_ADVISORY_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")


def lock(session: Session, *keys: str) -> None:
    """Serialise, until the transaction ends, every transaction counting one of ``keys``.

    Keys are taken in sorted order so that two transactions never wait on each other."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for key in sorted(set(keys)):
        session.execute(_ADVISORY_LOCK, {"key": key})


def _failures(
    session: Session, column: object, value: str, since: datetime, kind: str = "login"
) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(LoginAttempt)
            .where(
                LoginAttempt.kind == kind,
                column == value,
                LoginAttempt.at > since,
                LoginAttempt.success.is_(False),
            )
        )
        or 0
    )


def blocked(session: Session, email: str, address: str, now: datetime | None = None) -> bool:
    """True when the account or the address has used up its failures in the window.

    Locks both until the transaction ends: the caller records the attempt, then commits."""
    lock(session, f"login:account:{email}", f"login:address:{address}")
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
    session.add(
        LoginAttempt(
            kind="login", email=email, address=address, at=now or utcnow(), success=success
        )
    )


def api_blocked(session: Session, address: str, now: datetime | None = None) -> bool:
    """True when the client has presented too many refused bearer tokens in the window.

    Not locked (a valid token must not serialise a client's API calls): parallel guesses may
    overrun the limit by the number of requests in flight, never more."""
    since = (now or utcnow()) - WINDOW
    limit = _setting("API_MAX_FAILURES_PER_ADDRESS", MAX_API_FAILURES_PER_ADDRESS)
    return _failures(session, LoginAttempt.address, address, since, kind="api") >= limit


def record_api_failure(session: Session, address: str, now: datetime | None = None) -> None:
    """A refused bearer token (never the token itself: it may be a real one mistyped)."""
    session.add(
        LoginAttempt(kind="api", email="", address=address, at=now or utcnow(), success=False)
    )


RESET_WINDOW_SECONDS = 3600
MAX_RESETS_PER_ACCOUNT = 3
MAX_RESETS_PER_ADDRESS = 10


def reset_allowed(session: Session, email: str, address: str, now: datetime) -> tuple[bool, bool]:
    """« Mot de passe oublié ? » asked once more: (the client may ask, a mail may go to this
    e-mail), per hour. Counted in ``rate_counter`` (shared by the workers) within the caller's
    transaction; the e-mail is counted by its hash whether or not an account has it, so the
    answer says nothing about the account."""
    per_address = DatabaseRateLimit(
        f"reset:address:{address}"[:100],
        _setting("AUTH_MAX_RESETS_PER_ADDRESS", MAX_RESETS_PER_ADDRESS),
        RESET_WINDOW_SECONDS,
    )
    if not per_address.take(session, now):
        return False, False
    per_account = DatabaseRateLimit(
        f"reset:email:{token_hash(email)}",
        _setting("AUTH_MAX_RESETS_PER_ACCOUNT", MAX_RESETS_PER_ACCOUNT),
        RESET_WINDOW_SECONDS,
    )
    return True, per_account.take(session, now)
