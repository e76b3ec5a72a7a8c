"""Alembic driven from the app: the schema is only ever made by migrations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from coopassess.paths import migrations_dir


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database behind ``engine`` (its own connection, so pragmas apply)."""
    with _migrating(engine) as config:
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    with _migrating(engine) as config:
        command.downgrade(config, revision)


@contextmanager
def _migrating(engine: Engine) -> Iterator[Config]:
    """One transaction for the migrations; on SQLite, with foreign keys off meanwhile.

    SQLite alters a table by copying it and dropping the original: with foreign keys on, that
    DROP cascades (``ON DELETE CASCADE``) and empties the child tables — upgrading to 0003
    or 0005 deleted every response and answer. The pragma only takes effect outside a
    transaction, so it is set on the driver's connection before SQLAlchemy begins one; the
    references are checked before commit and the pragma restored for the pool.
    """
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        driver = connection.connection.dbapi_connection
        if sqlite:
            driver.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                yield config
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(
                            f"Migration refusée : {len(broken)} référence(s) rompue(s)"
                        )
        finally:
            if sqlite:
                driver.execute("PRAGMA foreign_keys=ON")
