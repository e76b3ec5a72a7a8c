"""``/api/v1``: the campaigns a caller may see and their results JSON, read-only.

Same permission rule as the pages (``coopassess.auth.permissions``); every answer is JSON, and
nothing is cached by a shared cache (``Cache-Control: private, no-store``)."""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, abort, current_app, jsonify, request
from sqlalchemy import func, select

from coopassess.api.auth import api_user, error
from coopassess.api.openapi import DEFAULT_PER_PAGE, MAX_PER_PAGE, document
from coopassess.auth.permissions import require_organisation
from coopassess.campaigns.access import organisation_filter
from coopassess.campaigns.results import campaign_results, results_key
from coopassess.campaigns.summaries import summaries
from coopassess.db import db_session
from coopassess.models import Campaign, Organisation
from coopassess.registry import registry

blueprint = Blueprint("api", __name__)

# Roles that receive the pseudonymised per-respondent scores; referents never do.
FULL_RESULTS_ROLES = ("admin", "consultant")
MAX_PAGE_DIGITS = 6


@blueprint.after_request
def _private(response: Response) -> Response:
    """Answers depend on who asks: never stored, by any cache (the public document excepted)."""
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "private, no-store"
        response.vary.update(("Authorization", "Cookie"))
    return response


@blueprint.get("/openapi.json")
def openapi() -> Response:
    response = jsonify(document(current_app.config["SESSION_COOKIE_NAME"]))
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


def _positive(name: str, default: int, maximum: int | None = None) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    bound = f" entre 1 et {maximum}" if maximum else " à partir de 1"
    if not raw.isdigit() or len(raw) > MAX_PAGE_DIGITS or int(raw) < 1:
        abort(error(400, f"« {name} » doit être un entier{bound}."))
    if maximum is not None and int(raw) > maximum:
        abort(error(400, f"« {name} » doit être un entier{bound}."))
    return int(raw)


@blueprint.get("/campaigns")
def campaigns() -> Response:
    user = api_user()
    page = _positive("page", 1)
    per_page = _positive("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    where = [organisation_filter(user, Campaign.organisation_id)]
    if "organisation_id" in request.args:
        where.append(Campaign.organisation_id == _positive("organisation_id", 0))
    session = db_session()
    total = session.scalar(select(func.count(Campaign.id)).where(*where)) or 0
    rows = session.execute(
        select(Campaign, Organisation.name)
        .join(Organisation, Organisation.id == Campaign.organisation_id)
        .where(*where)
        .order_by(Campaign.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    stored = summaries(session, registry(), [campaign.id for campaign, _ in rows])
    items = []
    for campaign, organisation_name in rows:
        summary = stored.get(campaign.id)
        items.append(
            {
                "id": campaign.id,
                "organisation": {"id": campaign.organisation_id, "name": organisation_name},
                "demarche": campaign.demarche,
                "target": campaign.target,
                "status": campaign.status,
                "instrument_version": campaign.instrument_version,
                "respondents": summary.n_respondents if summary else None,
                "imc": summary.imc if summary else None,
                "level": summary.level if summary else None,
            }
        )
    return jsonify(
        campaigns=items,
        page=page,
        per_page=per_page,
        total=total,
        pages=-(-total // per_page),
    )


@blueprint.get("/campaigns/<int:campaign_id>/results")
def results(campaign_id: int) -> Response:
    user = api_user()
    session = db_session()
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        abort(error(404, f"Campagne introuvable : {campaign_id}."))
    require_organisation(campaign.organisation_id)
    full = user.role in FULL_RESULTS_ROLES
    key = results_key(session, campaign)
    etag = _etag(campaign, key, full)
    if request.if_none_match.contains_weak(etag):
        not_modified = Response(status=304)
        not_modified.set_etag(etag)
        return not_modified
    scored = campaign_results(session, registry(), campaign, key)
    minimum = scored.min_respondents
    if not scored.reportable:
        message = (
            f"Résultats indisponibles : {scored.n_respondents} réponse(s) comptée(s), il en faut "
            f"au moins {minimum} pour qu'un chiffre soit montré."
        )
        abort(error(409, message, n_respondents=scored.n_respondents, min_respondents=minimum))
    data = scored.to_json()
    if not full:
        del data["respondents"]
    response = jsonify(data)
    response.set_etag(etag)
    return response


def _etag(campaign: Campaign, key: tuple, full: bool) -> str:
    """What the body depends on: the results key, the content of the instrument version, and
    whether the per-respondent scores are included."""
    parts = (
        campaign.id,
        campaign.instrument_version,
        registry().get(campaign.instrument_version).content_hash,
        campaign.target,
        *key,
        "full" if full else "organisation",
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
