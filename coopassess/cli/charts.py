"""``coopassess radar``: the radar of a campaign's answers, written to an SVG, PNG or PDF file."""

from __future__ import annotations

from pathlib import Path

import click

from coopassess.charts import (
    FORMATS,
    ChartDataError,
    RadarData,
    questionnaire_radar,
    render,
)
from coopassess.cli.batch import instrument_for, score_file
from coopassess.cli.common import fail
from coopassess.cli.options import out_option, responses_option
from coopassess.instrument.schema import Instrument
from coopassess.scoring.results import Results

QUESTIONNAIRES = ("COOP", "ACH", "TER", "VAL")


def _chart(results: Results, instrument: Instrument, questionnaire: str) -> RadarData:
    if questionnaire not in results.questionnaires:
        fail(f"Aucune réponse au questionnaire {questionnaire} : pas de graphique à dessiner.")
    return questionnaire_radar(results, instrument, questionnaire)


@click.command("radar")
@responses_option("Réponses d'une campagne (JSON, même entrée que « coopassess score »).")
@out_option("Fichier à écrire : .svg, .png (200 dpi) ou .pdf.")
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
        fail(f"{out} : extension attendue .svg, .png ou .pdf")
    instrument = instrument_for(None)
    results = score_file(responses, instrument, nothing_done="rien n'a été dessiné")
    try:
        content = render(_chart(results, instrument, questionnaire.upper()), fmt)
    except ChartDataError as error:
        fail(f"Graphique impossible : {error}")
    try:
        out.write_bytes(content)
    except OSError as error:
        fail(f"{out} : écriture impossible ({error})")
    click.echo(f"{out} écrit ({questionnaire.upper()}, {results.n_respondents} répondant·es).")
