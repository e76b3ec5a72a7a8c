"""``coopassess score``: batch scoring of answers collected on paper or in another tool."""

from __future__ import annotations

import json
from pathlib import Path

import click

from coopassess.cli.batch import instrument_for, score_file
from coopassess.cli.options import out_option, responses_option
from coopassess.exports import RESULT_COLUMNS, result_rows, to_csv


@click.command("score")
@responses_option("Réponses de la campagne (JSON, voir docs/spec/results-json.md).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
    help="json : résultats complets ; csv : une ligne par dimension (Excel français).",
)
@out_option("Fichier de sortie (par défaut : sortie standard).", required=False)
@click.option(
    "--instrument-version", default=None, help="Version de l'instrument (par défaut : la courante)."
)
def score_command(
    responses: Path, fmt: str, out: Path | None, instrument_version: str | None
) -> None:
    """Calcule les résultats d'une campagne à partir d'un fichier de réponses."""
    results = score_file(
        responses, instrument_for(instrument_version), nothing_done="rien n'a été calculé"
    )
    if fmt == "json":
        text = json.dumps(results.to_json(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = to_csv(result_rows(results), RESULT_COLUMNS)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8", newline="")
