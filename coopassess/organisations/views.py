"""Organisation pages: the list (``/organisations``), creating, editing, the record with its
campaigns and people, archiving, restoring and deleting.

Everyone signed in lists what they may see; admins and consultants create and edit (a
consultant only the organisations assigned to them, and is assigned to those they create);
admins archive, restore and delete. Every object route checks ``organisation_or_404``."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from coopassess.auth.permissions import (
    current_user,
    login_required,
    organisation_or_404,
    role_required,
)
from coopassess.campaigns.access import organisation_filter
from coopassess.db import db_session
from coopassess.models import TARGETS, Organisation, User
from coopassess.organisations import service
from coopassess.organisations.fields import KIND_LABELS, REGIONS, SIZE_BANDS
from coopassess.privacy import service as privacy
from coopassess.registry import registry

blueprint = Blueprint("organisations", __name__)


def _user() -> User:
    user = current_user()
    assert user is not None
    return user


def _filters() -> service.Filters:
    """Query-string filters; unknown values are ignored, never an error."""
    args = request.args
    page = args.get("page", "1")
    return service.Filters(
        search=args.get("q", "").strip()[:100],
        kind=args.get("type", "") if args.get("type") in TARGETS else "",
        archived=args.get("archivees") == "1",
        page=int(page) if page.isdigit() and len(page) < 7 else 1,
    )


@blueprint.get("")
@login_required
def index() -> str:
    filters = _filters()
    page = service.listing(db_session(), organisation_filter(_user(), Organisation.id), filters)
    return render_template(
        "organisations/index.html",
        page=page,
        filters=filters,
        kinds=KIND_LABELS,
        query={key: value for key, value in request.args.items() if key != "page"},
    )


def _form(
    organisation: Organisation | None, values: dict[str, str], problems: list[tuple[str, str]]
) -> str:
    by_field: dict[str, list[str]] = {}
    for name, message in problems:
        by_field.setdefault(name, []).append(message)
    return render_template(
        "organisations/form.html",
        organisation=organisation,
        values=values,
        errors=problems,
        field_errors=by_field,
        kinds=KIND_LABELS,
        structure_choices=[
            (value, value) for value in service.structure_types(registry().current())
        ],
        region_choices=[(region, region) for region in REGIONS],
        band_choices=[
            (band, f"{band} ({KIND_LABELS[kind].lower()})")
            for kind, bands in SIZE_BANDS.items()
            for band in bands
        ],
    )


def _typed() -> dict[str, str]:
    return {name: request.form.get(name, "")[:1000] for name in service.FIELDS}


@blueprint.route("/nouvelle", methods=["GET", "POST"])
@role_required("admin", "consultant")
def new() -> str | tuple[str, int] | WerkzeugResponse:
    if request.method == "GET":
        return _form(None, {"kind": "territoire"}, [])
    values = _typed()
    session = db_session()
    structures = service.structure_types(registry().current())
    try:
        organisation = service.create(session, values, structures, _user())
    except service.OrganisationErrors as errors:
        return _form(None, values, errors.problems), 400
    session.commit()
    flash(f"Organisation « {organisation.name} » créée.")
    return redirect(url_for("organisations.record", organisation_id=organisation.id))


@blueprint.get("/<int:organisation_id>/fiche")
def record(organisation_id: int) -> str:
    organisation = organisation_or_404(organisation_id)
    session = db_session()
    referents, consultants = service.people_of(session, organisation.id)
    return render_template(
        "organisations/record.html",
        organisation=organisation,
        campaigns=service.campaigns_of(session, organisation.id),
        referents=referents,
        consultants=consultants,
        responses=service.response_count(session, organisation.id),
        kinds=KIND_LABELS,
    )


@blueprint.route("/<int:organisation_id>/modifier", methods=["GET", "POST"])
@role_required("admin", "consultant")
def edit(organisation_id: int) -> str | tuple[str, int] | WerkzeugResponse:
    organisation = organisation_or_404(organisation_id)
    if request.method == "GET":
        return _form(organisation, service.values_of(organisation), [])
    values = _typed()
    session = db_session()
    structures = service.structure_types(registry().current())
    try:
        changed = service.update(session, organisation, values, structures, _user())
    except service.OrganisationErrors as errors:
        session.rollback()
        return _form(organisation, values, errors.problems), 400
    session.commit()
    flash("Modifications enregistrées." if changed else "Aucune modification.")
    return redirect(url_for("organisations.record", organisation_id=organisation.id))


def _notice_form(
    organisation: Organisation, values: dict[str, str], problems: list[tuple[str, str]]
) -> str:
    by_field: dict[str, list[str]] = {}
    for name, message in problems:
        by_field.setdefault(name, []).append(message)
    return render_template(
        "organisations/privacy.html",
        organisation=organisation,
        values=values,
        errors=problems,
        field_errors=by_field,
        campaigns=service.campaigns_of(db_session(), organisation.id),
    )


@blueprint.route("/<int:organisation_id>/donnees-personnelles", methods=["GET", "POST"])
@role_required("admin", "referent")
def privacy_settings(organisation_id: int) -> str | tuple[str, int] | WerkzeugResponse:
    """The controller, the DPO contact and the organisation's additions to its notice: its
    referents and the admins edit them (the next response started records the new text)."""
    organisation = organisation_or_404(organisation_id)
    if request.method == "GET":
        return _notice_form(organisation, privacy.settings_of(organisation), [])
    values = {name: request.form.get(name, "")[:6000] for name in privacy.SETTINGS}
    session = db_session()
    try:
        changed = privacy.update_settings(session, organisation, values, _user())
    except privacy.SettingsErrors as errors:
        session.rollback()
        return _notice_form(organisation, values, errors.problems), 400
    session.commit()
    flash("Notice d'information enregistrée." if changed else "Aucune modification.")
    return redirect(url_for("organisations.privacy_settings", organisation_id=organisation.id))


@blueprint.route("/<int:organisation_id>/archivage", methods=["GET", "POST"])
@role_required("admin")
def archive(organisation_id: int) -> str | WerkzeugResponse:
    """A confirmation page that says what archiving does, then the archive itself."""
    organisation = organisation_or_404(organisation_id)
    session = db_session()
    if request.method == "GET":
        return render_template(
            "organisations/confirm.html",
            organisation=organisation,
            action="archive",
            responses=service.response_count(session, organisation.id),
        )
    if service.archive(session, organisation, _user()):
        session.commit()
        flash(
            "Organisation archivée\u00a0: elle n'apparaît plus dans les listes, ses données "
            "sont gardées."
        )
    return redirect(url_for("organisations.record", organisation_id=organisation.id))


@blueprint.post("/<int:organisation_id>/restauration")
@role_required("admin")
def restore(organisation_id: int) -> WerkzeugResponse:
    organisation = organisation_or_404(organisation_id)
    session = db_session()
    if service.restore(session, organisation, _user()):
        session.commit()
        flash("Organisation restaurée\u00a0: elle figure de nouveau dans les listes.")
    return redirect(url_for("organisations.record", organisation_id=organisation.id))


@blueprint.route("/<int:organisation_id>/suppression", methods=["GET", "POST"])
@role_required("admin")
def delete(organisation_id: int) -> str | tuple[str, int] | WerkzeugResponse:
    organisation = organisation_or_404(organisation_id)
    session = db_session()
    responses = service.response_count(session, organisation.id)
    if request.method == "GET" or responses:
        page = render_template(
            "organisations/confirm.html",
            organisation=organisation,
            action="delete",
            responses=responses,
        )
        return (page, 409) if request.method == "POST" else page
    name = organisation.name
    service.delete(session, organisation, _user())
    session.commit()
    flash(f"Organisation « {name} » supprimée.")
    return redirect(url_for("organisations.index"))
