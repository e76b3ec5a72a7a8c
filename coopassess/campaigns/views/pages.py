"""The referent's and consultant's campaign pages: participation, aggregated results, the PDF,
closing and reopening. Every route checks the organisation through ``campaign_or_404``."""

from __future__ import annotations

import re
import secrets

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import Response as FlaskResponse
from werkzeug.wrappers import Response as WerkzeugResponse

from coopassess.auth.permissions import campaign_or_404, current_user, login_required
from coopassess.campaigns import forms as new_campaign
from coopassess.campaigns import service as core
from coopassess.campaigns.access import visible_campaigns
from coopassess.db import db_session
from coopassess.models import Campaign
from coopassess.registry import registry
from coopassess.web.responses import campaign_pdf, campaign_radar, campaign_results_page

blueprint = Blueprint("campaigns", __name__)
_FORM_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


@blueprint.get("")
@login_required
def index() -> str:
    user = current_user()
    assert user is not None
    session = db_session()
    campaigns = session.scalars(visible_campaigns(user).order_by(Campaign.id)).unique().all()
    counts = core.participation(session, [campaign.id for campaign in campaigns])
    return render_template("campaigns/index.html", campaigns=campaigns, counts=counts)


@blueprint.route("/nouvelle", methods=["GET", "POST"])
@login_required
def new() -> str | tuple[str, int] | WerkzeugResponse:
    user = current_user()
    assert user is not None
    session = db_session()
    organisations = new_campaign.organisations_for(session, user)
    if request.method == "GET":
        values = {"modules": ["VAL"], "target": organisations[0].kind if organisations else ""}
        return new_campaign.render_form(organisations, values, [])
    values, draft, errors = new_campaign.draft_from_form(user)
    if draft is not None:
        try:
            created = core.create_campaign(session, draft, registry().current().version)
        except core.CampaignError as error:
            errors = [str(error)]
        else:
            session.commit()
            flash("Campagne ouverte. Créez maintenant les liens d'invitation.")
            return redirect(url_for("campaigns.campaign", campaign_id=created.id) + "#inviter")
    return new_campaign.render_form(organisations, values, errors), 400


@blueprint.get("/<int:campaign_id>")
def campaign(campaign_id: int) -> str:
    return _campaign_page(campaign_or_404(campaign_id))


def _campaign_page(campaign: Campaign, **invite_form: object) -> str:
    return render_template(
        "campaigns/campaign.html",
        campaign=campaign,
        form_key=secrets.token_urlsafe(24),
        counts=core.participation(db_session(), [campaign.id])[campaign.id],
        invite=invite_form,
        **campaign_results_page(campaign),
    )


@blueprint.post("/<int:campaign_id>/invitations")
def invite(campaign_id: int) -> str | tuple[str, int] | WerkzeugResponse:
    """Create links (anonymous, per address, or the open link), then show them on a page of
    their own (post/redirect/get): the form's key names them, so posting it again creates
    nothing and the result page can be reloaded."""
    campaign = campaign_or_404(campaign_id)
    session = db_session()
    kind = request.form.get("kind")
    emails_text = request.form.get("emails", "")
    key = request.form.get("cle", "")
    if not _FORM_KEY.fullmatch(key) or kind not in ("anonymous", "emails", "open"):
        abort(400)
    result = url_for("campaigns.links", campaign_id=campaign.id, key=key, kind=kind)
    if core.request_made_links(session, campaign, key):
        return redirect(result)
    origin = core.Origin(current_app.config["SECRET_KEY"], key)
    try:
        if kind == "anonymous":
            count = request.form.get("count", "")
            if not count.isdigit():
                raise core.CampaignError("Indiquez un nombre de liens (par exemple 20).")
            core.anonymous_links(session, campaign, int(count), origin)
        elif kind == "emails":
            created = core.email_links(session, campaign, emails_text.splitlines(), origin)
            if created.already_invited:
                flash(
                    "Ces adresses avaient déjà un lien en cours (il reste valable ; révoquez-le "
                    f"pour en créer un nouveau) : {', '.join(created.already_invited)}."
                )
        else:
            core.open_link(session, campaign, origin)
    except core.InvalidEmails as error:
        return _campaign_page(campaign, errors=error.problems, emails=emails_text), 400
    except core.CampaignError as error:
        return _campaign_page(campaign, errors=[str(error)], emails=emails_text), 400
    session.commit()
    return redirect(result)


@blueprint.get("/<int:campaign_id>/liens/<key>")
def links(campaign_id: int, key: str) -> FlaskResponse:
    """The links one form made, still live (their tokens are derived, so they can be shown
    again); the page is not cached."""
    campaign = campaign_or_404(campaign_id)
    secret = current_app.config["SECRET_KEY"]
    base = current_app.config["BASE_URL"].rstrip("/")
    found = (
        core.links_of_request(db_session(), campaign, key, secret)
        if _FORM_KEY.fullmatch(key)
        else []
    )
    kind = request.args.get("kind", "anonymous")
    page = make_response(
        render_template(
            "campaigns/links.html",
            campaign=campaign,
            kind=kind if kind in ("anonymous", "emails", "open") else "anonymous",
            links=[(email, f"{base}/i/{token}") for email, _kind, token in found],
        )
    )
    page.headers["Cache-Control"] = "no-store"
    page.headers["Referrer-Policy"] = "no-referrer"
    return page


@blueprint.get("/<int:campaign_id>/radar-<questionnaire>.<any(svg, png):fmt>")
def radar(campaign_id: int, questionnaire: str, fmt: str) -> FlaskResponse:
    return campaign_radar(campaign_or_404(campaign_id), questionnaire, fmt)


@blueprint.get("/<int:campaign_id>/rapport.pdf")
def report(campaign_id: int) -> FlaskResponse:
    return campaign_pdf(campaign_or_404(campaign_id))


@blueprint.post("/<int:campaign_id>/cloture")
def close(campaign_id: int) -> WerkzeugResponse:
    campaign = campaign_or_404(campaign_id)
    if core.close(campaign):
        db_session().commit()
        flash("La campagne est close : elle n'accepte plus de réponse.")
    return redirect(url_for("campaigns.campaign", campaign_id=campaign.id))


@blueprint.post("/<int:campaign_id>/reouverture")
def reopen(campaign_id: int) -> WerkzeugResponse:
    campaign = campaign_or_404(campaign_id)
    try:
        changed = core.reopen(campaign, today=core.campaign_today())
    except core.CampaignError as error:
        flash(str(error))
        return redirect(url_for("campaigns.campaign", campaign_id=campaign.id))
    if changed:
        db_session().commit()
        flash("La campagne est rouverte.")
    return redirect(url_for("campaigns.campaign", campaign_id=campaign.id))
