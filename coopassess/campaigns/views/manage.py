"""Editing, archiving and deleting a campaign from the web (``coopassess.campaigns.editing``).

Open to whoever may see the campaign (``campaign_or_404``): its referent, its consultants,
admins. Questionnaires and version change only before the first response; a campaign with
responses is archived, never deleted; both behind a page that says what will happen."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from coopassess.auth.permissions import campaign_or_404, current_user
from coopassess.campaigns import editing
from coopassess.campaigns.forms import MODULE_LABELS
from coopassess.campaigns.service import CampaignError, campaign_today
from coopassess.db import db_session
from coopassess.models import Campaign, User
from coopassess.registry import registry

blueprint = Blueprint("campaign_manage", __name__)


def _user() -> User:
    user = current_user()
    assert user is not None
    return user


def _values(campaign: Campaign) -> dict[str, object]:
    return {
        "demarche": campaign.demarche,
        "opens_on": campaign.opens_on.isoformat() if campaign.opens_on else "",
        "closes_on": campaign.closes_on.isoformat() if campaign.closes_on else "",
        "results_shared": campaign.results_shared,
        "modules": list(campaign.modules),
        "instrument_version": campaign.instrument_version,
        "address_retention_months": str(campaign.address_retention_months),
        "answer_retention_months": str(campaign.answer_retention_months),
    }


def _form(campaign: Campaign, values: dict[str, object], problems: list[tuple[str, str]]) -> str:
    by_field: dict[str, list[str]] = {}
    for name, message in problems:
        by_field.setdefault(name, []).append(message)
    return render_template(
        "campaigns/edit.html",
        campaign=campaign,
        values=values,
        errors=problems,
        field_errors=by_field,
        module_labels=MODULE_LABELS,
        versions=registry().versions(),
        responses=editing.response_count(db_session(), campaign),
    )


def _date(values: dict[str, object], name: str, problems: list[tuple[str, str]]) -> date | None:
    typed = str(values[name]).strip()
    if not typed:
        return None
    try:
        return date.fromisoformat(typed)
    except ValueError:
        problems.append(
            (name, "La date est attendue au format AAAA-MM-JJ (par exemple 2027-03-31).")
        )
        return None


def _months(values: dict[str, object], name: str, problems: list[tuple[str, str]]) -> int | None:
    typed = str(values[name]).strip()
    if typed.isdigit() and len(typed) <= 4:
        return int(typed)
    problems.append((name, "Indiquez un nombre entier de mois (par exemple 3)."))
    return None


@blueprint.route("/<int:campaign_id>/modifier", methods=["GET", "POST"])
def edit(campaign_id: int) -> str | tuple[str, int] | WerkzeugResponse:
    campaign = campaign_or_404(campaign_id)
    if request.method == "GET":
        return _form(campaign, _values(campaign), [])
    form = request.form
    values: dict[str, object] = {
        "demarche": form.get("demarche", "")[:1000],
        "opens_on": form.get("opens_on", "")[:20],
        "closes_on": form.get("closes_on", "")[:20],
        "results_shared": bool(form.get("results_shared")),
        "modules": form.getlist("modules"),
        "instrument_version": form.get("instrument_version", "")[:40],
        # A form without the fields (an older page) keeps the campaign's periods.
        "address_retention_months": form.get(
            "address_retention_months", str(campaign.address_retention_months)
        )[:10],
        "answer_retention_months": form.get(
            "answer_retention_months", str(campaign.answer_retention_months)
        )[:10],
    }
    problems: list[tuple[str, str]] = []
    opens_on = _date(values, "opens_on", problems)
    closes_on = _date(values, "closes_on", problems)
    address_months = _months(values, "address_retention_months", problems)
    answer_months = _months(values, "answer_retention_months", problems)
    if problems or address_months is None or answer_months is None:
        return _form(campaign, values, problems), 400
    change = editing.CampaignEdit(
        demarche=str(values["demarche"]),
        opens_on=opens_on,
        closes_on=closes_on,
        results_shared=bool(values["results_shared"]),
        modules=tuple(str(m) for m in values["modules"]),  # type: ignore[union-attr]
        instrument_version=str(values["instrument_version"]),
        address_retention_months=address_months,
        answer_retention_months=answer_months,
    )
    session = db_session()
    try:
        changed = editing.update(
            session,
            campaign,
            change,
            versions=registry().versions(),
            today=campaign_today(),
            author=_user(),
        )
    except editing.CampaignErrors as errors:
        session.rollback()
        return _form(campaign, values, errors.problems), 400
    session.commit()
    flash("Modifications enregistrées." if changed else "Aucune modification.")
    return redirect(url_for("campaigns.campaign", campaign_id=campaign.id))


def _confirm(campaign: Campaign, action: str) -> str:
    return render_template(
        "campaigns/confirm_remove.html",
        campaign=campaign,
        action=action,
        responses=editing.response_count(db_session(), campaign),
    )


@blueprint.route("/<int:campaign_id>/archivage", methods=["GET", "POST"])
def archive(campaign_id: int) -> str | WerkzeugResponse:
    campaign = campaign_or_404(campaign_id)
    if request.method == "GET":
        return _confirm(campaign, "archive")
    session = db_session()
    if editing.archive(session, campaign, _user()):
        session.commit()
        flash(
            "Campagne archivée\u00a0: elle n'apparaît plus dans les listes, "
            "ses réponses sont gardées."
        )
    return redirect(url_for("campaigns.campaign", campaign_id=campaign.id))


@blueprint.post("/<int:campaign_id>/restauration")
def restore(campaign_id: int) -> WerkzeugResponse:
    campaign = campaign_or_404(campaign_id)
    session = db_session()
    if editing.restore(session, campaign, _user()):
        session.commit()
        flash("Campagne restaurée\u00a0: elle figure de nouveau dans les listes.")
    return redirect(url_for("campaigns.campaign", campaign_id=campaign.id))


@blueprint.route("/<int:campaign_id>/suppression", methods=["GET", "POST"])
def delete(campaign_id: int) -> str | tuple[str, int] | WerkzeugResponse:
    campaign = campaign_or_404(campaign_id)
    if request.method == "GET":
        return _confirm(campaign, "delete")
    session = db_session()
    name, organisation_id = campaign.demarche, campaign.organisation_id
    try:
        editing.delete(session, campaign, _user())
    except CampaignError:
        session.rollback()
        return _confirm(campaign, "delete"), 409
    session.commit()
    flash(f"Campagne « {name} » supprimée.")
    return redirect(url_for("organisations.record", organisation_id=organisation_id))
