"""Who may see what: one set of helpers used by every view.

admin: every organisation; consultant: the organisations assigned to them; referent: their own.
A refusal is logged (``permission.denied``) and answered 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import NoReturn, ParamSpec, TypeVar

from flask import abort, g, redirect, request, url_for
from sqlalchemy import ColumnElement, false, select, true
from sqlalchemy.exc import OperationalError
from werkzeug.wrappers import Response as WerkzeugResponse

from coopassess.auth import sessions
from coopassess.auth.audit import audit
from coopassess.db import db_session
from coopassess.models import Assignment, User

P = ParamSpec("P")
R = TypeVar("R")


def current_user() -> User | None:
    """The signed-in user of this request (checked once per request against the database)."""
    if "current_user" not in g:
        db = db_session()
        record = sessions.current(db)
        g.current_user = record.user if record is not None else None
        if db.dirty:
            # A touch or an expiry, committed before the view does any work of its own. Both
            # are best effort: under write contention the timestamps still decide validity.
            try:
                db.commit()
            except OperationalError:
                db.rollback()
    return g.current_user


def can_view_organisation(user: User | None, organisation_id: int) -> bool:
    if user is None or not user.active:
        return False
    if user.role == "admin":
        return True
    if user.role == "referent":
        return user.organisation_id == organisation_id
    if user.role == "consultant":
        found = db_session().scalar(
            select(Assignment.id).where(
                Assignment.user_id == user.id, Assignment.organisation_id == organisation_id
            )
        )
        return found is not None
    return False


def organisation_filter(user: User, column: ColumnElement[int]) -> ColumnElement[bool]:
    """The rule of ``can_view_organisation`` as SQL, on any organisation id column: lists show
    exactly what the pages would let the user open."""
    if user.role == "admin" and user.active:
        return true()
    if user.role == "referent" and user.active:
        return column == user.organisation_id
    if user.role == "consultant" and user.active:
        return column.in_(select(Assignment.organisation_id).where(Assignment.user_id == user.id))
    return false()


def deny(reason: str, target: str | None = None) -> NoReturn:
    """Log the refusal (committed now: the 403 rolls the request back) and answer 403."""
    user = g.get("current_user")
    db = db_session()
    audit(
        db,
        "permission.denied",
        actor_id=user.id if user is not None else None,
        target=target,
        detail={"reason": reason, "route": request.url_rule.rule if request.url_rule else None},
    )
    db.commit()
    abort(403)


def require_organisation(organisation_id: int) -> User:
    """The user, when they may see ``organisation_id``; otherwise 403 (or the login page)."""
    user = current_user()
    if user is None:
        abort(_to_login())
    if not can_view_organisation(user, organisation_id):
        deny("organisation", target=f"organisation:{organisation_id}")
    return user


def _to_login() -> WerkzeugResponse:
    return redirect(url_for("auth.login", suivant=request.full_path.rstrip("?")))


def login_required(view: Callable[P, R]) -> Callable[P, R]:
    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        if current_user() is None:
            abort(_to_login())
        return view(*args, **kwargs)

    return wrapped


def role_required(*roles: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            user = current_user()
            if user is None:
                abort(_to_login())
            if user.role not in roles:
                deny("role", target=f"role:{'|'.join(roles)}")
            return view(*args, **kwargs)

        return wrapped

    return decorator
