"""Login, logout and setting a password from a one-time link."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse

from coopassess.auth import account_mail, limits, passwords, sessions
from coopassess.auth.audit import audit
from coopassess.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    PasswordForm,
    error_list,
)
from coopassess.auth.permissions import current_user, login_required
from coopassess.common import emails
from coopassess.db import db_session
from coopassess.errors import render_error
from coopassess.mail.outbox import enqueue_delivery
from coopassess.models import User, utcnow
from coopassess.security import safe_redirect_path

blueprint = Blueprint("auth", __name__)

LOGIN_FAILED = "Adresse e-mail ou mot de passe incorrect."
LINK_INVALID = (
    "Ce lien n'est plus valable\u00a0: demandez-en un nouveau depuis "
    "« Mot de passe oublié\u00a0? » "
    "sur la page de connexion, ou à l'administrateur."
)
RESET_SENT = (
    "Si un compte actif existe pour cette adresse, un e-mail vient d'y être envoyé avec un lien "
    "pour choisir un nouveau mot de passe (valable 1 heure). Pensez à regarder vos courriers "
    "indésirables."
)


def _safe_next(target: str | None) -> str:
    """Only a path of this site, so the login page cannot send anyone elsewhere."""
    return safe_redirect_path(target, url_for("campaigns.index"))


@blueprint.app_context_processor
def _signed_in() -> dict[str, object]:
    """Templates show who is signed in, and the logout button, from one place. Respondents
    never hold an account session, so their pages ask the database nothing more."""
    return {"signed_in_user": current_user() if sessions.SESSION_KEY in session else None}


@blueprint.route("/connexion", methods=["GET", "POST"])
def login() -> str | WerkzeugResponse | tuple[object, int]:
    form = LoginForm()
    if request.method == "GET" and current_user() is not None:
        return redirect(_safe_next(request.args.get("suivant")))
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form, errors=error_list(form))
    db = db_session()
    now = utcnow()
    email = emails.normalise(form.email.data)
    if emails.problem(email) is not None:
        # No account has such an address: nothing to count, nothing to look up.
        return render_template("auth/login.html", form=form, errors=[("email", LOGIN_FAILED)])
    address = request.remote_addr or "inconnue"
    if limits.blocked(db, email, address, now):
        audit(db, "login.rate_limited", target=email, at=now)
        db.commit()
        return render_error(429)
    user = db.scalar(select(User).where(User.email == email))
    if not passwords.check_password(user, form.password.data):
        limits.record(db, email, address, success=False, now=now)
        audit(db, "login.failure", target=email, at=now)
        db.commit()
        form.password.errors = [LOGIN_FAILED]
        return render_template("auth/login.html", form=form, errors=[("password", LOGIN_FAILED)])
    assert user is not None
    limits.record(db, email, address, success=True, now=now)
    sessions.start(db, user, now)
    audit(db, "login.success", actor_id=user.id, target=email, at=now)
    db.commit()
    return redirect(_safe_next(request.args.get("suivant")))


@blueprint.post("/deconnexion")
def logout() -> WerkzeugResponse:
    db = db_session()
    record = sessions.end(db)
    if record is not None:
        audit(db, "logout", actor_id=record.user_id, target=record.user.email)
    db.commit()
    flash("Vous êtes déconnecté.")
    return redirect(url_for("auth.login"))


@blueprint.route("/mot-de-passe/<token>", methods=["GET", "POST"])
def password(token: str) -> str | WerkzeugResponse | tuple[object, int]:
    db = db_session()
    reset = passwords.valid_reset(db, token)
    if reset is None:
        return render_error(410, LINK_INVALID)
    user = reset.user
    form = PasswordForm()
    errors: list[tuple[str, str]] = []
    if form.validate_on_submit():
        problems = passwords.password_problems(form.password.data, user.email)
        if not problems:
            now = utcnow()
            passwords.set_password(db, user, form.password.data, now)
            reset.used_at = now
            audit(db, "password.reset", actor_id=user.id, target=user.email, at=now)
            db.commit()
            flash("Votre mot de passe est enregistré\u00a0: vous pouvez vous connecter.")
            return redirect(url_for("auth.login"))
        form.password.errors = problems
    errors = error_list(form)
    return render_template("auth/password.html", form=form, errors=errors, user=user)


@blueprint.route("/compte", methods=["GET", "POST"])
@login_required
def account() -> str | WerkzeugResponse | tuple[str, int]:
    """The signed-in user's account: who they are, and a new password (the current one
    required). Every other session of the account ends; this one starts afresh."""
    user = current_user()
    assert user is not None
    form = ChangePasswordForm()
    if form.validate_on_submit():
        db = db_session()
        if not passwords.check_password(user, form.current.data):
            form.current.errors = ["Le mot de passe actuel est incorrect."]
        elif problems := passwords.password_problems(form.password.data, user.email):
            form.password.errors = problems
        else:
            now = utcnow()
            passwords.set_password(db, user, form.password.data, now)
            audit(db, "password.change", actor_id=user.id, target=user.email, at=now)
            sessions.start(db, user, now)
            db.commit()
            flash("Votre mot de passe est changé. Vos autres sessions sont fermées.")
            return redirect(url_for("auth.account"))
    errors = error_list(form)
    page = render_template("auth/account.html", form=form, errors=errors, user=user)
    return (page, 400) if request.method == "POST" else page


@blueprint.route("/mot-de-passe-oublie", methods=["GET", "POST"])
def forgotten() -> str | WerkzeugResponse | tuple[object, int]:
    """A reset link by e-mail. The same answer whether the address has an account or not;
    limited per client and per address (``limits.reset_allowed``)."""
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        page = render_template("auth/forgotten.html", form=form, errors=error_list(form))
        return (page, 400) if request.method == "POST" else page
    email = emails.normalise(form.email.data)
    if emails.problem(email) is not None:
        form.email.errors = [emails.problem(email)]
        return render_template("auth/forgotten.html", form=form, errors=error_list(form)), 400
    db = db_session()
    now = utcnow()
    client_ok, email_ok = limits.reset_allowed(db, email, request.remote_addr or "inconnue", now)
    if not client_ok:
        db.commit()
        return render_error(429)
    user = db.scalar(select(User).where(User.email == email))
    mail_id = None
    if email_ok and user is not None and user.active:
        token = passwords.issue_reset(db, user, now, lifetime=passwords.FORGOTTEN_LIFETIME)
        mail_id = account_mail.queue_reset(db, user, token, current_app.config["BASE_URL"])
        audit(db, "password.reset_requested", actor_id=user.id, target=user.email, at=now)
    db.commit()
    if mail_id is not None:
        enqueue_delivery([mail_id])
    flash(RESET_SENT)
    return redirect(url_for("auth.forgotten"))
