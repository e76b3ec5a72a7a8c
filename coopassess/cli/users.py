"""``coopassess user …``: create accounts, issue one-time password links, assign consultants.

Passwords are never asked on the command line (they would stay in shell history): either
``--password-stdin`` or, by default, a one-time link the person opens to choose it.
"""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from coopassess.auth import passwords
from coopassess.auth.audit import audit
from coopassess.cli.common import fail
from coopassess.common import emails
from coopassess.db import db_session
from coopassess.models import ROLES, Assignment, Organisation, User


def _reset_link(token: str) -> str:
    return f"{current_app.config['BASE_URL'].rstrip('/')}/mot-de-passe/{token}"


def _user_or_fail(email: str) -> User:
    user = db_session().scalar(select(User).where(User.email == emails.normalise(email)))
    if user is None:
        fail(f"Compte introuvable : {email}")
    return user


def _organisation_or_fail(organisation_id: int) -> Organisation:
    organisation = db_session().get(Organisation, organisation_id)
    if organisation is None:
        fail(f"Organisation introuvable : {organisation_id}")
    return organisation


@click.group("user")
def user_group() -> None:
    """Comptes : création, liens de mot de passe, affectations des consultants."""


@user_group.command("create")
@click.option("--email", required=True, help="Adresse e-mail (identifiant de connexion).")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--organisation", "organisation_id", type=int, help="Organisation d'un référent.")
@click.option("--password-stdin", is_flag=True, help="Lire le mot de passe sur l'entrée standard.")
@with_appcontext
def create_command(
    email: str, role: str, organisation_id: int | None, password_stdin: bool
) -> None:
    """Crée un compte ; sans --password-stdin, affiche un lien à usage unique (24 h)."""
    session = db_session()
    email = emails.normalise(email)
    problem = emails.problem(email)
    if problem is not None:
        fail(f"{problem} ({email[:80]})")
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        fail(f"Un compte existe déjà pour {email}")
    if role == "referent" and organisation_id is None:
        fail("Un référent appartient à une organisation : --organisation ID")
    if role != "referent" and organisation_id is not None:
        fail("--organisation ne concerne que les référents (les consultants : user assign)")
    if organisation_id is not None:
        _organisation_or_fail(organisation_id)
    user = User(email=email, role=role, organisation_id=organisation_id)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        problems = passwords.password_problems(password, email)
        if problems:
            fail("\n".join(problems))
        user.password_hash = passwords.hash_password(password)
    session.add(user)
    session.flush()
    audit(session, "user.create", target=email, detail={"role": role})
    token = None if password_stdin else passwords.issue_reset(session, user)
    session.commit()
    click.echo(f"Compte créé : {email} ({role})")
    if token is not None:
        click.echo(f"Lien pour choisir le mot de passe (24 h, usage unique) : {_reset_link(token)}")


@user_group.command("reset-link")
@click.option("--email", required=True)
@with_appcontext
def reset_link_command(email: str) -> None:
    """Affiche un nouveau lien à usage unique pour choisir un mot de passe (24 h)."""
    session = db_session()
    user = _user_or_fail(email)
    token = passwords.issue_reset(session, user)
    audit(session, "password.link_issued", target=user.email)
    session.commit()
    click.echo(_reset_link(token))


@user_group.command("assign")
@click.option("--email", required=True)
@click.option("--organisation", "organisation_id", type=int, required=True)
@with_appcontext
def assign_command(email: str, organisation_id: int) -> None:
    """Donne à un consultant l'accès à une organisation."""
    session = db_session()
    user = _user_or_fail(email)
    if user.role != "consultant":
        fail(f"{user.email} n'est pas consultant (rôle : {user.role})")
    organisation = _organisation_or_fail(organisation_id)
    exists = session.scalar(
        select(Assignment.id).where(
            Assignment.user_id == user.id, Assignment.organisation_id == organisation_id
        )
    )
    if exists is None:
        session.add(Assignment(user_id=user.id, organisation_id=organisation_id))
        audit(session, "user.assign", target=user.email, detail={"organisation": organisation_id})
        session.commit()
    click.echo(f"{user.email} → {organisation.name}")


@user_group.command("list")
@with_appcontext
def list_command() -> None:
    """Liste les comptes, leur rôle et leurs organisations."""
    session = db_session()
    assigned: dict[int, list[int]] = {}
    for user_id, organisation_id in session.execute(
        select(Assignment.user_id, Assignment.organisation_id).order_by(Assignment.organisation_id)
    ):
        assigned.setdefault(user_id, []).append(organisation_id)
    for user in session.scalars(select(User).order_by(User.email)):
        organisations = assigned.get(user.id, [])
        if user.organisation_id is not None:
            organisations = [user.organisation_id]
        state = "actif" if user.active else "désactivé"
        ids = ",".join(str(o) for o in organisations) or "-"
        click.echo(f"{user.email}\t{user.role}\t{ids}\t{state}")
