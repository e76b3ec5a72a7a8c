"""Each validation rule, on a copy of the shipped files broken in one place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopassess.cli.questionnaires import questionnaires_group
from coopassess.instrument.loader import InstrumentError, load_instrument
from tests.fixtures.instrument import copy_shipped, edit


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    return copy_shipped(tmp_path / "questionnaires")


def _errors(directory: Path) -> list[str]:
    with pytest.raises(InstrumentError) as caught:
        load_instrument(directory)
    return caught.value.errors


def test_unknown_scale_names_file_line_and_item(copy: Path) -> None:
    coop = copy / "coop.yaml"
    text = coop.read_text(encoding="utf-8")
    block = text.index("- id: COOP-LEA-05")
    line = text[: text.index("scale: LIK5", block)].count("\n") + 1
    coop.write_text(text[:block] + text[block:].replace("scale: LIK5", "scale: LIK7", 1))
    assert _errors(copy) == [
        f"questionnaires/coop.yaml:{line} item COOP-LEA-05: unknown scale 'LIK7'"
    ]


PRIORITY_ATT = (
    "  priority_text: >-\n    Les attentes en matière d'attractivité dépassent ce qui est constaté"
    " : faites connaître la démarche\n    et ses résultats (communication commune, visibilité des"
    " projets).\n"
)

# file, old text, new text, expected fragment (subject and problem), rule
BREAKAGES: list[tuple[str, str, str, str, str]] = [
    (
        "coop.yaml",
        "- id: COOP-VIT-02",
        "- id: COOP-VIT-01",
        "item COOP-VIT-01: duplicate id",
        "unique ids",
    ),
    (
        "coop.yaml",
        "id: COOP.OUV",
        "id: ACH.OUV",
        "dimension ACH.OUV: id must start with 'COOP.'",
        "dimension in its questionnaire",
    ),
    (
        "coop.yaml",
        "  - id: COOP-VIT-01\n    order: 1\n",
        "  - id: COOP-VIT-01\n    order: 1\n    dimension: COOP.OUV\n",
        "item COOP-VIT-01: dimension 'COOP.OUV' does not match its parent COOP.VIT",
        "item dimension matches parent",
    ),
    (
        "coop.yaml",
        "    scale: LIK5\n    reverse: true",
        "    reverse: true",
        "item COOP-VIT-01: a simple item needs a scale",
        "simple item has a scale",
    ),
    (
        "val.yaml",
        "    type: double\n",
        "    type: double\n    scale: LIK5\n",
        "item VAL-ATT-01: a double item has ratings, not a scale",
        "double item has no scale",
    ),
    (
        "val.yaml",
        "- {key: constate, scale: CTR5}",
        "- {key: observed, scale: CTR5}",
        "item VAL-ATT-01: ratings.0.key",
        "double item ratings",
    ),
    (
        "coop.yaml",
        "min_valid: 3",
        "min_valid: 9",
        "dimension COOP.VIT: min_valid 9 exceeds its 5 items",
        "min_valid ≤ items",
    ),
    (
        "coop.yaml",
        "    N5: >-\n      Capitalisez",
        "    N6: >-\n      Capitalisez",
        "no recommendation for N5",
        "a recommendation per level",
    ),
    (
        "val.yaml",
        PRIORITY_ATT,
        "",
        "dimension VAL.ATT: a value family needs a priority_text",
        "a priority text per family",
    ),
    (
        "ach.yaml",
        "      collectivite: >-\n        Dans notre collectivité, la direction",
        "      commun: >-\n        Dans notre collectivité, la direction",
        "item ACH-DEC-01: variant_by respondent needs exactly the texts collectivite, entreprise",
        "variants complete",
    ),
    (
        "coop.yaml",
        "      commun: >-\n        Les personnes les plus engagées",
        "      collectivite: >-\n        Les personnes les plus engagées",
        "item COOP-VIT-01: variant_by none needs exactly the texts commun",
        "common wording",
    ),
    (
        "instrument.yaml",
        "  RISQUE_SIGNALE:",
        "  RISQUE_SIGNALEE:",
        "flags: no text for RISQUE_SIGNALE",
        "flag texts present",
    ),
    (
        "instrument.yaml",
        "  NSP_ELEVE:",
        "  NSP_HAUT:",
        "respondent_flags: no text for NSP_ELEVE",
        "respondent flag texts present",
    ),
    (
        "coop.yaml",
        "reverse: true",
        "reverse: maybe",
        "item COOP-VIT-01: reverse: Input should be a valid boolean",
        "types",
    ),
    (
        "coop.yaml",
        "  order: 1\n",
        "  order: 1\n    colour: blue\n",
        "item COOP-VIT-01: colour: Extra inputs are not permitted",
        "unknown keys refused",
    ),
    (
        "ter.yaml",
        "version: 1.0.0-pilote",
        "version: 2.0.0",
        "instrument: must be",
        "one version across files",
    ),
    (
        "instrument.yaml",
        "lower: 40.0",
        "lower: 45.0",
        "level N3: must start where N2 ends",
        "contiguous levels",
    ),
    (
        "instrument.yaml",
        "upper: 100.0",
        "upper: 90.0",
        "levels must cover 0 to 100",
        "levels cover 0..100",
    ),
    (
        "profile.yaml",
        "  - {value: Région, label: Région}",
        "  - {value: Région, label: Région}\n  - {value: Région, label: Région}",
        "profile P-STRUCT: option 'Région' appears 2 times",
        "profile options unique",
    ),
]
FAR_FROM_EDIT = {"flag texts present", "respondent flag texts present", "levels cover 0..100"}


@pytest.mark.parametrize(
    ("name", "old", "new", "fragment", "rule"), BREAKAGES, ids=[b[4] for b in BREAKAGES]
)
def test_each_rule(copy: Path, name: str, old: str, new: str, fragment: str, rule: str) -> None:
    line = edit(copy / name, old, new)
    errors = _errors(copy)
    matching = [e for e in errors if fragment in e]
    assert matching, errors
    assert any(re.match(rf"questionnaires/{re.escape(name)}:\d+ ", e) for e in matching), matching
    if rule not in FAR_FROM_EDIT:
        # The line of the change, or of the key or mapping that holds it.
        reported = [int(re.match(r"[^:]+:(\d+) ", e).group(1)) for e in matching]
        assert any(line - 15 <= number <= line + 3 for number in reported), (line, matching)


def test_all_errors_reported_at_once(copy: Path) -> None:
    edit(copy / "coop.yaml", "scale: LIK5", "scale: LIK7")
    edit(copy / "ach.yaml", "scale: FRQ5", "scale: FRQ9")
    edit(copy / "ter.yaml", "min_valid: 3", "min_valid: 8")
    edit(copy / "instrument.yaml", "  RISQUE_SIGNALE:", "  RISQUE_SIGNALEE:")
    errors = _errors(copy)
    assert len(errors) == 4, errors
    assert {e.split(":")[0] for e in errors} == {
        "questionnaires/coop.yaml",
        "questionnaires/ach.yaml",
        "questionnaires/ter.yaml",
        "questionnaires/instrument.yaml",
    }


def test_schema_errors_in_several_files_are_all_reported(copy: Path) -> None:
    edit(copy / "coop.yaml", "reverse: true", "reverse: maybe")
    edit(copy / "val.yaml", "    order: 1\n", "    order: first\n")
    errors = _errors(copy)
    assert any(e.startswith("questionnaires/coop.yaml:") and "reverse" in e for e in errors)
    assert any(e.startswith("questionnaires/val.yaml:") and "order" in e for e in errors)


def test_yaml_syntax_error_has_line(copy: Path) -> None:
    edit(copy / "val.yaml", "id: VAL\n", "id: [VAL\n")
    errors = _errors(copy)
    assert len(errors) == 1 and re.search(r"val\.yaml:\d+ ", errors[0])


def test_missing_file_is_reported(copy: Path) -> None:
    (copy / "ter.yaml").unlink()
    errors = _errors(copy)
    assert errors == [
        "questionnaires/ter.yaml:? cannot read the file: No such file or directory"
    ], errors


def test_cli_check_exit_status(copy: Path) -> None:
    runner = CliRunner()
    good = runner.invoke(questionnaires_group, ["check", str(copy)])
    assert good.exit_code == 0, good.output
    assert "COOP  8 dimensions, 40 items, 12 reverse" in good.output
    assert "ACH   4 dimensions, 20 items, 4 reverse" in good.output
    assert "TER   5 dimensions, 23 items, 4 reverse" in good.output
    assert "VAL   8 families, 21 items, 0 reverse" in good.output
    edit(copy / "coop.yaml", "scale: LIK5", "scale: LIK7")
    edit(copy / "ach.yaml", "scale: FRQ5", "scale: FRQ9")
    bad = runner.invoke(questionnaires_group, ["check", str(copy / "coop.yaml")])
    assert bad.exit_code == 1
    assert "unknown scale 'LIK7'" in bad.output
    assert "unknown scale 'FRQ9'" in bad.output
    assert "2 erreur(s)." in bad.output


def test_cli_check_and_list_shipped_files() -> None:
    runner = CliRunner()
    checked = runner.invoke(questionnaires_group, ["check"])
    assert checked.exit_code == 0, checked.output
    assert "COOP  8 dimensions, 40 items, 12 reverse" in checked.output
    listed = runner.invoke(questionnaires_group, ["list"])
    assert listed.exit_code == 0, listed.output
    assert "1.0.0-pilote" in listed.output and "(courante)" in listed.output
    assert "VAL   8 families, 21 items" in listed.output
