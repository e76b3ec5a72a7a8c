"""Who may see what, for the views: the signed-in user, the guards, the checked lookups.

admin: every organisation; consultant: the organisations assigned to them; referent: their own.
A refusal is logged (``permission.denied``) and answered 403. The rules themselves, as SQL,
are in ``coopassess.campaigns.access``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import NoReturn, ParamSpec, TypeVar

from flask import abort, g, redirect, request, url_for
from sqlalchemy.exc import OperationalError
from werkzeug.wrappers import Response as WerkzeugResponse

from coopassess.auth import sessions
from coopassess.auth.audit import audit
from coopassess.campaigns.access import can_view_organisation
from coopassess.db import db_session
from coopassess.models import Campaign, Organisation, User

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


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
    if not can_view_organisation(db_session(), user, organisation_id):
        deny("organisation", target=f"organisation:{organisation_id}")
    return user


def campaign_or_404(campaign_id: int) -> Campaign:
    """The campaign, when it exists (404) and the signed-in user may see its organisation (403)."""
    campaign = _found_or_404(Campaign, campaign_id)
    require_organisation(campaign.organisation_id)
    return campaign


def organisation_or_404(organisation_id: int) -> Organisation:
    """The organisation, when it exists (404) and the signed-in user may see it (403)."""
    organisation = _found_or_404(Organisation, organisation_id)
    require_organisation(organisation.id)
    return organisation


def _found_or_404(model: type[T], row_id: int) -> T:
    found = db_session().get(model, row_id)
    if found is None:
        abort(404)
    return found


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
