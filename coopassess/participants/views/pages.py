"""The participants of a campaign: the follow-up list, adding (one, a pasted list, a file),
removing. Every route checks the organisation through ``campaign_or_404``; every form that
adds or removes answers with a redirect (post/redirect/get)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from coopassess.auth.permissions import campaign_or_404
from coopassess.campaigns.service import CampaignError
from coopassess.db import db_session
from coopassess.mail.outbox import latest_by_ref
from coopassess.models import Campaign
from coopassess.participants import followup, importing, service

blueprint = Blueprint("participants", __name__)


def _page_number() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isdigit() and int(raw) >= 1 else 1


def render_page(campaign: Campaign, status: int = 200, **form: object) -> tuple[str, int]:
    session = db_session()
    if campaign.anonymous:
        return render_template("participants/anonymous.html", campaign=campaign), status
    not_answered = request.args.get("filtre") == "non-repondants"
    counts = followup.counts(session, campaign.id)
    shown = counts.not_answered if not_answered else counts.total
    pages = followup.page_count(shown)
    number = min(_page_number(), pages)
    raw = followup.page(session, campaign.id, number, not_answered=not_answered)
    mails = latest_by_ref(session, [followup.ref(row.id) for row in raw]) if raw else {}
    rows = followup.rows(raw, mails)
    return render_template(
        "participants/index.html",
        campaign=campaign,
        counts=counts,
        rows=rows,
        number=number,
        pages=pages,
        not_answered=not_answered,
        form=form,
    ), status


@blueprint.get("")
def index(campaign_id: int) -> tuple[str, int]:
    return render_page(campaign_or_404(campaign_id))


def _added(campaign: Campaign, added: service.Added) -> WerkzeugResponse:
    plural = "s" if added.added > 1 else ""
    parts = [f"{added.added} participant{plural} ajouté{plural}"]
    if added.merged:
        parts.append(
            f"{added.merged} déjà dans la liste (complété{'s' if added.merged > 1 else ''})"
        )
    flash(" ; ".join(parts) + ".")
    return redirect(url_for("participants.index", campaign_id=campaign.id))


@blueprint.post("/ajout")
def add(campaign_id: int) -> WerkzeugResponse | tuple[str, int]:
    """One person (the fields of the form) or a pasted list (one a line)."""
    campaign = campaign_or_404(campaign_id)
    pasted = request.form.get("liste", "")
    typed = {
        name: request.form.get(name, "") for name in ("email", "prenom", "nom", "structure", "role")
    }
    try:
        if pasted.strip():
            people = importing.parse_pasted(pasted)
        else:
            people = [
                importing.one_person(
                    typed["email"], typed["prenom"], typed["nom"], typed["structure"], typed["role"]
                )
            ]
        added = service.add_people(db_session(), campaign, people, current_app.config["SECRET_KEY"])
    except importing.ImportRefused as error:
        return render_page(campaign, 400, errors=error.problems, liste=pasted, **typed)
    except CampaignError as error:
        return render_page(campaign, 400, errors=[str(error)], liste=pasted, **typed)
    db_session().commit()
    return _added(campaign, added)


@blueprint.post("/import")
def import_file(campaign_id: int) -> WerkzeugResponse | tuple[str, int]:
    campaign = campaign_or_404(campaign_id)
    upload = request.files.get("fichier")
    if upload is None or not upload.filename:
        return render_page(campaign, 400, errors=["Choisissez un fichier CSV ou XLSX."])
    try:
        people = importing.read_file(upload.filename, upload.read())
        added = service.add_people(db_session(), campaign, people, current_app.config["SECRET_KEY"])
    except importing.ImportRefused as error:
        problems = [
            "Rien n'a été importé : corrigez le fichier puis importez-le de nouveau.",
            *error.problems,
        ]
        return render_page(campaign, 400, errors=problems)
    except CampaignError as error:
        return render_page(campaign, 400, errors=[str(error)])
    db_session().commit()
    return _added(campaign, added)


@blueprint.post("/<int:participant_id>/retrait")
def remove(campaign_id: int, participant_id: int) -> WerkzeugResponse:
    campaign = campaign_or_404(campaign_id)
    session = db_session()
    participant = service.participant_or_none(session, campaign, participant_id)
    if participant is None:
        abort(404)
    email = participant.email
    service.remove(session, participant)
    session.commit()
    flash(f"{email} a été retiré·e de la liste ; son lien personnel ne fonctionne plus.")
    return redirect(url_for("participants.index", campaign_id=campaign.id))
