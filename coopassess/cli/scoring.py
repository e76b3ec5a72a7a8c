"""``coopassess score``: batch scoring of answers collected on paper or in another tool."""

from __future__ import annotations

import json
from pathlib import Path
from typing import NoReturn

import click

from coopassess.cli.charts import radar_command
from coopassess.exports import RESULT_COLUMNS, result_rows, to_csv
from coopassess.instrument.registry import default_registry
from coopassess.instrument.schema import Instrument
from coopassess.scoring import ScoringInputError, parse_responses, score_campaign
from coopassess.scoring.results import Results

# ``radar`` moved to coopassess.cli.charts; re-exported until the CLI group imports it there.
__all__ = ["radar_command", "score_command"]

INPUT_ERROR = 2


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    raise SystemExit(INPUT_ERROR)


def _instrument(version: str | None) -> Instrument:
    registry = default_registry()
    if version is None:
        return registry.current()
    try:
        return registry.get(version)
    except KeyError:
        known = ", ".join(registry.versions())
        _fail(f"Version d'instrument inconnue : {version} (versions publiées : {known})")


def _score_file(path: Path, instrument: Instrument) -> Results:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        _fail(f"{path} : lecture impossible ({error})")
    except json.JSONDecodeError as error:
        _fail(f"{path}:{error.lineno}:{error.colno} : JSON invalide ({error.msg})")
    try:
        target, respondents = parse_responses(instrument, data)
    except ScoringInputError as error:
        problems = "\n".join(f"  - {problem}" for problem in error.problems)
        count = len(error.problems)
        _fail(f"{path} : entrée refusée, rien n'a été calculé ({count} problème(s)) :\n{problems}")
    return score_campaign(instrument, respondents, target)


@click.command("score")
@click.option(
    "--responses",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Réponses de la campagne (JSON, voir results-json.md).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
    help="json : résultats complets ; csv : une ligne par dimension (Excel français).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Fichier de sortie (par défaut : sortie standard).",
)
@click.option(
    "--instrument-version", default=None, help="Version de l'instrument (par défaut : la courante)."
)
def score_command(
    responses: Path, fmt: str, out: Path | None, instrument_version: str | None
) -> None:
    """Calcule les résultats d'une campagne à partir d'un fichier de réponses."""
    results = _score_file(responses, _instrument(instrument_version))
    if fmt == "json":
        text = json.dumps(results.to_json(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = to_csv(result_rows(results), RESULT_COLUMNS)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8", newline="")
