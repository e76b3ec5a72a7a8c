"""Migrations keep every row: one head; a database seeded at each revision in turn and
upgraded to the head keeps all its rows (counts compared after every step) on SQLite and
PostgreSQL; the latest revision downgrades and upgrades again without losing a row."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from coopassess import migrate
from coopassess.db import make_engine

ROWS_PER_STEP = 3
# Columns whose CHECK constraint allows only some values: one allowed value each.
ALLOWED = {
    ("organisation", "kind"): "territoire",
    ("campaign", "status"): "open",
    ("campaign", "target"): "territoire",
    ("response", "status"): "submitted",
    ("answer", "value"): "3",
    ("user_account", "role"): "admin",
    ("invitation", "kind"): "single",
    ("login_attempt", "kind"): "login",
    ("outgoing_mail", "status"): "queued",
    ("campaign_message", "kind"): "invitation",
    ("mailing", "kind"): "invitation",
    ("action", "status"): "planned",
}


def _revisions() -> list[str]:
    """Every revision id from the first to the head (a single line of history)."""
    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


@pytest.fixture
def empty_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """A database with no schema at all, on the engine of ``db_url``."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'vide.sqlite'}"
        return
    schema = f"coopassess_mig_{uuid.uuid4().hex[:10]}"
    base = make_url(db_url).difference_update_query(["options"])
    admin = make_engine(base.render_as_string(hide_password=False))
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = base.update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _counts(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as connection:
        names = [n for n in sa.inspect(connection).get_table_names() if n != "alembic_version"]
        return {
            name: connection.execute(sa.text(f'SELECT count(*) FROM "{name}"')).scalar_one()
            for name in names
        }


def _value(table: sa.Table, column: sa.Column, step: str, index: int, sqlite: bool) -> object:
    allowed = ALLOWED.get((table.name, column.name))
    if allowed is not None:
        return allowed
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.Integer):
        return index
    if isinstance(kind, sa.Float | sa.Numeric):
        return 50.0
    if isinstance(kind, sa.JSON):
        return ["COOP"]
    if isinstance(kind, sa.DateTime):
        moment = datetime(2026, 1, 1 + index, 12, tzinfo=UTC)
        return moment.replace(tzinfo=None) if sqlite else moment
    if isinstance(kind, sa.Date):
        return date(2026, 1, 1 + index)
    text = f"r{step}-{table.name[:6]}-{index}"
    length = getattr(kind, "length", None)
    return text[-length:] if length else text


def _seed(engine: sa.Engine, step: str) -> None:
    """``ROWS_PER_STEP`` rows in every table, foreign keys pointing at existing rows."""
    sqlite = engine.dialect.name == "sqlite"
    metadata = sa.MetaData()
    with engine.begin() as connection:
        metadata.reflect(connection)
        for table in metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            parents = {
                fk.parent.name: connection.execute(sa.select(fk.column).order_by(fk.column.desc()))
                .scalars()
                .all()
                for fk in table.foreign_keys
                if fk.column.table is not table  # a row's own parent: left empty (nullable)
            }
            own = {fk.parent.name for fk in table.foreign_keys if fk.column.table is table}
            rows = []
            for index in range(ROWS_PER_STEP):
                row = {}
                for column in table.columns:
                    if column.name in own:
                        row[column.name] = None
                    elif column.name in parents:
                        row[column.name] = parents[column.name][index]
                    elif column.primary_key and isinstance(column.type, sa.Integer):
                        continue  # the database numbers the rows
                    else:
                        row[column.name] = _value(table, column, step, index, sqlite)
                rows.append(row)
            connection.execute(table.insert(), rows)


def test_one_head_and_a_single_line_of_history() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    revisions = _revisions()
    assert script.get_heads() == [revisions[-1]]
    assert revisions[0] == "0001"
    assert [script.get_revision(r).down_revision for r in revisions] == [None, *revisions[:-1]]


def test_every_row_survives_each_upgrade_and_the_latest_downgrade(empty_url: str) -> None:
    engine = make_engine(empty_url)
    revisions = _revisions()
    for number, revision in enumerate(revisions):
        before = _counts(engine)
        migrate.upgrade(engine, revision)
        after = _counts(engine)
        assert {name: after.get(name) for name in before} == before, revision
        _seed(engine, str(number))
        seeded = _counts(engine)
        assert all(seeded[name] >= ROWS_PER_STEP for name in seeded), (revision, seeded)
    at_head = _counts(engine)
    migrate.downgrade(engine, revisions[-2])
    below = _counts(engine)  # the tables the latest revision adds are gone, the others whole
    assert below == {name: at_head[name] for name in below}
    migrate.upgrade(engine)
    assert {name: count for name, count in _counts(engine).items() if name in below} == below
    with engine.connect() as connection:
        kinds = connection.execute(sa.text("SELECT DISTINCT kind FROM login_attempt")).scalars()
        assert set(kinds) == {"login"}
    engine.dispose()
