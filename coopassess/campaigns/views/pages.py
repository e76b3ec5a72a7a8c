"""The referent's and consultant's campaign pages: participation, aggregated results, the PDF,
closing and reopening. Every route checks the organisation through ``campaign_or_404``."""

from __future__ import annotations

import re
import secrets
from datetime import date

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

from coopassess.actions.service import plan_lines
from coopassess.auth.audit import audit
from coopassess.auth.permissions import campaign_or_404, current_user, login_required
from coopassess.campaigns import forms as new_campaign
from coopassess.campaigns import listing
from coopassess.campaigns import service as core
from coopassess.campaigns.access import organisation_filter
from coopassess.db import db_session
from coopassess.followup.carry import carry_over
from coopassess.models import TARGETS, Campaign, utcnow
from coopassess.registry import registry
from coopassess.retention import service as retention
from coopassess.web.responses import campaign_pdf, campaign_radar, campaign_results_page

blueprint = Blueprint("campaigns", __name__)
_FORM_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


def _filters() -> listing.Filters:
    """Query-string filters; unknown values are ignored, never an error."""
    args = request.args
    page = args.get("page", "1")
    return listing.Filters(
        search=args.get("q", "").strip()[:100],
        status=args.get("statut", "") if args.get("statut") in listing.STATUSES else "",
        target=args.get("cible", "") if args.get("cible") in TARGETS else "",
        archived=args.get("archivees") == "1",
        page=int(page) if page.isdigit() and len(page) < 7 else 1,
    )


@blueprint.get("")
@login_required
def index() -> str:
    user = current_user()
    assert user is not None
    filters = _filters()
    page = listing.campaign_page(
        db_session(), organisation_filter(user, Campaign.organisation_id), filters
    )
    return render_template(
        "campaigns/index.html",
        page=page,
        filters=filters,
        statuses=listing.STATUSES,
        query={key: value for key, value in request.args.items() if key != "page"},
    )


@blueprint.route("/nouvelle", methods=["GET", "POST"])
@login_required
def new() -> str | tuple[str, int] | WerkzeugResponse:
    user = current_user()
    assert user is not None
    session = db_session()
    search = request.args.get("q", "").strip()[:100]
    typed = request.values.get("organisation") or request.form.get("organisation_id", "")
    chosen = int(typed) if typed.isdigit() and len(typed) < 12 else None
    organisations, total = new_campaign.organisations_for(session, user, search, chosen)
    picker = {"total": total, "search": search}
    if request.method == "GET":
        first = next((o for o in organisations if o.id == chosen), None) or (
            organisations[0] if organisations else None
        )
        values = {
            "modules": ["VAL"],
            "organisation_id": first.id if first else "",
            "target": first.kind if first else "",
        }
        carry = new_campaign.carry_choice(first.id if first else None)
        return new_campaign.render_form(organisations, values, [], carry=carry, **picker)
    values, draft, errors = new_campaign.draft_from_form(user)
    visible = chosen if any(o.id == chosen for o in organisations) else None
    carry = new_campaign.carry_choice(draft.organisation_id if draft else visible, posted=True)
    if draft is not None and carry is not None and carry.confirm:
        # The open actions of this organisation were not on the page: show them first.
        return new_campaign.render_form(organisations, values, [], carry=carry, **picker)
    if draft is not None:
        try:
            created = core.create_campaign(session, draft, registry().current().version)
        except core.CampaignError as error:
            errors = [str(error)]
        else:
            ticked = carry.checked if carry else frozenset()
            copies = carry_over(session, registry(), created, ticked, user.id)
            session.commit()
            carried = (
                f" {len(copies)} action{'s' if len(copies) > 1 else ''} "
                f"reprise{'s' if len(copies) > 1 else ''} dans son plan d'action."
                if copies
                else ""
            )
            flash(f"Campagne ouverte.{carried} Créez maintenant les liens d'invitation.")
            return redirect(url_for("campaigns.campaign", campaign_id=created.id) + "#inviter")
    return new_campaign.render_form(organisations, values, errors, carry=carry, **picker), 400


@blueprint.get("/<int:campaign_id>")
def campaign(campaign_id: int) -> str:
    return _campaign_page(campaign_or_404(campaign_id))


def _campaign_page(campaign: Campaign, **invite_form: object) -> str:
    instrument = registry().get(campaign.instrument_version)
    return render_template(
        "campaigns/campaign.html",
        campaign=campaign,
        plan_lines=plan_lines(db_session(), campaign, instrument),
        form_key=secrets.token_urlsafe(24),
        counts=core.participation(db_session(), [campaign.id])[campaign.id],
        retention=retention.schedule(campaign, utcnow()),
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


def _confirm(campaign: Campaign, action: str, error: str | None = None) -> str:
    """What closing or reopening will do, before it is done."""
    return render_template(
        "campaigns/confirm_status.html",
        campaign=campaign,
        action=action,
        counts=core.participation(db_session(), [campaign.id])[campaign.id],
        today=core.campaign_today(),
        error=error,
        typed_until=request.form.get("closes_on", ""),
    )


def _logged(campaign: Campaign, action: str) -> None:
    user = current_user()
    audit(
        db_session(),
        action,
        actor_id=user.id if user else None,
        target=f"campaign:{campaign.id}",
    )


@blueprint.route("/<int:campaign_id>/cloture", methods=["GET", "POST"])
def close(campaign_id: int) -> str | WerkzeugResponse:
    campaign = campaign_or_404(campaign_id)
    if request.method == "GET":
        return _confirm(campaign, "close")
    if core.close(campaign):
        _logged(campaign, "campaign.close")
        db_session().commit()
        flash("La campagne est close\u00a0: elle n'accepte plus de réponse.")
    return redirect(url_for("campaigns.campaign", campaign_id=campaign.id))


@blueprint.route("/<int:campaign_id>/reouverture", methods=["GET", "POST"])
def reopen(campaign_id: int) -> str | tuple[str, int] | WerkzeugResponse:
    """Reopen, with a new closing day when the old one has passed (asked on the page)."""
    campaign = campaign_or_404(campaign_id)
    if request.method == "GET":
        return _confirm(campaign, "reopen")
    today = core.campaign_today()
    typed = request.form.get("closes_on", "").strip()
    until = None
    if typed:
        try:
            until = date.fromisoformat(typed)
        except ValueError:
            return _confirm(campaign, "reopen", "La date est attendue au format AAAA-MM-JJ."), 400
    if until is None and campaign.closes_on is not None and campaign.closes_on < today:
        message = (
            f"La campagne s'est terminée le {campaign.closes_on:%d/%m/%Y} : "
            "choisissez une nouvelle date de clôture."
        )
        return _confirm(campaign, "reopen", message), 400
    try:
        changed = core.reopen(campaign, today=today, until=until)
    except core.CampaignError as error:
        return _confirm(campaign, "reopen", str(error)), 400
    if changed or until is not None:
        _logged(campaign, "campaign.reopen")
        db_session().commit()
        flash("La campagne est rouverte.")
    return redirect(url_for("campaigns.campaign", campaign_id=campaign.id))
