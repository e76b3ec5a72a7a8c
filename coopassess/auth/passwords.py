"""Password rules, hashing, and the admin-issued one-time links that set a password."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from coopassess.common.tokens import token_hash
from coopassess.models import PasswordReset, User, UserSession, utcnow

MIN_LENGTH = 12
MAX_LENGTH = 128
RESET_LIFETIME = timedelta(hours=24)  # a link an admin issues (account invitation)
FORGOTTEN_LIFETIME = timedelta(hours=1)  # a link asked for from « Mot de passe oublié ? »
COMMON_FILE = Path(__file__).with_name("common-passwords.txt")
# Checked against when the e-mail is unknown, so both answers take as long.
_DUMMY_HASH = generate_password_hash("coopassess-dummy-password", method="scrypt")


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip())


def password_problems(password: str, email: str | None = None) -> list[str]:
    """What is wrong with a new password, in French (empty when it is acceptable)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Le mot de passe doit compter au moins {MIN_LENGTH} caractères.")
    if len(password) > MAX_LENGTH:
        problems.append(f"Le mot de passe doit compter au plus {MAX_LENGTH} caractères.")
    if password.lower() in common_passwords():
        problems.append("Ce mot de passe est trop courant : choisissez-en un autre.")
    elif _repeated(password):
        problems.append(
            "Le mot de passe ne doit pas répéter un même caractère ou un même motif "
            "(par exemple « aaaaaaaaaaaa » ou « abcabcabcabc »)."
        )
    elif _sequence(password):
        problems.append(
            "Le mot de passe ne doit pas être une suite évidente (par exemple "
            "« 123456789012 », « abcdefghijkl » ou une rangée du clavier)."
        )
    if email and password.strip().lower() == email.strip().lower():
        problems.append("Le mot de passe ne doit pas être votre adresse e-mail.")
    return problems


# Rows a sequence is read along, forwards or backwards, wrapping around (``…7890123…``).
SEQUENCES = (
    "0123456789",
    "abcdefghijklmnopqrstuvwxyz",
    "azertyuiopqsdfghjklmwxcvbn",
    "qwertyuiopasdfghjklzxcvbnm",
)


def _repeated(password: str) -> bool:
    """One character, or one motif, repeated all along (``aaaa…``, ``abab…``, ``abcabc…``)."""
    text = password.casefold()
    return any(
        text == (text[:size] * (len(text) // size + 1))[: len(text)]
        for size in range(1, len(text) // 2 + 1)
    )


def _sequence(password: str) -> bool:
    """A run along one of ``SEQUENCES`` (``123456789012``, ``lkjihgfedcba``, ``azertyuiop…``)."""
    text = password.casefold()
    for row in SEQUENCES:
        laps = row * (len(text) // len(row) + 2)
        if text in laps or text[::-1] in laps:
            return True
    return False


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def check_password(user: User | None, password: str) -> bool:
    """True when ``user`` is active and ``password`` matches; as slow for an unknown user."""
    if user is None or user.password_hash is None:
        check_password_hash(_DUMMY_HASH, password)
        return False
    return check_password_hash(user.password_hash, password) and user.active


def set_password(session: Session, user: User, password: str, now: datetime | None = None) -> None:
    """Store the new hash and end every open session of the user (a reset locks others out)."""
    now = now or utcnow()
    user.password_hash = hash_password(password)
    user.password_changed_at = now
    session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def issue_reset(
    session: Session,
    user: User,
    now: datetime | None = None,
    lifetime: timedelta = RESET_LIFETIME,
) -> str:
    """A new one-time link token for ``user``, valid for ``lifetime``; earlier unused links
    stop working."""
    now = now or utcnow()
    session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    token = secrets.token_urlsafe(32)
    session.add(
        PasswordReset(
            user_id=user.id,
            token_hash=token_hash(token),
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    session.flush()
    return token


def valid_reset(session: Session, token: str, now: datetime | None = None) -> PasswordReset | None:
    """The link behind ``token`` if it is unused, unexpired and its user active."""
    now = now or utcnow()
    reset = session.scalar(
        select(PasswordReset).where(PasswordReset.token_hash == token_hash(token))
    )
    if reset is None or reset.used_at is not None or reset.expires_at <= now:
        return None
    if not reset.user.active:
        return None
    return reset
