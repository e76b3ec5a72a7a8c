"""``coopassess score`` and ``coopassess radar``: batch scoring of answers collected elsewhere."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from coopassess.charts import ChartCache, dimension_radar, values_radar
from coopassess.exports import RESULT_COLUMNS, result_rows, to_csv
from coopassess.instrument.registry import default_registry
from coopassess.instrument.schema import Instrument
from coopassess.scoring import ScoringInputError, parse_responses, score_campaign
from coopassess.scoring.results import Results

INPUT_ERROR = 2


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(INPUT_ERROR)


def _score_file(path: Path, version: str | None) -> tuple[Instrument, Results]:
    registry = default_registry()
    try:
        instrument = registry.get(version) if version else registry.current()
    except KeyError:
        _fail(
            f"Version d'instrument inconnue : {version} "
            f"(connues : {', '.join(registry.versions())})"
        )
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        _fail(f"{path}: lecture impossible : {error}")
    except json.JSONDecodeError as error:
        _fail(f"{path}:{error.lineno}:{error.colno}: JSON invalide : {error.msg}")
    try:
        target, respondents = parse_responses(instrument, data)
    except ScoringInputError as error:
        _fail(
            f"{path}: entrée refusée, rien n'a été calculé :\n"
            + "\n".join(f"  - {problem}" for problem in error.problems)
        )
    return instrument, score_campaign(instrument, respondents, target)


@click.command("score")
@click.option(
    "--responses",
    "responses",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="answers (JSON)",
)
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="file (default: stdout)"
)
@click.option("--instrument-version", default=None, help="default: the current version")
def score_command(
    responses: Path, fmt: str, out: Path | None, instrument_version: str | None
) -> None:
    """Score the answers of a campaign; print the results JSON (or CSV)."""
    _, results = _score_file(responses, instrument_version)
    if fmt == "json":
        text = json.dumps(results.to_json(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = to_csv(result_rows(results), RESULT_COLUMNS)
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@click.command("radar")
@click.option(
    "--responses",
    "responses",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="answers (JSON)",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="radar.svg, radar.png or radar.pdf",
)
@click.option("--questionnaire", type=click.Choice(["COOP", "ACH", "TER", "VAL"]), default="COOP")
@click.option("--instrument-version", default=None, help="default: the current version")
def radar_command(
    responses: Path, out: Path, questionnaire: str, instrument_version: str | None
) -> None:
    """Draw the radar of a campaign's answers (format from the file extension)."""
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("svg", "png", "pdf"):
        _fail(f"{out}: extension attendue .svg, .png ou .pdf")
    instrument, results = _score_file(responses, instrument_version)
    if questionnaire not in results.questionnaires:
        _fail(f"Aucune réponse au questionnaire {questionnaire} dans {responses}")
    if questionnaire == "VAL":
        data = values_radar(results, instrument)
    else:
        data = dimension_radar(results, instrument, questionnaire)
    out.write_bytes(ChartCache().get_or_render(data, fmt))
    click.echo(f"{out} ({questionnaire}, {results.n_respondents} répondants)")
