"""Input validation (results-json.md, input) and the ``coopassess score`` command."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from coopassess.cli.scoring import score_command
from coopassess.scoring import InputProblem, ScoringInputError, parse_responses
from tests.fixtures.scoring import SCORE_DIR, check_shape, instrument


def respondent(rid="r1", answers=None, profile=None, **extra):
    entry = {"id": rid, "answers": answers or {"COOP-VIT-01": 4}, **extra}
    if profile is not None:
        entry["profile"] = profile
    return entry


def problems(data) -> list[InputProblem]:
    with pytest.raises(ScoringInputError) as caught:
        parse_responses(instrument(), data)
    return caught.value.problems


def test_valid_input_is_typed():
    target, respondents = parse_responses(
        instrument(),
        {
            "target": "entreprise",
            "respondents": [
                respondent(
                    answers={"COOP-VIT-01": 4, "COOP-VIT-02": "NSP", "VAL-ENV-01.attendu": 5},
                    profile={"P-ROLE": "Pilote ou animateur·rice"},
                )
            ],
        },
    )
    assert target == "entreprise"
    assert respondents[0].answers["VAL-ENV-01.attendu"] == 5
    assert respondents[0].profile == {"P-ROLE": "Pilote ou animateur·rice"}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ([], ("campagne", "(racine)")),
        ({"target": "mairie", "respondents": []}, ("campagne", "target")),
        ({"target": "territoire"}, ("campagne", "respondents")),
        ({"target": "territoire", "respondents": {}}, ("campagne", "respondents")),
        ({"target": "territoire", "respondents": [], "extra": 1}, ("campagne", "extra")),
        ({"target": "territoire", "respondents": [3]}, ("n° 1", "(répondant)")),
        ({"target": "territoire", "respondents": [{"answers": {}}]}, ("n° 1", "id")),
        ({"target": "territoire", "respondents": [respondent(rid="")]}, ("n° 1", "id")),
        ({"target": "territoire", "respondents": [respondent(x=1)]}, ("r1", "x")),
        (
            {"target": "territoire", "respondents": [respondent(answers={"COOP-XXX-01": 3})]},
            ("r1", "COOP-XXX-01"),
        ),
        (
            {"target": "territoire", "respondents": [respondent(answers={"VAL-ENV-01": 3})]},
            ("r1", "VAL-ENV-01"),
        ),
        (
            {"target": "territoire", "respondents": [respondent(answers={"COOP-VIT-01": 6})]},
            ("r1", "COOP-VIT-01"),
        ),
        (
            {"target": "territoire", "respondents": [respondent(answers={"COOP-VIT-01": 0})]},
            ("r1", "COOP-VIT-01"),
        ),
        (
            {"target": "territoire", "respondents": [respondent(answers={"COOP-VIT-01": "4"})]},
            ("r1", "COOP-VIT-01"),
        ),
        (
            {"target": "territoire", "respondents": [respondent(answers={"COOP-VIT-01": 4.0})]},
            ("r1", "COOP-VIT-01"),
        ),
        (
            {"target": "territoire", "respondents": [respondent(answers={"COOP-VIT-01": True})]},
            ("r1", "COOP-VIT-01"),
        ),
        (
            {"target": "territoire", "respondents": [respondent(answers={"COOP-VIT-01": None})]},
            ("r1", "COOP-VIT-01"),
        ),
        (
            {"target": "territoire", "respondents": [respondent(answers={"COOP-VIT-01": "nsp"})]},
            ("r1", "COOP-VIT-01"),
        ),
        ({"target": "territoire", "respondents": [respondent(answers=[1])]}, ("r1", "answers")),
        ({"target": "territoire", "respondents": [respondent(profile="x")]}, ("r1", "profile")),
        (
            {"target": "territoire", "respondents": [respondent(profile={"P-AGE": "30"})]},
            ("r1", "profile.P-AGE"),
        ),
        (
            {"target": "territoire", "respondents": [respondent(profile={"P-ROLE": "Chef"})]},
            ("r1", "profile.P-ROLE"),
        ),
        (
            {"target": "territoire", "respondents": [respondent(profile={"P-ROLE": 1})]},
            ("r1", "profile.P-ROLE"),
        ),
        (
            {"target": "territoire", "respondents": [respondent(), respondent()]},
            ("r1", "id"),
        ),
    ],
)
def test_each_rejection_names_respondent_and_key(data, expected):
    (problem,) = problems(data)
    assert (problem.respondent, problem.key) == expected
    assert problem.reason


def test_all_problems_are_reported_at_once():
    found = problems(
        {
            "target": "usine",
            "respondents": [
                respondent("a", {"COOP-VIT-01": 9, "NOPE": 1}, {"P-ROLE": "Chef"}),
                respondent("b", {"COOP-VIT-02": "peut-être"}),
                respondent("a"),
            ],
        }
    )
    assert [(p.respondent, p.key) for p in found] == [
        ("campagne", "target"),
        ("a", "profile.P-ROLE"),
        ("a", "COOP-VIT-01"),
        ("a", "NOPE"),
        ("b", "COOP-VIT-02"),
        ("a", "id"),
    ]
    assert str(found[2]) == "répondant a : COOP-VIT-01 : 9 hors de l'échelle (1 à 5)"


# The command ----------------------------------------------------------------------------------


def invoke(*args):
    return CliRunner().invoke(score_command, list(args))


def test_bad_input_exit_2_message_on_stderr_nothing_on_stdout(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            {
                "target": "territoire",
                "respondents": [
                    respondent("r1", {"COOP-VIT-01": 7}),
                    respondent("r2", {"COOP-ZZZ-09": 1}),
                ],
            }
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out.json"
    result = invoke("--responses", str(path), "--out", str(out))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "répondant r1 : COOP-VIT-01 : 7 hors de l'échelle" in result.stderr
    assert "répondant r2 : COOP-ZZZ-09 : item inconnu" in result.stderr
    assert "rien n'a été calculé" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "JSON invalide"), (b"\xff\xfe", "lecture impossible")],
)
def test_unreadable_or_malformed_file(tmp_path, content, message):
    path = tmp_path / "in.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    result = invoke("--responses", str(path))
    assert result.exit_code == 2 and result.stdout == ""
    assert message in result.stderr


def test_missing_file_and_unknown_version(tmp_path):
    result = invoke("--responses", str(tmp_path / "none.json"))
    assert result.exit_code == 2 and result.stdout == ""
    result = invoke("--responses", str(SCORE_DIR / "example1.json"), "--instrument-version", "9")
    assert result.exit_code == 2 and "Version d'instrument inconnue : 9" in result.stderr


def test_explicit_version_and_out_file(tmp_path):
    out = tmp_path / "results.json"
    result = invoke(
        "--responses",
        str(SCORE_DIR / "example3.json"),
        "--instrument-version",
        instrument().version,
        "--out",
        str(out),
    )
    assert result.exit_code == 0 and result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    check_shape(data)
    assert data["instrument"]["version"] == instrument().version


def test_csv_for_french_excel():
    result = invoke("--responses", str(SCORE_DIR / "example3.json"), "--format", "csv")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert list(rows[0])[:12] == [
        "questionnaire",
        "dimension",
        "score",
        "level",
        "n",
        "min",
        "max",
        "sd",
        "ad",
        "agreement",
        "nsp_rate",
        "flags",
    ]
    lea = next(row for row in rows if row["dimension"] == "COOP.LEA")
    assert (lea["score"], lea["level"], lea["sd"], lea["ad"]) == ("55,4", "N3", "32,2", "1,077")
    assert lea["agreement"] == "Désaccord" and lea["flags"] == "DESACCORD ECART_PILOTES"
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row.values())
