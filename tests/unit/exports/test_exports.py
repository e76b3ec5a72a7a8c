"""Exports: answers and results as CSV and XLSX, safe against formula injection."""

from __future__ import annotations

import io
import random
from datetime import date

import pytest
from openpyxl import load_workbook

from coopassess.demo.responses import ORGANISATIONS, demo_response
from coopassess.exports import (
    LABELLED_RESULT_COLUMNS,
    PORTFOLIO_COLUMNS,
    answer_columns,
    answer_rows,
    campaign_result_rows,
    csv_cell,
    csv_chunks,
    describe,
    export_readme,
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
    text = to_csv(rows, describe(columns, instrument))
    assert text.startswith("\ufeffRépondant;Type de votre structure;")
    assert ";COOP-VIT-01;" in text  # item codes as headers, their text in « Lisez-moi »
    lines = text.split("\r\n")
    assert len(lines) == 1 + 5 + 1  # header, rows, final line break
    assert all(line.count(";") == len(columns) - 1 for line in lines[:-1])
    values = {value for row in rows for key, value in row.items() if key.startswith("COOP")}
    assert values <= {1, 2, 3, 4, 5, "NSP", "NC"}


def test_results_of_several_campaigns_with_an_injected_name(respondents) -> None:
    instrument = default_registry().current()
    results = score_campaign(instrument, respondents, "entreprise")
    name = "=cmd|' /C calc'!A0 <script>alert(1)</script>"
    info = {"campaign": 7, "organisation": name, "date": date(2025, 3, 31)}
    rows = campaign_result_rows([(info, results)], instrument)
    columns = describe(["campaign", "organisation", "date", *LABELLED_RESULT_COLUMNS], instrument)
    assert len(rows) == len(result_rows(results))
    csv_text = to_csv(rows, columns)
    assert ";'=cmd|" in csv_text and "<script>alert(1)</script>" in csv_text
    assert ";31/03/2025;" in csv_text  # a date as French Excel reads it
    readme = export_readme("Résultats de la campagne", "Agglo — Réemploi", "1.0.0", date.today())
    workbook = load_workbook(io.BytesIO(to_xlsx(rows, columns, "Résultats", readme)))
    assert workbook.sheetnames == ["Lisez-moi", "Résultats"]
    sheet = workbook["Résultats"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:5] == [
        "N° de campagne",
        "Organisation",
        "Date de la campagne",
        "Module",
        "Code",
    ]
    assert {"Score /100", "Niveau", "Accord", "Part de « Je ne sais pas » (%)"} <= set(headers)
    assert sheet["B2"].value == "'" + name and sheet["B2"].data_type == "s"
    assert sheet["C2"].is_date and sheet["C2"].value.date() == date(2025, 3, 31)
    score = headers.index("Score /100") + 1
    imc_row = next(row for row in sheet.iter_rows() if row[4].value == "IMC")
    assert imc_row[score - 1].value == results.questionnaires["COOP"].index.score
    assert imc_row[score - 1].number_format == "0.0"
    assert imc_row[headers.index("Dimension")].value == "Indice de maturité coopérative"
    assert sheet.freeze_panes == "B2" and sheet.column_dimensions["B"].width > 20
    agreements = {row[headers.index("Accord")].value for row in sheet.iter_rows(min_row=2)}
    assert "Avis partagés" not in agreements
    lisez_moi = [row for row in workbook["Lisez-moi"].iter_rows(values_only=True)]
    assert lisez_moi[0][0] == "Résultats de la campagne"
    assert ("Version du questionnaire", "1.0.0") in lisez_moi
    assert any(row[0] == "Score /100" and "dixième" in row[1] for row in lisez_moi)


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
    assert text.startswith("\ufeffN° de campagne;Organisation;Démarche;Date de la campagne;")
    assert ";Agglomération de Rives-sur-Loire;" in text
    refused = runner.invoke(args=["export", "1", "--out", str(tmp_path / "x.pdf")])
    assert refused.exit_code == 2


def test_portfolio_csv_is_the_generic_csv_built_faster() -> None:
    """The portfolio's fast CSV writer gives exactly what the generic one gives, quoting and
    neutralised formulas included, whatever the chunk size."""

    def level_of(score: float | None) -> tuple[str | None, str | None]:
        return (None, None) if score is None else (f"N{min(5, int(score // 20) + 1)}", "Nom")

    dimensions = [
        ("COOP", "IMC", "Indice"),
        ("COOP", "COOP.VIT", "Énergie; « vitalité »"),
        ("ACH", "ACH.CON", "=Connaissance"),
    ]
    parts = [
        (
            {
                "organisation": name,
                "structure_type": "Commune",
                "region": "Bretagne",
                "target": "territoire",
                "campaign": number,
                "demarche": 'Réemploi; "BTP"\nphase 2',
                "date": date(2025, 3, 31),
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
            (row for part in parts for row in portfolio_rows(*part, csv_cell)),
            [column.header for column in describe(PORTFOLIO_COLUMNS)],
        )
    )
    for chunk_rows in (1, 4, 2000):
        assert "".join(portfolio_csv_chunks(parts, chunk_rows)) == generic
    assert "'=HYPERLINK" in generic and '"Réemploi; ""BTP""' in generic
