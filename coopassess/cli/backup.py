"""``coopassess backup`` and ``coopassess restore``: one file to keep, one command to put it
back (see docs/operations.md for the restore drill)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from coopassess.cli.common import fail
from coopassess.operations import backup as core


@click.command("backup")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Fichier de sauvegarde à créer (il ne doit pas exister).",
)
@with_appcontext
def backup_command(out: Path) -> None:
    """Sauvegarde la base de données, application en marche (SQLite : API de sauvegarde en
    ligne ; PostgreSQL : pg_dump au format custom)."""
    try:
        core.backup(current_app.config["DATABASE_URL"], out)
    except core.BackupError as error:
        fail(str(error))
    click.echo(f"Sauvegarde écrite : {out} ({out.stat().st_size} octets)")


@click.command("restore")
@click.argument("backup_file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(backup_file: Path) -> None:
    """Restaure BACKUP_FILE dans la base configurée, qui doit être vide ; contrôle
    l'intégrité et affiche le nombre de lignes de chaque table."""
    try:
        restored = core.restore(backup_file, current_app.config["DATABASE_URL"])
    except core.BackupError as error:
        fail(str(error))
    click.echo(f"Restauration terminée (révision du schéma : {restored.revision or 'aucune'}).")
    for table, count in restored.counts.items():
        click.echo(f"  {table} : {count} ligne(s)")
    click.echo(f"  total : {sum(restored.counts.values())} ligne(s)")
