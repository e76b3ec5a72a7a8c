"""The audit log as the admins read it: newest events first, a page at a time, filtered by
action, actor, target and a range of days of the French calendar (Europe/Paris, as the
times are shown); actions and details in French.

The log never holds a password or a token (``coopassess.auth.audit`` drops them on write);
the reading drops the same keys again, so a row written by other means cannot show one."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from coopassess.auth.audit import SECRET_KEYS
from coopassess.campaigns.queries import contains
from coopassess.models import AuditEvent, User

PAGE_SIZE = 50
DAYS_TIMEZONE = ZoneInfo("Europe/Paris")
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
    "user.invite": "Invitation à créer un compte envoyée",
    "user.update": "Compte modifié",
    "user.deactivate": "Compte désactivé",
    "user.reactivate": "Compte réactivé",
    "user.unassign": "Organisation retirée à un consultant",
    "password.change": "Mot de passe changé",
    "password.reset_requested": "Réinitialisation du mot de passe demandée",
    "organisation.create": "Organisation créée",
    "organisation.update": "Organisation modifiée",
    "organisation.archive": "Organisation archivée",
    "organisation.restore": "Organisation restaurée",
    "organisation.delete": "Organisation supprimée",
    "campaign.update": "Campagne modifiée",
    "campaign.close": "Campagne close",
    "campaign.reopen": "Campagne rouverte",
    "campaign.archive": "Campagne archivée",
    "campaign.restore": "Campagne restaurée",
    "campaign.delete": "Campagne supprimée",
    "user.action_digest": "Courriel des actions en retard activé ou désactivé",
    "privacy.export": "Données d'une personne exportées",
    "privacy.erase": "Données d'une personne effacées",
    "response.withdrawn": "Réponse retirée par son répondant",
    "campaign.purge": "Données expirées supprimées (durée de conservation)",
    "action.create": "Action ajoutée au plan",
    "action.update": "Action du plan modifiée",
    "action.delete": "Action supprimée du plan",
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
    "fields": "champs",
    "email": "adresse",
    "action_digest": "courriel des actions en retard",
    "participants": "inscriptions",
    "liens": "liens personnels",
    "messages": "messages",
    "reponses_supprimees": "réponses supprimées",
    "reponses_conservees": "réponses conservées (anonymes)",
    "journal": "événements masqués",
    "origine": "depuis",
    "envoyee": "réponse envoyée",
    "addresses": "adresses supprimées",
    "responses": "réponses supprimées",
    "answers": "réponses aux questions supprimées",
    "action": "action n°",
    "source": "suggestion",
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


@dataclass(frozen=True, slots=True)
class AuditPage:
    entries: list[Entry]
    total: int
    page: int
    pages: int
    actions: list[tuple[str, str]]  # every action code known, with its label, by label


def audit_page(session: Session, filters: Filters) -> AuditPage:
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
    return AuditPage(
        entries=[_entry(event, email) for event, email in found],
        total=total,
        page=page,
        pages=pages,
        actions=[(code, label(code)) for code in actions],
    )


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
            AuditEvent.at >= datetime.combine(filters.start, datetime.min.time(), DAYS_TIMEZONE)
        )
    if filters.end:
        after = datetime.combine(
            filters.end + timedelta(days=1), datetime.min.time(), DAYS_TIMEZONE
        )
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
