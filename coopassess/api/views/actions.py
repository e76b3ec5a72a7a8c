"""``/api/v1/campaigns/<id>/actions``: a campaign's action plan. Reading: whoever may read the
campaign's results (the same rule as the pages). Creating and changing an action: consultants
and admins, with an API token only (a bearer token is no ambient credential, so these routes
need no CSRF token; a browser session may read but not write here)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, NoReturn

from flask import Blueprint, Response, abort, jsonify, request, url_for

from coopassess.actions import service as plan
from coopassess.api.auth import api_user, error
from coopassess.auth.permissions import require_organisation
from coopassess.common.field_errors import FieldErrors
from coopassess.db import db_session
from coopassess.instrument.schema import Instrument
from coopassess.models import Action, Campaign, User
from coopassess.registry import registry
from coopassess.security import csrf

blueprint = Blueprint("api_actions", __name__)
csrf.exempt(blueprint)

WRITER_ROLES = ("admin", "consultant")
TEXT_FIELDS = ("title", "description", "owner", "notes")
FIELDS = (*TEXT_FIELDS, "dimension", "due_on", "status")
TOKEN_NEEDED = (
    "Modifier le plan d'action par l'API demande un jeton d'API (en-tête « Authorization: "
    "Bearer <jeton> »), pas la session du navigateur."
)
WRITERS_ONLY = "Seuls les consultants et les administrateurs modifient le plan par l'API."


def _campaign(campaign_id: int) -> Campaign:
    campaign = db_session().get(Campaign, campaign_id)
    if campaign is None:
        abort(error(404, f"Campagne introuvable : {campaign_id}."))
    require_organisation(campaign.organisation_id)
    return campaign


def _writer() -> User:
    user = api_user()
    if "Authorization" not in request.headers:
        abort(error(401, TOKEN_NEEDED, {"WWW-Authenticate": 'Bearer realm="CoopAssess"'}))
    if user.role not in WRITER_ROLES:
        abort(error(403, WRITERS_ONLY))
    return user


def _invalid(message: str, fields: list[tuple[str, str]] | None = None) -> NoReturn:
    listed = [{"field": name, "message": text} for name, text in fields or []]
    abort(error(400, message, **({"fields": listed} if listed else {})))


def _body(required: tuple[str, ...]) -> dict[str, Any]:
    """The JSON object sent, with the type of each field checked (French messages)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        _invalid("Le corps de la requête doit être un objet JSON.")
    unknown = sorted(set(body) - set(FIELDS))
    if unknown:
        _invalid(f"Champs inconnus : {', '.join(unknown)}.")
    problems = [(name, "Champ obligatoire.") for name in required if name not in body]
    for name in (*TEXT_FIELDS, "dimension", "status"):
        value = body.get(name)
        if value is not None and not isinstance(value, str):
            problems.append((name, "Texte attendu."))
    due = body.get("due_on")
    if due is not None:
        try:
            body["due_on"] = date.fromisoformat(due) if isinstance(due, str) else None
        except ValueError:
            body["due_on"] = None
        if body["due_on"] is None:
            problems.append(("due_on", "Date attendue au format AAAA-MM-JJ."))
    if problems:
        _invalid("Action refusée : " + " ".join(f"{n} : {m}" for n, m in problems), problems)
    return body


def _draft(body: dict[str, Any], action: Action | None = None) -> plan.ActionDraft:
    def pick(name: str, current: Any) -> Any:
        return body.get(name, current)

    return plan.ActionDraft(
        title=pick("title", action.title if action else "") or "",
        dimension=pick("dimension", action.dimension if action else None) or plan.WHOLE,
        description=pick("description", action.description if action else "") or "",
        owner=pick("owner", action.owner if action else "") or "",
        due_on=pick("due_on", action.due_on if action else None),
        status=pick("status", None) or (action.status if action else "planned"),
        notes=pick("notes", action.notes if action else "") or "",
    )


def _listed(campaign: Campaign, actions: list[Action]) -> list[dict[str, Any]]:
    """The actions as JSON, their histories read in one query."""
    instrument = registry().get(campaign.instrument_version)
    ids = [action.id for action in actions]
    histories = plan.histories(db_session(), ids)
    carried = plan.carried_ids(db_session(), ids)
    today = plan.today()
    return [
        _json(campaign, a, instrument, histories[a.id], today, a.id in carried) for a in actions
    ]


def _json(
    campaign: Campaign,
    action: Action,
    instrument: Instrument,
    history: list[plan.HistoryLine],
    today: date,
    carried: bool,
) -> dict[str, Any]:
    return {
        "id": action.id,
        "campaign_id": campaign.id,
        "questionnaire": action.questionnaire,
        "dimension": action.dimension,
        "dimension_label": plan.dimension_label(instrument, action.dimension),
        "title": action.title,
        "description": action.description,
        "owner": action.owner,
        "due_on": action.due_on.isoformat() if action.due_on else None,
        "status": action.status,
        "status_label": plan.STATUS_LABELS[action.status],
        "overdue": plan.is_overdue(action, today, carried),
        "notes": action.notes,
        "source": action.source,
        "carried_from_id": action.carried_from_id,
        "created_at": action.created_at.isoformat(),
        "updated_at": action.updated_at.isoformat(),
        "done_at": action.done_at.isoformat() if action.done_at else None,
        "history": [
            {
                "from_status_label": line.from_label,
                "to_status_label": line.to_label,
                "by": line.by,
                "at": line.at.isoformat(),
                "note": line.note,
            }
            for line in history
        ],
    }


def _saved(save: Callable[[], object]) -> None:
    try:
        save()
    except FieldErrors as refused:
        _invalid("Action refusée : " + str(refused), refused.problems)


@blueprint.get("/campaigns/<int:campaign_id>/actions")
def actions(campaign_id: int) -> Response:
    api_user()
    campaign = _campaign(campaign_id)
    rows = plan.actions_of(db_session(), campaign.id)
    return jsonify(actions=_listed(campaign, rows))


@blueprint.post("/campaigns/<int:campaign_id>/actions")
def create(campaign_id: int) -> tuple[Response, int]:
    user = _writer()
    campaign = _campaign(campaign_id)
    body = _body(required=("title",))
    session = db_session()
    instrument = registry().get(campaign.instrument_version)
    created: list[Action] = []
    _saved(lambda: created.append(plan.create(session, campaign, _draft(body), instrument, user)))
    session.commit()
    response = jsonify(_listed(campaign, created)[0])
    response.headers["Location"] = url_for(
        "api_actions.action", campaign_id=campaign.id, action_id=created[0].id
    )
    return response, 201


@blueprint.get("/campaigns/<int:campaign_id>/actions/<int:action_id>")
def action(campaign_id: int, action_id: int) -> Response:
    api_user()
    campaign = _campaign(campaign_id)
    return jsonify(_listed(campaign, [_found(campaign, action_id)])[0])


@blueprint.patch("/campaigns/<int:campaign_id>/actions/<int:action_id>")
def update(campaign_id: int, action_id: int) -> Response:
    user = _writer()
    campaign = _campaign(campaign_id)
    found = _found(campaign, action_id)
    body = _body(required=())
    session = db_session()
    instrument = registry().get(campaign.instrument_version)
    _saved(lambda: plan.update(session, campaign, found, _draft(body, found), instrument, user))
    session.commit()
    return jsonify(_listed(campaign, [found])[0])


def _found(campaign: Campaign, action_id: int) -> Action:
    try:
        return plan.action_of(db_session(), campaign.id, action_id)
    except plan.ActionNotFound:
        abort(error(404, f"Action introuvable dans cette campagne : {action_id}."))
