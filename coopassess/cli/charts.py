"""``coopassess radar``: the radar of a campaign's answers, written to an SVG, PNG or PDF file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NoReturn

import click

from coopassess.charts import (
    FORMATS,
    ChartDataError,
    RadarData,
    dimension_radar,
    render,
    values_radar,
)
from coopassess.instrument.registry import default_registry
from coopassess.instrument.schema import Instrument
from coopassess.scoring import ScoringInputError, parse_responses, score_campaign
from coopassess.scoring.results import Results

INPUT_ERROR = 2
QUESTIONNAIRES = ("COOP", "ACH", "TER", "VAL")


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    raise SystemExit(INPUT_ERROR)


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        _fail(f"{path} : lecture impossible ({error})")
    except json.JSONDecodeError as error:
        _fail(f"{path}:{error.lineno}:{error.colno} : JSON invalide ({error.msg})")


def _chart(results: Results, instrument: Instrument, questionnaire: str) -> RadarData:
    if questionnaire not in results.questionnaires:
        _fail(f"Aucune réponse au questionnaire {questionnaire} : pas de graphique à dessiner.")
    if questionnaire == "VAL":
        return values_radar(results, instrument)
    return dimension_radar(results, instrument, questionnaire)


@click.command("radar")
@click.option(
    "--responses",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Réponses d'une campagne (JSON, même entrée que « coopassess score »).",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Fichier à écrire : .svg, .png (200 dpi) ou .pdf.",
)
@click.option(
    "--questionnaire",
    type=click.Choice(QUESTIONNAIRES, case_sensitive=False),
    default="COOP",
    show_default=True,
)
def radar_command(responses: Path, out: Path, questionnaire: str) -> None:
    """Dessine le radar d'une campagne (format d'après l'extension du fichier)."""
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        _fail(f"{out} : extension attendue .svg, .png ou .pdf")
    instrument = default_registry().current()
    try:
        target, respondents = parse_responses(instrument, _read(responses))
    except ScoringInputError as error:
        _fail(
            f"{responses} : entrée refusée, rien n'a été dessiné :\n"
            + "\n".join(f"  - {problem}" for problem in error.problems)
        )
    results = score_campaign(instrument, respondents, target)
    try:
        content = render(_chart(results, instrument, questionnaire.upper()), fmt)
    except ChartDataError as error:
        _fail(f"Graphique impossible : {error}")
    try:
        out.write_bytes(content)
    except OSError as error:
        _fail(f"{out} : écriture impossible ({error})")
    click.echo(f"{out} écrit ({questionnaire.upper()}, {results.n_respondents} répondant·es).")
