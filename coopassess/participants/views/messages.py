"""A campaign's messages: the invitation and the reminder (subject and body), the reply-to
address, the scheduled reminders, and a preview of the exact message for one participant."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse

from coopassess.auth.permissions import campaign_or_404, current_user
from coopassess.db import db_session
from coopassess.models import Campaign, Participant
from coopassess.participants import importing, texts
from coopassess.participants.messages import KIND_LABELS, PLACEHOLDERS, MessageRefused, render

blueprint = Blueprint("participant_messages", __name__)
MAX_DAYS = 90
MASK = "…lien-personnel-masqué…"


def _page(
    campaign: Campaign, values: dict[str, str], errors: list[tuple[str, str]], status: int = 200
) -> tuple[str, int]:
    session = db_session()
    first = session.scalars(
        select(Participant)
        .where(Participant.campaign_id == campaign.id)
        .order_by(Participant.id)
        .limit(20)
    ).all()
    return render_template(
        "participants/messages.html",
        campaign=campaign,
        values=values,
        errors=errors,
        labels=KIND_LABELS,
        placeholders=PLACEHOLDERS,
        participants=first,
    ), status


def _stored_values(campaign: Campaign) -> dict[str, str]:
    found = texts.templates(db_session(), campaign.id)
    user = current_user()
    values = {
        "contact_email": campaign.contact_email or (user.email if user else ""),
        "remind_after_days": ""
        if campaign.remind_after_days is None
        else str(campaign.remind_after_days),
        "remind_before_close_days": ""
        if campaign.remind_before_close_days is None
        else str(campaign.remind_before_close_days),
    }
    for kind, template in found.items():
        values[f"{kind}_subject"], values[f"{kind}_body"] = template.subject, template.body
    return values


@blueprint.get("")
def edit(campaign_id: int) -> tuple[str, int]:
    campaign = campaign_or_404(campaign_id)
    return _page(campaign, _stored_values(campaign), [])


def _days(raw: str, label: str, anchor: str, errors: list[tuple[str, str]]) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_DAYS:
        errors.append(
            (
                anchor,
                f"{label} : un nombre de jours entre 1 et {MAX_DAYS} "
                "(laissez vide pour ne pas relancer).",
            )
        )
        return None
    return int(raw)


@blueprint.post("")
def save(campaign_id: int) -> WerkzeugResponse | tuple[str, int]:
    campaign = campaign_or_404(campaign_id)
    session = db_session()
    values = {name: request.form.get(name, "") for name in _stored_values(campaign)}
    errors: list[tuple[str, str]] = []
    for kind, label in KIND_LABELS.items():
        try:
            texts.save(
                session, campaign.id, kind, values[f"{kind}_subject"], values[f"{kind}_body"]
            )
        except MessageRefused as error:
            errors.extend((f"{kind}_body", f"{label} — {problem}") for problem in error.problems)
    contact = values["contact_email"].strip()
    address = importing.normalise_email(contact) if contact else None
    if contact and address is None:
        errors.append(("contact_email", "Adresse de réponse invalide."))
    after = _days(
        values["remind_after_days"], "Relance après l'invitation", "remind_after_days", errors
    )
    before = _days(
        values["remind_before_close_days"],
        "Relance avant la clôture",
        "remind_before_close_days",
        errors,
    )
    if errors:
        session.rollback()
        return _page(campaign, values, errors, 400)
    campaign.contact_email = address
    campaign.remind_after_days, campaign.remind_before_close_days = after, before
    session.commit()
    flash("Messages enregistrés.")
    return redirect(url_for("participant_messages.edit", campaign_id=campaign.id))


@blueprint.get("/apercu")
def preview(campaign_id: int) -> tuple[str, int] | str:
    """The exact message one participant would receive (as stored: save before previewing)."""
    campaign = campaign_or_404(campaign_id)
    session = db_session()
    kind = request.args.get("message", "invitation")
    if kind not in KIND_LABELS:
        kind = "invitation"
    raw = request.args.get("participant", "")
    participant = session.get(Participant, int(raw)) if raw.isdigit() else None
    if participant is None or participant.campaign_id != campaign.id:
        participant = session.scalar(
            select(Participant)
            .where(Participant.campaign_id == campaign.id)
            .order_by(Participant.id)
        )
    if participant is None:
        flash("Ajoutez au moins un participant pour voir l'aperçu d'un message.")
        return redirect(url_for("participant_messages.edit", campaign_id=campaign.id))
    # The personal link opens the person's own answers: the preview masks its token, so the
    # referent who reads it cannot open them (nor opt the person out).
    base = current_app.config["BASE_URL"].rstrip("/")
    link = f"{base}/i/{MASK}"
    unsubscribe = f"{base}/desinscription/{participant.id}/{MASK}"
    template = texts.templates(session, campaign.id)[kind]
    message = render(template, texts.values(campaign, participant, link, unsubscribe, base))
    return render_template(
        "participants/preview.html",
        campaign=campaign,
        participant=participant,
        kind=kind,
        label=KIND_LABELS[kind],
        message=message,
        reply_to=campaign.contact_email,
    )
