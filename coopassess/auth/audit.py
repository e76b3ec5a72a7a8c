"""The audit log: who did what, when, from where — never a password or a token."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import has_request_context, request
from sqlalchemy.orm import Session

from coopassess.models import AuditEvent, utcnow

# Keys that must never reach the log, whatever a caller passes in ``detail``.
SECRET_KEYS = frozenset({"password", "password_hash", "token", "token_hash", "csrf_token"})


def client_address() -> str | None:
    """The client's address (ProxyFix makes it the real one behind a trusted proxy)."""
    return request.remote_addr if has_request_context() else None


def audit(
    session: Session,
    action: str,
    *,
    actor_id: int | None = None,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Add an event to ``session``; the caller commits with the rest of its work."""
    clean = {key: value for key, value in (detail or {}).items() if key not in SECRET_KEYS}
    event = AuditEvent(
        at=at or utcnow(),
        actor_id=actor_id,
        action=action,
        target=target,
        address=client_address(),
        detail=clean,
    )
    session.add(event)
    return event
