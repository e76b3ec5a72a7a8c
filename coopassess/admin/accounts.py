"""Accounts as the admins manage them from the web: the list, creating a referent, consultant
or admin (who receives an e-mail to choose a password), resending that invitation,
deactivating and reactivating, assigning consultants and placing referents.

Every change goes to the audit log with its author. Helpers flush; the caller commits, then
hands the returned mail ids to ``coopassess.mail.outbox.enqueue_delivery``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from coopassess.auth import account_mail, passwords
from coopassess.auth.audit import audit
from coopassess.campaigns.queries import contains
from coopassess.common import emails
from coopassess.common.field_errors import FieldErrors
from coopassess.models import ROLES, Assignment, AuditEvent, Organisation, User, UserSession, utcnow

PAGE_SIZE = 50
PICKER_LIMIT = 20
ROLE_LABELS = {"admin": "Administrateur", "consultant": "Consultant", "referent": "Référent"}


class AccountErrors(FieldErrors):
    """What is wrong with a typed account."""


@dataclass(frozen=True, slots=True)
class Filters:
    search: str = ""
    role: str = ""
    page: int = 1


@dataclass(frozen=True, slots=True)
class Row:
    user: User
    organisations: int  # assigned (consultants)


@dataclass(frozen=True, slots=True)
class Page:
    rows: list[Row]
    total: int
    page: int
    pages: int


def accounts_page(session: Session, filters: Filters) -> Page:
    conditions = []
    if filters.search:
        conditions.append(contains(User.email, filters.search))
    if filters.role:
        conditions.append(User.role == filters.role)
    total = session.scalar(select(func.count(User.id)).where(*conditions)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(filters.page, 1), pages)
    assigned = (
        select(Assignment.user_id, func.count(Assignment.id).label("count"))
        .group_by(Assignment.user_id)
        .subquery()
    )
    found = session.execute(
        select(User, assigned.c.count)
        .outerjoin(assigned, assigned.c.user_id == User.id)
        .where(*conditions)
        .order_by(User.email)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    return Page([Row(row.User, int(row.count or 0)) for row in found], total, page, pages)


def create_account(
    session: Session,
    *,
    email: str,
    role: str,
    organisation_id: int | None,
    author: User,
) -> User:
    """A new account without a password (the invitation sets it); every problem at once."""
    problems: list[tuple[str, str]] = []
    address = emails.normalise(email)
    if not address:
        problems.append(("email", "Saisissez l'adresse e-mail de la personne."))
    elif problem := emails.problem(address):
        problems.append(("email", problem))
    elif session.scalar(select(User.id).where(User.email == address)) is not None:
        problems.append(("email", f"Un compte existe déjà pour {address}."))
    if role not in ROLES:
        problems.append(
            ("role", "Choisissez le rôle\u00a0: référent, consultant ou administrateur.")
        )
    chosen = session.get(Organisation, organisation_id) if organisation_id is not None else None
    if role == "referent" and chosen is None:
        problems.append(("organisation_id", "Un référent appartient à une organisation."))
    if problems:
        raise AccountErrors(problems)
    user = User(
        email=address,
        role=role,
        organisation_id=organisation_id if role == "referent" else None,
    )
    session.add(user)
    session.flush()
    if role == "consultant" and chosen is not None:
        session.add(Assignment(user_id=user.id, organisation_id=chosen.id))
    audit(
        session,
        "user.create",
        actor_id=author.id,
        target=address,
        detail={"role": role, "organisation": organisation_id},
    )
    return user


def invite(session: Session, user: User, author: User, base_url: str) -> int:
    """Issue a new one-time link (earlier ones stop working) and queue its e-mail."""
    if not user.active:
        raise AccountErrors([("", "Ce compte est désactivé\u00a0: réactivez-le d'abord.")])
    token = passwords.issue_reset(session, user)
    mail_id = account_mail.queue_invitation(session, user, token, base_url, author)
    audit(session, "user.invite", actor_id=author.id, target=user.email)
    return mail_id


def set_active(
    session: Session, user: User, active: bool, author: User, now: datetime | None = None
) -> bool:
    """Deactivate (every open session ends, links stop working) or reactivate an account.
    An admin cannot deactivate their own account. False when nothing changed."""
    if user.id == author.id and not active:
        raise AccountErrors([("", "Vous ne pouvez pas désactiver votre propre compte.")])
    if user.active == active:
        return False
    user.active = active
    if not active:
        session.execute(
            update(UserSession)
            .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
            .values(revoked_at=now or utcnow())
        )
    audit(
        session,
        "user.reactivate" if active else "user.deactivate",
        actor_id=author.id,
        target=user.email,
    )
    return True


def assign(session: Session, consultant: User, organisation: Organisation, author: User) -> bool:
    """Give a consultant access to an organisation. False if they had it."""
    if consultant.role != "consultant":
        raise AccountErrors([("", "Seuls les consultants sont assignés à des organisations.")])
    found = session.scalar(
        select(Assignment.id).where(
            Assignment.user_id == consultant.id, Assignment.organisation_id == organisation.id
        )
    )
    if found is not None:
        return False
    session.add(Assignment(user_id=consultant.id, organisation_id=organisation.id))
    audit(
        session,
        "user.assign",
        actor_id=author.id,
        target=consultant.email,
        detail={"organisation": organisation.id, "name": organisation.name},
    )
    session.flush()
    return True


def unassign(session: Session, consultant: User, organisation: Organisation, author: User) -> bool:
    removed = session.execute(
        delete(Assignment).where(
            Assignment.user_id == consultant.id, Assignment.organisation_id == organisation.id
        )
    )
    if not removed.rowcount:
        return False
    audit(
        session,
        "user.unassign",
        actor_id=author.id,
        target=consultant.email,
        detail={"organisation": organisation.id, "name": organisation.name},
    )
    return True


def place_referent(
    session: Session, referent: User, organisation: Organisation, author: User
) -> bool:
    """Attach a referent to their organisation (they see it only). False if already there."""
    if referent.role != "referent":
        raise AccountErrors([("", "Seuls les référents sont rattachés à une organisation.")])
    if referent.organisation_id == organisation.id:
        return False
    referent.organisation_id = organisation.id
    audit(
        session,
        "user.update",
        actor_id=author.id,
        target=referent.email,
        detail={"organisation": organisation.id, "name": organisation.name},
    )
    return True


def assigned_organisations(session: Session, user: User) -> list[Organisation]:
    return list(
        session.scalars(
            select(Organisation)
            .join(Assignment, Assignment.organisation_id == Organisation.id)
            .where(Assignment.user_id == user.id)
            .order_by(func.lower(Organisation.name))
        )
    )


def organisation_choices(session: Session, search: str) -> list[Organisation]:
    """Active organisations whose name holds ``search`` (the first PICKER_LIMIT)."""
    query = select(Organisation).where(Organisation.archived_at.is_(None))
    if search:
        query = query.where(contains(Organisation.name, search))
    return list(session.scalars(query.order_by(func.lower(Organisation.name)).limit(PICKER_LIMIT)))


def consultants(session: Session) -> list[User]:
    return list(
        session.scalars(
            select(User).where(User.role == "consultant", User.active).order_by(User.email)
        )
    )


def history(session: Session, user: User, limit: int = 20) -> list[AuditEvent]:
    """The latest audit events about this account (as target) or by it (as actor)."""
    return list(
        session.scalars(
            select(AuditEvent)
            .where((AuditEvent.target == user.email) | (AuditEvent.actor_id == user.id))
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(limit)
        )
    )


def consultants_of(session: Session, organisation_id: int) -> list[User]:
    return list(
        session.scalars(
            select(User)
            .join(Assignment, Assignment.user_id == User.id)
            .where(Assignment.organisation_id == organisation_id)
            .order_by(User.email)
        )
    )


def referent_choices(session: Session, search: str, organisation_id: int) -> list[User]:
    """Active referents of other organisations (or of none) whose e-mail holds ``search``."""
    query = select(User).where(
        User.role == "referent",
        User.active,
        (User.organisation_id != organisation_id) | User.organisation_id.is_(None),
    )
    if search:
        query = query.where(contains(User.email, search))
    return list(session.scalars(query.order_by(User.email).limit(PICKER_LIMIT)))
