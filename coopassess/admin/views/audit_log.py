"""The admins' audit-log page (``/admin/journal``): newest events first, 50 per page, filtered
by action, actor, target and a range of UTC days.

The log never holds a password or a token (``coopassess.auth.audit`` drops them on write);
the page drops the same keys again, so a row written by other means cannot show one."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask import Blueprint, render_template, request
from sqlalchemy import ColumnElement, func, select

from coopassess.auth.audit import SECRET_KEYS
from coopassess.auth.permissions import role_required
from coopassess.campaigns.queries import contains
from coopassess.db import db_session
from coopassess.models import AuditEvent, User

blueprint = Blueprint("audit_log", __name__, url_prefix="/admin")
PAGE_SIZE = 50
ACTIONS = {
    "login.success": "Connexion réussie",
    "login.failure": "Échec de connexion",
    "login.rate_limited": "Connexion bloquée (trop de tentatives)",
    "logout": "Déconnexion",
    "password.link_issued": "Lien de mot de passe émis",
    "password.reset": "Mot de passe défini",
    "user.create": "Compte créé",
    "user.assign": "Organisation confiée à un consultant",
    "permission.denied": "Accès refusé",
    "api.denied": "Accès à l'API refusé",
    "api_token.create": "Jeton d'API créé",
    "api_token.revoke": "Jeton d'API révoqué",
    "response.excluded": "Répondant exclu de l'agrégat",
    "response.reincluded": "Répondant réintégré dans l'agrégat",
    "export": "Export de données",
}
# Keys of ``detail`` in French; others are shown as they are.
DETAIL_LABELS = {
    "format": "format",
    "kind": "contenu",
    "rows": "lignes",
    "reason": "motif",
    "route": "route",
    "role": "rôle",
    "respondent": "répondant",
    "response_id": "réponse n°",
    "organisation": "organisation",
    "user": "compte",
    "name": "nom",
    "days": "jours",
}


@dataclass(frozen=True, slots=True)
class Filters:
    action: str = ""
    actor: str = ""
    target: str = ""
    start: date | None = None
    end: date | None = None
    page: int = 1


@dataclass(frozen=True, slots=True)
class Entry:
    event: AuditEvent
    label: str
    actor: str | None
    detail: list[tuple[str, str]]


def label(action: str) -> str:
    """The action in French words (its code when it is new)."""
    return ACTIONS.get(action, action)


@blueprint.get("/journal")
@role_required("admin")
def index() -> tuple[str, int]:
    filters, errors = _filters()
    session = db_session()
    query = (
        select(AuditEvent, User.email)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(*_conditions(filters))
    )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(filters.page, pages)
    found = session.execute(
        query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    known = session.scalars(select(AuditEvent.action).distinct()).all()
    actions = sorted({*ACTIONS, *known}, key=lambda code: label(code).lower())
    page_html = render_template(
        "admin/audit.html",
        entries=[_entry(event, email) for event, email in found],
        filters=filters,
        errors=errors,
        actions=[(code, label(code)) for code in actions],
        total=total,
        page=page,
        pages=pages,
        query={key: value for key, value in request.args.items() if key != "page"},
    )
    return page_html, 400 if errors else 200


def _filters() -> tuple[Filters, list[tuple[str, str]]]:
    """Query-string filters and the errors to list at the top (field id, message)."""
    args = request.args
    errors: list[tuple[str, str]] = []
    start = _day(args.get("du", ""), "du", "de début", errors)
    end = _day(args.get("au", ""), "au", "de fin", errors)
    if start and end and start > end:
        errors.append(("au", "La date de fin précède la date de début."))
    page = args.get("page", "1")
    return (
        Filters(
            action=args.get("action", "").strip()[:40],
            actor=args.get("acteur", "").strip().lower()[:254],
            target=args.get("cible", "").strip()[:254],
            start=start,
            end=end,
            page=max(1, int(page)) if page.isdigit() and len(page) < 7 else 1,
        ),
        errors,
    )


def _day(text: str, field: str, which: str, errors: list[tuple[str, str]]) -> date | None:
    """A day as the date picker sends it (2025-03-31) or as typed in French (31/03/2025)."""
    text = text.strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    errors.append((field, f"La date {which} n'est pas une date valide (jj/mm/aaaa)."))
    return None


def _conditions(filters: Filters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.action:
        conditions.append(AuditEvent.action == filters.action)
    if filters.actor:
        conditions.append(contains(User.email, filters.actor))
    if filters.target and ":" in filters.target:
        # « campaign:12 » is one target, not campaign:120 as well.
        conditions.append(AuditEvent.target == filters.target)
    elif filters.target:
        conditions.append(contains(AuditEvent.target, filters.target))
    if filters.start:
        conditions.append(
            AuditEvent.at >= datetime.combine(filters.start, datetime.min.time(), UTC)
        )
    if filters.end:
        after = datetime.combine(filters.end + timedelta(days=1), datetime.min.time(), UTC)
        conditions.append(AuditEvent.at < after)
    return conditions


def _entry(event: AuditEvent, email: str | None) -> Entry:
    detail = [
        (
            DETAIL_LABELS.get(key, key),
            value if isinstance(value, str) else json.dumps(value, ensure_ascii=False),
        )
        for key, value in sorted((event.detail or {}).items())
        if key not in SECRET_KEYS
    ]
    return Entry(event=event, label=label(event.action), actor=email, detail=detail)
