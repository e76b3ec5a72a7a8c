"""Sending: « Envoyer les invitations », « Relancer les non-répondants » (a confirmation page
with the count, then one POST), and each round's progress.

The POST only records the round (a ``Mailing``) and queues one preparation job, so it answers
at once whatever the number of participants; the worker renders and queues the messages. The
confirmation form carries a key of its own: posted twice, it starts one round.
"""

from __future__ import annotations

import re
import secrets

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse

from coopassess.auth.permissions import campaign_or_404, current_user
from coopassess.db import db_session
from coopassess.mail.settings import MailSettings, MailSettingsError
from coopassess.models import Campaign, Mailing
from coopassess.participants import sending
from coopassess.participants.views.progress import progress_of, start_preparation

blueprint = Blueprint("sending", __name__)
_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
CONFIRMED = {
    "invitation": "Les invitations sont en préparation : suivez leur envoi ci-dessous.",
    "reminder": "La relance est en préparation : suivez son envoi ci-dessous.",
}


def _confirm_page(campaign: Campaign, kind: str) -> str | WerkzeugResponse:
    if campaign.anonymous:
        return redirect(url_for("participants.index", campaign_id=campaign.id))
    recipients = sending.count(db_session(), sending.targets(kind, campaign.id))
    return render_template(
        "participants/confirm.html",
        campaign=campaign,
        kind=kind,
        recipients=recipients,
        key=secrets.token_urlsafe(24),
    )


def _confirmed(campaign: Campaign, kind: str) -> WerkzeugResponse:
    typed = request.form.get("cle", "")
    if not _KEY.fullmatch(typed):
        abort(400)
    if campaign.anonymous or campaign.status != "open":
        flash("Cette campagne n'envoie pas de message (anonyme ou close).")
        return redirect(url_for("participants.index", campaign_id=campaign.id))
    session = db_session()
    if sending.count(session, sending.targets(kind, campaign.id)) == 0:
        flash("Personne à qui envoyer ce message.")
        return redirect(url_for("participants.index", campaign_id=campaign.id))
    user = current_user()
    mailing, new = sending.request_mailing(
        session, campaign, kind, f"form:{campaign.id}:{kind}:{typed}", user.id if user else None
    )
    session.commit()
    if new:
        start_preparation(mailing)
        flash(CONFIRMED[kind])
    return redirect(url_for("sending.mailing", campaign_id=campaign.id, mailing_id=mailing.id))


@blueprint.get("/invitations")
def confirm_invitations(campaign_id: int) -> str | WerkzeugResponse:
    return _confirm_page(campaign_or_404(campaign_id), "invitation")


@blueprint.post("/invitations")
def send_invitations(campaign_id: int) -> WerkzeugResponse:
    return _confirmed(campaign_or_404(campaign_id), "invitation")


@blueprint.get("/relance")
def confirm_reminder(campaign_id: int) -> str | WerkzeugResponse:
    return _confirm_page(campaign_or_404(campaign_id), "reminder")


@blueprint.post("/relance")
def send_reminder(campaign_id: int) -> WerkzeugResponse:
    return _confirmed(campaign_or_404(campaign_id), "reminder")


@blueprint.get("")
def mailings(campaign_id: int) -> str:
    campaign = campaign_or_404(campaign_id)
    session = db_session()
    found = session.scalars(
        select(Mailing).where(Mailing.campaign_id == campaign.id).order_by(Mailing.id.desc())
    ).all()
    return render_template(
        "participants/mailings.html",
        campaign=campaign,
        mailings=[(mailing, progress_of(session, mailing)) for mailing in found],
        labels=sending.KIND_LABELS,
    )


def _mailing(campaign: Campaign, mailing_id: int) -> Mailing:
    mailing = db_session().get(Mailing, mailing_id)
    if mailing is None or mailing.campaign_id != campaign.id:
        abort(404)
    return mailing


@blueprint.get("/<int:mailing_id>")
def mailing(campaign_id: int, mailing_id: int) -> str:
    campaign = campaign_or_404(campaign_id)
    found = _mailing(campaign, mailing_id)
    return render_template(
        "participants/mailing.html",
        campaign=campaign,
        mailing=found,
        progress=progress_of(db_session(), found),
        labels=sending.KIND_LABELS,
        outbox=_outbox_folder(),
    )


def _outbox_folder() -> str | None:
    """The folder messages are written to when no SMTP relay is set (the page says so)."""
    try:
        settings = MailSettings.from_config(current_app.config)
    except MailSettingsError:
        return None
    return None if settings.smtp else str(settings.outbox_dir)


@blueprint.get("/<int:mailing_id>/etat.json")
def mailing_state(campaign_id: int, mailing_id: int) -> dict[str, object]:
    """The counts the progress page refreshes (static/js/mailing-progress.js)."""
    campaign = campaign_or_404(campaign_id)
    return progress_of(db_session(), _mailing(campaign, mailing_id)).as_json()
