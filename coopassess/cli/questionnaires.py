"""``coopassess questionnaires check|list``: validate and describe the instrument files."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import click

from coopassess.instrument.loader import InstrumentError, load_instrument
from coopassess.instrument.registry import InstrumentRegistry
from coopassess.instrument.schema import Instrument
from coopassess.paths import questionnaires_dir


@click.group("questionnaires")
def questionnaires_group() -> None:
    """Les fichiers des questionnaires (questionnaires/*.yaml)."""


def _describe(instrument: Instrument) -> list[str]:
    lines = [f"{instrument.id} {instrument.version} (sha256 {instrument.content_hash[:12]})"]
    for questionnaire in instrument.questionnaires.values():
        items = questionnaire.items
        kind = "families" if all(i.type == "double" for i in items) else "dimensions"
        reverse = sum(1 for item in items if item.reverse)
        lines.append(
            f"  {questionnaire.id:<5} {len(questionnaire.dimensions)} {kind}, "
            f"{len(items)} items, {reverse} reverse — {questionnaire.title.fr}"
        )
    return lines


def _load_files(files: tuple[Path, ...]) -> Instrument:
    """A set given as files: the folder of the first is the set, or the files are copied."""
    folders = {path.resolve().parent for path in files}
    if len(folders) == 1:
        return load_instrument(folders.pop())
    with tempfile.TemporaryDirectory() as temporary:
        for path in files:
            shutil.copy(path, Path(temporary) / path.name)
        return load_instrument(Path(temporary))


@questionnaires_group.command("check")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=True, path_type=Path))
def check_command(files: tuple[Path, ...]) -> None:
    """Vérifie les fichiers livrés, ou FILES (un dossier, ou les fichiers d'un jeu)."""
    try:
        if not files:
            registry = InstrumentRegistry(questionnaires_dir())
            instruments = [registry.get(version) for version in registry.versions()]
        elif len(files) == 1 and files[0].is_dir():
            instruments = [load_instrument(files[0])]
        else:
            instruments = [_load_files(files)]
    except InstrumentError as error:
        for message in error.errors:
            click.echo(message, err=True)
        click.echo(f"{len(error.errors)} erreur(s).", err=True)
        sys.exit(1)
    for instrument in instruments:
        click.echo("\n".join(_describe(instrument)))
    click.echo("OK")


@questionnaires_group.command("list")
def list_command() -> None:
    """Liste les versions publiées et leurs questionnaires."""
    registry = InstrumentRegistry(questionnaires_dir())
    current = registry.current().version
    for version in registry.versions():
        marker = " (courante)" if version == current else ""
        lines = _describe(registry.get(version))
        click.echo(lines[0] + marker)
        click.echo("\n".join(lines[1:]))
