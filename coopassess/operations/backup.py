"""Backups a collectivité can restore: one file, taken while the app runs, restored into an
empty database after an integrity check.

SQLite: the online backup API copies the database in one step from a read snapshot (WAL: the
app keeps writing meanwhile), to a temporary file checked with ``PRAGMA integrity_check``
before it takes its final name. PostgreSQL: ``pg_dump`` in custom format (one consistent
snapshot), restored with ``pg_restore`` in one transaction. The password is handed to the
PostgreSQL tools in ``PGPASSWORD``, never on their command line (which ``ps`` shows).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from coopassess.db import make_engine
from coopassess.models import Base

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
_SEARCH_PATH = re.compile(r"-c\s*search_path\s*=\s*([A-Za-z0-9_]+)")


class BackupError(RuntimeError):
    """A backup or restore refused or failed (message in French, shown as is)."""


@dataclass(frozen=True, slots=True)
class Restored:
    """What a restore put in the database: rows per table, and the schema revision."""

    counts: dict[str, int]
    revision: str | None


def backup(url: str, out: Path) -> None:
    """Write a backup of the database at ``url`` to ``out`` (which must not exist yet)."""
    if out.exists():
        raise BackupError(f"Le fichier {out} existe déjà : choisissez un autre nom.")
    if not out.parent.is_dir():
        raise BackupError(f"Le dossier {out.parent} n'existe pas.")
    partial = out.with_name(out.name + ".partiel")
    partial.unlink(missing_ok=True)
    try:
        if _is_sqlite(url):
            _sqlite_backup(_sqlite_path(url), partial)
        else:
            _run(_pg_tool("pg_dump"), _pg_dump_args(url, partial), url)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)


def restore(backup_file: Path, url: str) -> Restored:
    """Restore ``backup_file`` into the empty database at ``url``; what it now holds."""
    if not backup_file.is_file():
        raise BackupError(f"Sauvegarde introuvable : {backup_file}")
    with backup_file.open("rb") as stream:
        magic = stream.read(len(SQLITE_MAGIC))
    sqlite = _is_sqlite(url)
    if sqlite and not magic.startswith(SQLITE_MAGIC):
        raise BackupError("Ce fichier n'est pas une sauvegarde SQLite de CoopAssess.")
    if not sqlite and not magic.startswith(PG_DUMP_MAGIC):
        raise BackupError(
            "Ce fichier n'est pas une sauvegarde PostgreSQL (pg_dump, format custom)."
        )
    _refuse_non_empty(url)
    if sqlite:
        _sqlite_check(backup_file)
        target = _sqlite_path(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_backup(backup_file, target)
    else:
        pg_restore = _pg_tool("pg_restore")
        _run(pg_restore, ["--list", str(backup_file)], url)  # reads the whole table of contents
        _run(pg_restore, _pg_restore_args(url, backup_file), url)
    return _summary(url)


def _is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("Une base SQLite en mémoire ne se sauvegarde pas.")
    return Path(database)


def _sqlite_backup(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` with the online backup API, then check the copy."""
    if not source.is_file():
        raise BackupError(f"Base SQLite introuvable : {source}")
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)) as reader,
        closing(sqlite3.connect(target)) as writer,
    ):
        reader.backup(writer)  # one step: a single read snapshot, the app's writers go on
    _sqlite_check(target)


def _sqlite_check(path: Path) -> None:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            found = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            broken_links = connection.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"Fichier SQLite illisible ({path}) : {error}") from error
    if found != ["ok"]:
        raise BackupError(f"Contrôle d'intégrité en échec ({path}) : {'; '.join(found[:5])}")
    if broken_links:
        raise BackupError(f"Références rompues dans {path} : {len(broken_links)} ligne(s).")


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"Le programme {name} est introuvable : installez le client PostgreSQL "
            f"(paquet postgresql-client, de la même version majeure que le serveur) puis "
            f"relancez la commande."
        )
    return found


def _libpq(url: str) -> tuple[str, str | None, str | None]:
    """The URL as the PostgreSQL tools read it (no driver, no password), the password, and
    the schema named by a ``search_path`` option if any."""
    parsed: URL = make_url(url)
    schema = None
    options = parsed.query.get("options")
    if isinstance(options, str):
        match = _SEARCH_PATH.search(options)
        schema = match.group(1) if match else None
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), parsed.password, schema


def _pg_dump_args(url: str, out: Path) -> list[str]:
    libpq, _, schema = _libpq(url)
    args = ["--format=custom", "--no-owner", "--no-privileges", f"--file={out}"]
    if schema:
        args.append(f"--schema={schema}")
    return [*args, f"--dbname={libpq}"]


def _pg_restore_args(url: str, backup_file: Path) -> list[str]:
    libpq, _, _ = _libpq(url)
    return [
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={libpq}",
        str(backup_file),
    ]


def _run(program: str, args: list[str], url: str) -> None:
    password = _libpq(url)[1]
    env = {**os.environ, **({"PGPASSWORD": password} if password else {})}
    done = subprocess.run(
        [program, *args], env=env, capture_output=True, text=True, check=False, timeout=3600
    )
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1:] or [f"code de sortie {done.returncode}"]
        raise BackupError(f"{Path(program).name} a échoué : {detail[0]}")


def _refuse_non_empty(url: str) -> None:
    engine = make_engine(url)
    try:
        tables = sa.inspect(engine).get_table_names()
    except sa.exc.OperationalError as error:
        raise BackupError(f"Base de destination injoignable : {error.orig}") from error
    finally:
        engine.dispose()
    if tables:
        raise BackupError(
            f"La base de destination n'est pas vide ({len(tables)} table(s), dont "
            f"{', '.join(sorted(tables)[:3])}) : une restauration se fait dans une base neuve."
        )


def _summary(url: str) -> Restored:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            present = set(sa.inspect(connection).get_table_names())
            counts = {
                table.name: connection.execute(
                    sa.select(sa.func.count()).select_from(table)
                ).scalar_one()
                for table in Base.metadata.sorted_tables
                if table.name in present
            }
            revision = (
                connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
                if "alembic_version" in present
                else None
            )
    finally:
        engine.dispose()
    return Restored(counts, revision)
