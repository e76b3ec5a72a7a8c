"""The digest of overdue actions, from the user's side: the setting on the account page, and
the unsubscribe link of every digest, ``/compte/actions-en-retard/desinscription/<user>/<sig>``.

The link's GET shows a French confirmation page and changes nothing (mail scanners follow
links); only a POST opts out: the page's form or the RFC 8058 one-click POST of a mail client
(body ``List-Unsubscribe=One-Click``). The signature (an HMAC of the user id) is the proof, so
that POST needs no CSRF token; the account page's form has one."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from coopassess.auth.audit import audit
from coopassess.auth.permissions import current_user, login_required
from coopassess.db import db_session
from coopassess.followup.digest import valid_signature
from coopassess.models import User
from coopassess.security import csrf

blueprint = Blueprint("followup", __name__)


def _set(user: User, wanted: bool, actor_id: int | None) -> None:
    if user.action_digest != wanted:
        user.action_digest = wanted
        audit(
            db_session(),
            "user.action_digest",
            actor_id=actor_id,
            target=f"user:{user.id}",
            detail={"action_digest": wanted},
        )
        db_session().commit()


@blueprint.post("/actions-en-retard")
@login_required
def digest_setting() -> WerkzeugResponse:
    user = current_user()
    assert user is not None
    wanted = request.form.get("action_digest") == "1"
    _set(user, wanted, user.id)
    flash(
        "Vous recevrez chaque lundi les actions en retard de votre organisation."
        if wanted
        else "Vous ne recevrez plus le courriel hebdomadaire des actions en retard."
    )
    return redirect(url_for("auth.account") + "#actions-en-retard")


def _user(user_id: int, signature: str) -> User | None:
    if len(signature) > 64 or not valid_signature(
        current_app.config["SECRET_KEY"], user_id, signature
    ):
        return None
    return db_session().get(User, user_id)


@blueprint.get("/actions-en-retard/desinscription/<int:user_id>/<signature>")
def confirm(user_id: int, signature: str) -> tuple[str, int]:
    user = _user(user_id, signature)
    page = render_template("followup/unsubscribe.html", user=user, signature=signature)
    return page, 200 if user is not None else 404


@blueprint.post("/actions-en-retard/desinscription/<int:user_id>/<signature>")
@csrf.exempt  # the signature in the link is the proof (see the module's docstring)
def unsubscribe(user_id: int, signature: str) -> WerkzeugResponse | tuple[str, int]:
    user = _user(user_id, signature)
    if user is None:
        return render_template("followup/unsubscribe.html", user=None), 404
    _set(user, False, None)
    if request.form.get("List-Unsubscribe") == "One-Click":
        return "Désinscription enregistrée.", 200
    return redirect(url_for("followup.confirm", user_id=user_id, signature=signature))
