"""Exports: answers and results as CSV and XLSX, safe against formula injection."""

from __future__ import annotations

import io
import random

import pytest
from openpyxl import load_workbook

from coopassess.demo.responses import ORGANISATIONS, demo_response
from coopassess.exports import (
    PORTFOLIO_COLUMNS,
    RESULT_COLUMNS,
    answer_columns,
    answer_rows,
    campaign_result_rows,
    csv_cell,
    csv_chunks,
    portfolio_csv_chunks,
    portfolio_rows,
    result_rows,
    safe_cell,
    to_csv,
    to_xlsx,
)
from coopassess.instrument.registry import default_registry
from coopassess.scoring import RespondentAnswers, score_campaign

PAYLOADS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.fixture(scope="module")
def respondents() -> list[RespondentAnswers]:
    instrument = default_registry().current()
    rng = random.Random(3)
    return [
        RespondentAnswers(f"R{i + 1}", *demo_response(instrument, ORGANISATIONS[2], i, rng))
        for i in range(5)
    ]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_like_text_is_neutralised(payload: str) -> None:
    assert safe_cell(payload) == "'" + payload
    assert safe_cell(-3.5) == -3.5 and safe_cell("Métallerie") == "Métallerie"


def test_answers_one_row_per_respondent_one_column_per_item(respondents) -> None:
    instrument = default_registry().current()
    columns = answer_columns(instrument, ["COOP", "ACH", "VAL"])
    assert columns[:5] == ["respondent", "P-STRUCT", "P-FONCTION", "P-ROLE", "P-ANCIEN"]
    assert "COOP-VIT-01" in columns and "VAL-ENV-01.attendu" in columns
    assert len(columns) == 5 + 40 + 20 + 2 * 21
    rows = answer_rows(respondents)
    text = to_csv(rows, columns)
    assert text.startswith("\ufeffrespondent;P-STRUCT;")
    lines = text.split("\r\n")
    assert len(lines) == 1 + 5 + 1  # header, rows, final line break
    assert all(line.count(";") == len(columns) - 1 for line in lines[:-1])
    values = {value for row in rows for key, value in row.items() if key.startswith("COOP")}
    assert values <= {1, 2, 3, 4, 5, "NSP", "NC"}


def test_results_of_several_campaigns_with_an_injected_name(respondents) -> None:
    instrument = default_registry().current()
    results = score_campaign(instrument, respondents, "entreprise")
    name = "=cmd|' /C calc'!A0 <script>alert(1)</script>"
    rows = campaign_result_rows([({"campaign": 7, "organisation": name}, results)])
    columns = ["campaign", "organisation", *RESULT_COLUMNS]
    assert len(rows) == len(result_rows(results))
    csv_text = to_csv(rows, columns)
    assert ";'=cmd|" in csv_text and "<script>alert(1)</script>" in csv_text
    workbook = load_workbook(io.BytesIO(to_xlsx(rows, columns, "Résultats")))
    sheet = workbook["Résultats"]
    assert [cell.value for cell in sheet[1]][:3] == ["campaign", "organisation", "questionnaire"]
    assert sheet["B2"].value == "'" + name and sheet["B2"].data_type == "s"
    imc = next(row for row in sheet.iter_rows(values_only=True) if row[3] == "IMC")
    assert imc[4] == results.questionnaires["COOP"].index.score


def test_export_command(app, runner, tmp_path) -> None:
    assert runner.invoke(args=["demo"]).exit_code == 0
    answers = tmp_path / "reponses.xlsx"
    result = runner.invoke(args=["export", "1", "--what", "answers", "--out", str(answers)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(answers)["Réponses"]
    assert sheet["A2"].value == "R1" and sheet.max_row == 1 + 8
    results_csv = tmp_path / "resultats.csv"
    assert runner.invoke(args=["export", "1", "--out", str(results_csv)]).exit_code == 0
    text = results_csv.read_text(encoding="utf-8")
    assert text.startswith("\ufeffcampaign;organisation;demarche;questionnaire")
    assert ";Agglomération de Rives-sur-Loire;" in text
    refused = runner.invoke(args=["export", "1", "--out", str(tmp_path / "x.pdf")])
    assert refused.exit_code == 2


def test_portfolio_csv_is_the_generic_csv_built_faster() -> None:
    """The portfolio's fast CSV writer gives exactly what the generic one gives, quoting and
    neutralised formulas included, whatever the chunk size."""

    def level_of(score: float | None) -> str | None:
        return None if score is None else f"N{min(5, int(score // 20) + 1)}"

    dimensions = [("COOP", "IMC"), ("COOP", "COOP.VIT"), ("ACH", "ACH.CON")]
    parts = [
        (
            {
                "organisation": name,
                "structure_type": "Commune",
                "region": "Bretagne",
                "target": "territoire",
                "campaign": number,
                "demarche": 'Réemploi; "BTP"\nphase 2',
                "instrument_version": "1.0.0",
                "n": n,
            },
            dimensions,
            scores,
            level_of,
        )
        for number, (name, n, scores) in enumerate(
            [
                ('=HYPERLINK("http://x")', 12, {"COOP": {"IMC": 62.5, "COOP.VIT": 40.0}}),
                ("Ville de Brest", 2, {}),
                ("@Agglo\rcmd", 30, {"COOP": {"IMC": 62.5}, "ACH": {"ACH.CON": 99.9}}),
            ],
            start=1,
        )
    ]
    generic = "".join(
        csv_chunks(
            (row for part in parts for row in portfolio_rows(*part, csv_cell)), PORTFOLIO_COLUMNS
        )
    )
    for chunk_rows in (1, 4, 2000):
        assert "".join(portfolio_csv_chunks(parts, chunk_rows)) == generic
    assert "'=HYPERLINK" in generic and '"Réemploi; ""BTP""' in generic
