"""Organisations: the paginated list, creating, editing, archiving and deleting them.

Every change goes to the audit log with its author. An organisation with responses is
archived (hidden from the lists, every answer kept), never deleted; one without responses may
be deleted with its empty campaigns. Helpers flush; the caller commits once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from coopassess.auth.audit import audit, update_logged
from coopassess.campaigns.frozen import erased_responses
from coopassess.campaigns.queries import contains
from coopassess.common import emails
from coopassess.common.field_errors import FieldErrors
from coopassess.instrument.schema import Instrument
from coopassess.models import TARGETS, Assignment, Campaign, Organisation, Response, User, utcnow
from coopassess.organisations.fields import (
    REGIONS,
    SIZE_BANDS,
    compact,
    insee_problem,
    siren_problem,
)

PAGE_SIZE = 25
FIELDS = (
    "name",
    "kind",
    "structure_type",
    "region",
    "siren",
    "insee_code",
    "size_band",
    "contact_name",
    "contact_email",
)


class OrganisationErrors(FieldErrors):
    """What is wrong with a typed organisation."""


@dataclass(frozen=True, slots=True)
class Filters:
    search: str = ""
    kind: str = ""
    archived: bool = False  # the archived organisations instead of the others
    page: int = 1


@dataclass(frozen=True, slots=True)
class Row:
    organisation: Organisation
    campaigns: int
    latest_campaign_id: int | None


@dataclass(frozen=True, slots=True)
class Page:
    rows: list[Row]
    total: int
    page: int
    pages: int
    archived: int = 0  # how many visible organisations are archived


def listing(session: Session, visible: ColumnElement[bool], filters: Filters) -> Page:
    """One page of the organisations matching ``visible`` (``organisation_filter``) and
    ``filters``, each with its number of campaigns: three queries whatever their number."""
    campaigns = (
        select(
            Campaign.organisation_id.label("organisation_id"),
            func.count(Campaign.id).label("count"),
            func.max(Campaign.id).label("latest"),
        )
        .where(Campaign.archived_at.is_(None))
        .group_by(Campaign.organisation_id)
        .subquery("campaigns")
    )
    conditions = [visible]
    if filters.search:
        conditions.append(contains(Organisation.name, filters.search))
    if filters.kind:
        conditions.append(Organisation.kind == filters.kind)
    archived = Organisation.archived_at.is_not(None)
    conditions.append(archived if filters.archived else Organisation.archived_at.is_(None))
    total = session.scalar(select(func.count(Organisation.id)).where(*conditions)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(filters.page, 1), pages)
    found = session.execute(
        select(Organisation, campaigns.c.count, campaigns.c.latest)
        .outerjoin(campaigns, campaigns.c.organisation_id == Organisation.id)
        .where(*conditions)
        .order_by(func.lower(Organisation.name), Organisation.id)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    archived_count = session.scalar(select(func.count(Organisation.id)).where(visible, archived))
    return Page(
        rows=[Row(row.Organisation, int(row.count or 0), row.latest) for row in found],
        total=total,
        page=page,
        pages=pages,
        archived=int(archived_count or 0),
    )


def values_of(organisation: Organisation) -> dict[str, str]:
    """The form's values for an existing organisation."""
    return {name: getattr(organisation, name) or "" for name in FIELDS}


def _clean(values: Mapping[str, str], structure_types: Sequence[str]) -> dict[str, str | None]:
    """The values to store, or OrganisationErrors listing every problem at once."""
    typed = {name: str(values.get(name, "") or "").strip() for name in FIELDS}
    problems: list[tuple[str, str]] = []
    name = " ".join(typed["name"].split())
    if not 2 <= len(name) <= 200:
        problems.append(("name", "Le nom de l'organisation doit compter de 2 à 200 caractères."))
    kind = typed["kind"]
    if kind not in TARGETS:
        problems.append(("kind", "Choisissez le type\u00a0: territoire ou entreprise."))
    if typed["structure_type"] and typed["structure_type"] not in structure_types:
        problems.append(("structure_type", "Choisissez un type de structure de la liste."))
    if typed["region"] and typed["region"] not in REGIONS:
        problems.append(("region", "Choisissez une région de la liste."))
    siren = compact(typed["siren"])
    if siren and (problem := siren_problem(siren)):
        problems.append(("siren", problem))
    insee = compact(typed["insee_code"])
    if insee and (problem := insee_problem(insee)):
        problems.append(("insee_code", problem))
    if typed["size_band"] and typed["size_band"] not in SIZE_BANDS.get(kind, ()):
        label = "de population" if kind == "territoire" else "d'effectif"
        problems.append(("size_band", f"Choisissez une tranche {label} de la liste."))
    contact_name = " ".join(typed["contact_name"].split())
    if len(contact_name) > 200:
        problems.append(("contact_name", "Le nom du contact compte au plus 200 caractères."))
    contact_email = emails.normalise(typed["contact_email"])
    if contact_email and (problem := emails.problem(contact_email)):
        problems.append(("contact_email", problem))
    if problems:
        raise OrganisationErrors(problems)
    return {
        "name": name,
        "kind": kind,
        "structure_type": typed["structure_type"] or None,
        "region": typed["region"] or None,
        "siren": siren or None,
        "insee_code": insee or None,
        "size_band": typed["size_band"] or None,
        "contact_name": contact_name or None,
        "contact_email": contact_email or None,
    }


