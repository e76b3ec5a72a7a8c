"""The admins' page for the rights of the people (``/admin/donnees-personnelles``): an
address typed, its export downloaded as JSON, its erasure confirmed on a second page.

Every action is a POST (CSRF): the address never travels in a URL, so it stays out of the
browser's history and the server's access log."""

from __future__ import annotations

import json

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask import Response as FlaskResponse
from werkzeug.wrappers import Response as WerkzeugResponse

from coopassess.auth.permissions import current_user, role_required
from coopassess.db import db_session
from coopassess.models import utcnow
from coopassess.privacy import sources
from coopassess.privacy.erase import AccountHolds, erase
from coopassess.privacy.export import export, log_export
from coopassess.privacy.holdings import Holdings, PrivacyError, address, holdings
from coopassess.registry import registry

blueprint = Blueprint("privacy", __name__)


def _actor_id() -> int | None:
    user = current_user()
    return user.id if user else None


def _form(typed: str = "", error: str | None = None, status: int = 200) -> tuple[str, int]:
    return (
        render_template(
            "admin/privacy.html", typed=typed, errors=[("email", error)] if error else []
        ),
        status,
    )


def _found() -> Holdings | tuple[str, int]:
    """The holdings of the typed address, or the form again with the problem (400)."""
    typed = request.form.get("email", "")[:500]
    try:
        return holdings(db_session(), address(typed))
    except PrivacyError as error:
        return _form(typed, str(error), 400)


@blueprint.get("/donnees-personnelles")
@role_required("admin")
def index() -> tuple[str, int]:
    return _form()


@blueprint.post("/donnees-personnelles/export")
@role_required("admin")
def download() -> FlaskResponse | tuple[str, int]:
    found = _found()
    if not isinstance(found, Holdings):
        return found
    session = db_session()
    document = export(session, registry(), found, utcnow())
    log_export(session, found, _actor_id(), sources.ADMIN_PAGE)
    session.commit()
    answer = make_response(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    answer.mimetype = "application/json"
    answer.headers["Content-Disposition"] = 'attachment; filename="donnees-personnelles.json"'
    answer.headers["Cache-Control"] = "no-store"
    return answer


@blueprint.post("/donnees-personnelles/effacement")
@role_required("admin")
def confirm_erasure() -> tuple[str, int]:
    found = _found()
    if not isinstance(found, Holdings):
        return found
    refused = None
    if found.account is not None:
        refused = AccountHolds(found.account.role, found.account.id)
    page = render_template(
        "admin/privacy_confirm.html",
        found=found,
        typed=found.address.value,
        refused=refused,
    )
    return page, 409 if refused else 200


@blueprint.post("/donnees-personnelles/effacement/confirmer")
@role_required("admin")
def erase_address() -> WerkzeugResponse | tuple[str, int]:
    found = _found()
    if not isinstance(found, Holdings):
        return found
    try:
        done = erase(
            db_session(),
            registry(),
            found,
            with_answers=request.form.get("with_answers") == "1",
            actor_id=_actor_id(),
            source=sources.ADMIN_PAGE,
        )
    except AccountHolds as refused:
        page = render_template(
            "admin/privacy_confirm.html",
            found=found,
            typed=found.address.value,
            refused=refused,
        )
        return page, 409
    for line in done.summary():
        flash(line)
    return redirect(url_for("privacy.index"))
