"""``coopassess init`` and ``coopassess db …``: the schema only ever comes from migrations."""

from __future__ import annotations

import click
from alembic import command
from flask.cli import with_appcontext

from coopassess import migrate
from coopassess.db import database


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Crée la base de données ou la met à jour (migrations Alembic)."""
    db = database()
    migrate.upgrade(db.engine)
    click.echo(f"Base de données à jour : {db.engine.url.render_as_string(hide_password=True)}")


@click.group("db")
def db_group() -> None:
    """Migrations de la base de données (Alembic)."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def upgrade_command(revision: str) -> None:
    """Met le schéma à la révision REVISION (par défaut : la dernière)."""
    migrate.upgrade(database().engine, revision)


@db_group.command("downgrade")
@click.argument("revision")
@with_appcontext
def downgrade_command(revision: str) -> None:
    """Ramène le schéma à la révision REVISION."""
    migrate.downgrade(database().engine, revision)


@db_group.command("current")
@with_appcontext
def current_command() -> None:
    """Affiche la révision actuelle."""
    engine = database().engine
    config = migrate.alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.current(config)


@db_group.command("revision")
@click.option("-m", "--message", required=True)
@with_appcontext
def revision_command(message: str) -> None:
    """Écrit une migration d'après l'écart entre les modèles et la base."""
    engine = database().engine
    config = migrate.alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)
