"""Account administration (``/admin/comptes``), for admins only: the list, creating an
account (the person receives an e-mail to choose a password), resending it, deactivating and
reactivating, assigning consultants to organisations and placing referents — from the user's
page and from the organisation's."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from coopassess.admin import accounts
from coopassess.admin.audit_log import ACTIONS
from coopassess.auth.permissions import current_user, organisation_or_404, role_required
from coopassess.db import db_session
from coopassess.mail.outbox import enqueue_delivery
from coopassess.models import ROLES, Organisation, User

blueprint = Blueprint("accounts", __name__)


def _admin() -> User:
    user = current_user()
    assert user is not None
    return user


def _user_or_404(user_id: int) -> User:
    user = db_session().get(User, user_id)
    if user is None:
        abort(404)
    return user


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


def _sent(mail_id: int, message: str) -> None:
    """Commit what queued the mail, then hand it to the workers."""
    db_session().commit()
    enqueue_delivery([mail_id])
    flash(message)


@blueprint.get("/comptes")
@role_required("admin")
def index() -> str:
    args = request.args
    page = args.get("page", "1")
    filters = accounts.Filters(
        search=args.get("q", "").strip()[:100],
        role=args.get("role", "") if args.get("role") in ROLES else "",
        page=int(page) if page.isdigit() and len(page) < 7 else 1,
    )
    return render_template(
        "admin/accounts.html",
        page=accounts.accounts_page(db_session(), filters),
        filters=filters,
        roles=accounts.ROLE_LABELS,
        query={key: value for key, value in args.items() if key != "page"},
    )


def _new_form(values: dict[str, str], problems: list[tuple[str, str]]) -> str:
    by_field: dict[str, list[str]] = {}
    for name, message in problems:
        by_field.setdefault(name, []).append(message)
    session = db_session()
    chosen = _int(values.get("organisation_id"))
    organisation = session.get(Organisation, chosen) if chosen else None
    choices = accounts.organisation_choices(session, values.get("q", ""))
    if organisation is not None and organisation not in choices:
        choices.insert(0, organisation)
    return render_template(
        "admin/account_new.html",
        values=values,
        errors=problems,
        field_errors=by_field,
        roles=accounts.ROLE_LABELS,
        organisations=choices,
        limit=accounts.PICKER_LIMIT,
    )


@blueprint.route("/comptes/nouveau", methods=["GET", "POST"])
@role_required("admin")
def new() -> str | tuple[str, int] | WerkzeugResponse:
    source = request.form if request.method == "POST" else request.args
    values = {
        "email": source.get("email", "")[:300],
        "role": source.get("role", "referent")[:20],
        "organisation_id": source.get("organisation_id") or source.get("organisation", ""),
        "q": request.args.get("q", "").strip()[:100],
    }
    if request.method == "GET":
        return _new_form(values, [])
    session = db_session()
    try:
        user = accounts.create_account(
            session,
            email=values["email"],
            role=values["role"],
            organisation_id=_int(values["organisation_id"]),
            author=_admin(),
        )
        mail_id = accounts.invite(session, user, _admin(), current_app.config["BASE_URL"])
    except accounts.AccountErrors as errors:
        session.rollback()
        return _new_form(values, errors.problems), 400
    _sent(
        mail_id, f"Compte créé\u00a0: {user.email} reçoit un e-mail pour choisir son mot de passe."
    )
    return redirect(url_for("accounts.detail", user_id=user.id))


@blueprint.get("/comptes/<int:user_id>")
@role_required("admin")
def detail(user_id: int) -> str:
    user = _user_or_404(user_id)
    session = db_session()
    search = request.args.get("q", "").strip()[:100]
    return render_template(
        "admin/account.html",
        user=user,
        roles=accounts.ROLE_LABELS,
        assigned=accounts.assigned_organisations(session, user),
        choices=accounts.organisation_choices(session, search),
        search=search,
        history=accounts.history(session, user),
        actions=ACTIONS,
    )


@blueprint.post("/comptes/<int:user_id>/invitation")
@role_required("admin")
def resend(user_id: int) -> WerkzeugResponse:
    user = _user_or_404(user_id)
    session = db_session()
    try:
        mail_id = accounts.invite(session, user, _admin(), current_app.config["BASE_URL"])
    except accounts.AccountErrors as error:
        session.rollback()
        flash(str(error))
    else:
        _sent(
            mail_id,
            f"Nouvelle invitation envoyée à {user.email} ; "
            "les liens précédents ne fonctionnent plus.",
        )
    return redirect(url_for("accounts.detail", user_id=user.id))


@blueprint.post("/comptes/<int:user_id>/<any(desactivation, reactivation):change>")
@role_required("admin")
def activation(user_id: int, change: str) -> WerkzeugResponse:
    user = _user_or_404(user_id)
    session = db_session()
    active = change == "reactivation"
    try:
        changed = accounts.set_active(session, user, active, _admin())
    except accounts.AccountErrors as error:
        flash(str(error))
    else:
        if changed:
            session.commit()
            flash(
                "Compte réactivé."
                if active
                else "Compte désactivé\u00a0: ses sessions sont fermées."
            )
    return redirect(url_for("accounts.detail", user_id=user.id))


def _organisation_from_form() -> Organisation:
    organisation_id = _int(request.form.get("organisation_id"))
    if organisation_id is None:
        abort(400)
    return organisation_or_404(organisation_id)


@blueprint.post("/comptes/<int:user_id>/organisations")
@role_required("admin")
def attach(user_id: int) -> WerkzeugResponse:
    """Assign a consultant to the organisation chosen, or place a referent in it."""
    user = _user_or_404(user_id)
    organisation = _organisation_from_form()
    session = db_session()
    try:
        if user.role == "referent":
            changed = accounts.place_referent(session, user, organisation, _admin())
        else:
            changed = accounts.assign(session, user, organisation, _admin())
    except accounts.AccountErrors as error:
        flash(str(error))
    else:
        if changed:
            session.commit()
            flash(f"{user.email} a désormais accès à « {organisation.name} ».")
    back = request.form.get("retour")
    if back == "organisation":
        return redirect(url_for("organisations.record", organisation_id=organisation.id))
    return redirect(url_for("accounts.detail", user_id=user.id))


@blueprint.post("/comptes/<int:user_id>/organisations/retrait")
@role_required("admin")
def detach(user_id: int) -> WerkzeugResponse:
    user = _user_or_404(user_id)
    organisation = _organisation_from_form()
    session = db_session()
    if accounts.unassign(session, user, organisation, _admin()):
        session.commit()
        flash(f"{user.email} n'a plus accès à « {organisation.name} ».")
    if request.form.get("retour") == "organisation":
        return redirect(url_for("organisations.record", organisation_id=organisation.id))
    return redirect(url_for("accounts.detail", user_id=user.id))


@blueprint.get("/organisations/<int:organisation_id>/consultants")
@role_required("admin")
def assign_to_organisation(organisation_id: int) -> str:
    """From the organisation's page: the consultants to give access to it, and the referents
    (searched by e-mail) to attach to it."""
    organisation = organisation_or_404(organisation_id)
    session = db_session()
    assigned = {user.id for user in accounts.consultants_of(session, organisation.id)}
    search = request.args.get("q", "").strip()[:100]
    return render_template(
        "admin/assign.html",
        organisation=organisation,
        consultants=accounts.consultants(session),
        assigned=assigned,
        search=search,
        referents=accounts.referent_choices(session, search, organisation.id),
    )
