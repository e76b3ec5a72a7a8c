"""``coopassess backup`` while saves are in flight, ``coopassess restore`` into a fresh
database: every answer acknowledged before the backup started is there, on both engines."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.engine import make_url

from coopassess import create_app
from coopassess.db import make_engine
from coopassess.instrument.registry import default_registry
from coopassess.survey.forms import field_name, pages
from tests.fixtures.campaigns import make_campaign, start

WRITERS = 4


@pytest.fixture
def fresh_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty database to restore into: a new SQLite file, or a new PostgreSQL database
    (with the same search_path as the source, whose schema the dump recreates)."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restauree.sqlite'}"
        return
    name = f"coopassess_restore_{uuid.uuid4().hex[:10]}"
    admin = make_engine(db_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(db_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def _app(url: str, tmp_path: Path) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "SECRET_KEY": "test-secret-key",
            "INSTANCE_PATH": str(tmp_path / "instance-restauree"),
        }
    )


def _questions() -> list[tuple[str, str]]:
    """(page id, field name) of every simple question of the COOP module."""
    instrument = default_registry().current()
    found = []
    for page in pages(instrument, ["COOP"]):
        if page.id == "profile":
            continue
        for key in page.keys:
            if "." not in key:
                found.append((page.id, field_name(key)))
    return found


def _answers(url: str) -> set[tuple[int, str]]:
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT response_id, item_key FROM answer")).all()
    engine.dispose()
    return {(response_id, key) for response_id, key in rows}


def test_backup_during_saves_then_restore_keeps_every_acknowledged_answer(
    app: Flask, db_url: str, fresh_url: str, tmp_path: Path
) -> None:
    make_campaign(app, "sauvegarde")
    questions = _questions()
    clients = []
    for _ in range(WRITERS):
        client = app.test_client()
        start(app, client, "sauvegarde")
        clients.append(client)
    with app.app_context():
        engine = make_engine(db_url)
        with engine.connect() as connection:
            ids = connection.execute(sa.text("SELECT id FROM response ORDER BY id")).scalars().all()
        engine.dispose()
    acknowledged: list[tuple[float, int, str]] = []
    failures: list[int] = []

    def write(client: object, response_id: int) -> None:
        for page_id, name in questions:
            answer = client.post(f"/r/sauvegarde/p/{page_id}", data={name: "4"})
            if answer.status_code != 302:
                failures.append(answer.status_code)
                continue
            acknowledged.append((time.monotonic(), response_id, name.removeprefix("q_")))

    threads = [
        threading.Thread(target=write, args=(client, response_id))
        for client, response_id in zip(clients, ids, strict=True)
    ]
    for thread in threads:
        thread.start()
    while len(acknowledged) < 2 * WRITERS and any(t.is_alive() for t in threads):
        time.sleep(0.005)
    started = time.monotonic()
    in_flight = sum(thread.is_alive() for thread in threads)
    out = tmp_path / "coopassess.sauvegarde"
    made = app.test_cli_runner().invoke(args=["backup", "--out", str(out)])
    for thread in threads:
        thread.join()
    assert made.exit_code == 0, made.output
    assert "Sauvegarde écrite" in made.output and out.stat().st_size > 0
    assert failures == []
    before = {(rid, key) for at, rid, key in acknowledged if at < started}
    assert before and in_flight == WRITERS, "the backup must start while every writer saves"
    assert any(at > started for at, _, _ in acknowledged)

    target = _app(fresh_url, tmp_path)
    restored = target.test_cli_runner().invoke(args=["restore", str(out)])
    assert restored.exit_code == 0, restored.output
    assert "Restauration terminée (révision du schéma : 0008)" in restored.output
    assert "  answer : " in restored.output and "  response : 4 ligne(s)" in restored.output
    found = _answers(fresh_url)
    assert before <= found
    assert found <= _answers(db_url)  # nothing that was never written

    again = target.test_cli_runner().invoke(args=["restore", str(out)])
    assert again.exit_code != 0
    assert "n'est pas vide" in again.output
    target.extensions["coopassess.db"].engine.dispose()


def test_backup_refuses_to_overwrite_and_restore_checks_the_file(
    app: Flask, db_url: str, fresh_url: str, tmp_path: Path
) -> None:
    existing = tmp_path / "deja.sauvegarde"
    existing.write_bytes(b"x")
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["backup", "--out", str(existing)])
    assert refused.exit_code != 0 and "existe déjà" in refused.output
    target = _app(fresh_url, tmp_path)
    garbage = target.test_cli_runner().invoke(args=["restore", str(existing)])
    assert garbage.exit_code != 0 and "n'est pas une sauvegarde" in garbage.output
    target.extensions["coopassess.db"].engine.dispose()


def test_a_corrupt_sqlite_backup_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "source.sqlite"
    engine = make_engine(f"sqlite:///{source}")
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE t (x INTEGER PRIMARY KEY, y TEXT)"))
        rows = [{"y": "z" * 200}] * 2000
        connection.execute(sa.text("INSERT INTO t (y) VALUES (:y)"), rows)
    engine.dispose()
    data = bytearray(source.read_bytes())
    data[8192:12288] = b"\xff" * 4096  # a page in the middle overwritten
    broken = tmp_path / "abimee.sauvegarde"
    broken.write_bytes(bytes(data))
    target = _app(f"sqlite:///{tmp_path / 'cible.sqlite'}", tmp_path)
    result = target.test_cli_runner().invoke(args=["restore", str(broken)])
    assert result.exit_code != 0
    assert "intégrité" in result.output or "illisible" in result.output
    target.extensions["coopassess.db"].engine.dispose()


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_without_pg_dump_the_message_is_clear(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH where no PostgreSQL client is found
    result = app.test_cli_runner().invoke(args=["backup", "--out", str(tmp_path / "b.dump")])
    assert result.exit_code != 0
    assert "pg_dump est introuvable" in result.output
    assert "postgresql-client" in result.output
