"""The audit log: who did what, when, from where — never a password or a token."""

from __future__ import annotations

from collections.abc import Mapping
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


def update_logged(
    session: Session,
    row: object,
    wanted: Mapping[str, object],
    *,
    action: str,
    actor_id: int | None,
    target: str,
) -> list[str]:
    """Set the attributes of ``row`` that ``wanted`` changes and log their names (never their
    values, which may be personal); the names, empty when nothing changed."""
    changed = [name for name, value in wanted.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, wanted[name])
    if changed:
        audit(session, action, actor_id=actor_id, target=target, detail={"fields": changed})
    return changed
