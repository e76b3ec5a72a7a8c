"""``/compte/jetons``: the signed-in user's API tokens — list, create (shown once), revoke."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from coopassess.api import tokens as core
from coopassess.auth.forms import error_list
from coopassess.auth.permissions import current_user, login_required
from coopassess.db import db_session
from coopassess.models import ApiToken, User

blueprint = Blueprint("account", __name__)

DAYS_MESSAGE = f"La validité est un nombre de jours entre 1 et {core.MAX_DAYS}, ou vide."


class TokenForm(FlaskForm):
    name = StringField(
        "Nom du jeton",
        validators=[
            DataRequired("Donnez un nom au jeton."),
            Length(max=core.MAX_NAME_LENGTH, message="Le nom compte au plus 100 caractères."),
        ],
    )
    days = StringField(
        "Validité en jours (facultatif)",
        validators=[Optional(), Regexp(r"^[0-9]{1,4}$", message=DAYS_MESSAGE)],
    )


def _user() -> User:
    user = current_user()
    assert user is not None
    return user


@blueprint.route("/jetons", methods=["GET", "POST"])
@login_required
def tokens() -> str | tuple[str, int]:
    user = _user()
    session = db_session()
    form = TokenForm()
    created: core.Issued | None = None
    if form.validate_on_submit():
        days = int(form.days.data) if form.days.data else None
        try:
            created = core.issue(session, user, form.name.data, days, actor_id=user.id)
        except core.TokenError as problem:
            form[problem.field].errors = [str(problem)]
        else:
            session.commit()
            form = TokenForm(formdata=None)
    page = render_template(
        "api/tokens.html",
        form=form,
        errors=error_list(form),
        created=created,
        records=[(record, core.state(record)) for record in core.user_tokens(session, user)],
        api_url=current_app.config["BASE_URL"].rstrip("/") + url_for("api.campaigns"),
    )
    return (page, 400) if request.method == "POST" and created is None else page


@blueprint.post("/jetons/<int:token_id>/revocation")
@login_required
def revoke(token_id: int) -> WerkzeugResponse:
    user = _user()
    session = db_session()
    record = session.get(ApiToken, token_id)
    if record is None or record.user_id != user.id:
        abort(404)
    if core.revoke(session, record, actor_id=user.id):
        session.commit()
        flash(f"Le jeton « {record.name} » est révoqué : il n'ouvre plus l'API.")
    return redirect(url_for("account.tokens"))
