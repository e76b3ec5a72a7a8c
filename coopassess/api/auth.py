"""Who calls the API: ``Authorization: Bearer <token>``, or else the browser session.

A bearer header, when present, is the only credential looked at (a cookie sent alongside is
ignored). A refused token answers 401 with ``WWW-Authenticate: Bearer`` and is audited
(``api.denied``) with the reason, never the token. The API is read-only (GET), so a
session-authenticated call never needs a CSRF token.
"""

from __future__ import annotations

from typing import Any, NoReturn

from flask import Response, abort, g, jsonify, request
from sqlalchemy.exc import OperationalError

from coopassess.api import tokens
from coopassess.auth import limits
from coopassess.auth.audit import audit
from coopassess.auth.permissions import current_user
from coopassess.db import db_session
from coopassess.errors import MESSAGES
from coopassess.models import ApiToken, User

REALM = 'Bearer realm="CoopAssess"'
TITLES = {
    401: "Authentification requise",
    409: "Résultats indisponibles",
    429: "Trop de tentatives",
}
MISSING = (
    "Authentifiez-vous : en-tête « Authorization: Bearer <jeton> » (jetons créés sur "
    "/compte/jetons) ou session du navigateur."
)
REFUSED = "Jeton d'API invalide, expiré ou révoqué."
TOO_MANY = "Trop de jetons refusés depuis cette adresse : patientez 15 minutes avant de réessayer."


def _address() -> str:
    return request.remote_addr or "inconnue"


def error(code: int, message: str, headers: dict[str, str] | None = None, **extra: Any) -> Response:
    """A JSON error in the shape every ``/api/`` error has (``coopassess.errors``)."""
    title = TITLES.get(code) or MESSAGES.get(code, MESSAGES[400])[0]
    response = jsonify({"error": {"code": code, "title": title, "message": message, **extra}})
    response.status_code = code
    response.headers.update(headers or {})
    return response


def api_user() -> User:
    """The caller, or a 401 answer (JSON)."""
    header = request.headers.get("Authorization")
    if header is None:
        user = current_user()
        if user is None:
            abort(error(401, MISSING, {"WWW-Authenticate": REALM}))
        return user
    scheme, _, presented = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not presented.strip():
        _refuse("scheme", challenge=REALM)
    db = db_session()
    if limits.api_blocked(db, _address()):
        abort(error(429, TOO_MANY, {"Retry-After": str(int(limits.WINDOW.total_seconds()))}))
    checked = tokens.check(db, presented.strip())
    if not checked.valid:
        assert checked.refusal is not None
        _refuse(checked.refusal, checked.record)
    assert checked.record is not None
    if db.dirty:
        # The once-a-minute last_used_at, best effort: under write contention it waits.
        try:
            db.commit()
        except OperationalError:
            db.rollback()
    g.current_user = checked.record.user
    return checked.record.user


def _refuse(
    reason: str,
    record: ApiToken | None = None,
    *,
    challenge: str = f'{REALM}, error="invalid_token"',
) -> NoReturn:
    """Audit and count the refusal (committed now: the 401 rolls the request back), answer
    401. A missing or foreign scheme is not a guess and is not counted."""
    db = db_session()
    if reason != "scheme":
        limits.record_api_failure(db, _address())
    audit(
        db,
        "api.denied",
        actor_id=record.user_id if record is not None else None,
        target=f"api_token:{record.id}" if record is not None else None,
        detail={"reason": reason, "route": request.url_rule.rule if request.url_rule else None},
    )
    db.commit()
    abort(error(401, MISSING if reason == "scheme" else REFUSED, {"WWW-Authenticate": challenge}))
