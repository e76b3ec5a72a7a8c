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
    """Create the database or bring it up to date (Alembic upgrade to head)."""
    db = database()
    migrate.upgrade(db.engine)
    click.echo(f"Base de données à jour : {db.engine.url.render_as_string(hide_password=True)}")


@click.group("db")
def db_group() -> None:
    """Database migrations (Alembic)."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def upgrade_command(revision: str) -> None:
    """Upgrade the schema to REVISION (default: head)."""
    migrate.upgrade(database().engine, revision)


@db_group.command("downgrade")
@click.argument("revision")
@with_appcontext
def downgrade_command(revision: str) -> None:
    """Downgrade the schema to REVISION."""
    migrate.downgrade(database().engine, revision)


@db_group.command("current")
@with_appcontext
def current_command() -> None:
    """Show the current revision."""
    engine = database().engine
    config = migrate.alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.current(config)


@db_group.command("revision")
@click.option("-m", "--message", required=True)
@with_appcontext
def revision_command(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    engine = database().engine
    config = migrate.alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)