def create(
    session: Session, values: Mapping[str, str], structure_types: Sequence[str], author: User
) -> Organisation:
    """A new organisation; a consultant who creates one is assigned to it at once."""
    organisation = Organisation(**_clean(values, structure_types))
    session.add(organisation)
    session.flush()
    if author.role == "consultant":
        session.add(Assignment(user_id=author.id, organisation_id=organisation.id))
    audit(
        session,
        "organisation.create",
        actor_id=author.id,
        target=f"organisation:{organisation.id}",
        detail={"name": organisation.name},
    )
    return organisation


def update(
    session: Session,
    organisation: Organisation,
    values: Mapping[str, str],
    structure_types: Sequence[str],
    author: User,
) -> list[str]:
    """Apply the typed values; the names of the fields that changed (logged)."""
    clean = _clean(values, structure_types)
    return update_logged(
        session,
        organisation,
        clean,
        action="organisation.update",
        actor_id=author.id,
        target=f"organisation:{organisation.id}",
    )


def response_count(session: Session, organisation_id: int) -> int:
    """Responses received by its campaigns, those erased at the end of retention included."""
    stored = (
        session.scalar(
            select(func.count(Response.id))
            .join(Campaign, Campaign.id == Response.campaign_id)
            .where(Campaign.organisation_id == organisation_id)
        )
        or 0
    )
    purged = session.scalars(
        select(Campaign).where(
            Campaign.organisation_id == organisation_id, Campaign.answers_purged_at.is_not(None)
        )
    )
    return stored + sum(erased_responses(campaign) for campaign in purged)


def archive(
    session: Session, organisation: Organisation, author: User, now: datetime | None = None
) -> bool:
    """Hide the organisation from the lists, keeping everything. False if it already was."""
    if organisation.archived_at is not None:
        return False
    organisation.archived_at = now or utcnow()
    audit(session, "organisation.archive", actor_id=author.id, target=_target(organisation))
    return True


def restore(session: Session, organisation: Organisation, author: User) -> bool:
    if organisation.archived_at is None:
        return False
    organisation.archived_at = None
    audit(session, "organisation.restore", actor_id=author.id, target=_target(organisation))
    return True


def delete(session: Session, organisation: Organisation, author: User) -> None:
    """Delete an organisation nobody answered for (its empty campaigns with it)."""
    if response_count(session, organisation.id):
        raise OrganisationErrors(
            [("", "Des réponses ont été reçues\u00a0: l'organisation ne peut qu'être archivée.")]
        )
    audit(
        session,
        "organisation.delete",
        actor_id=author.id,
        target=_target(organisation),
        detail={"name": organisation.name},
    )
    session.delete(organisation)
    session.flush()


def _target(organisation: Organisation) -> str:
    return f"organisation:{organisation.id}"


def structure_types(instrument: Instrument) -> tuple[str, ...]:
    """The structure types respondents choose from (profile question P-STRUCT): the same
    words on the organisation as in the answers, so filters and peer groups meet."""
    for question in instrument.profile:
        if question.id == "P-STRUCT":
            return tuple(option.value for option in question.options)
    return ()


def campaigns_of(session: Session, organisation_id: int) -> list[Campaign]:
    return list(
        session.scalars(
            select(Campaign)
            .where(Campaign.organisation_id == organisation_id)
            .order_by(Campaign.id.desc())
        )
    )


def people_of(session: Session, organisation_id: int) -> tuple[list[User], list[User]]:
    """The organisation's referents and the consultants assigned to it."""
    referents = session.scalars(
        select(User)
        .where(User.organisation_id == organisation_id, User.role == "referent")
        .order_by(User.email)
    ).all()
    consultants = session.scalars(
        select(User)
        .join(Assignment, Assignment.user_id == User.id)
        .where(Assignment.organisation_id == organisation_id)
        .order_by(User.email)
    ).all()
    return list(referents), list(consultants)
