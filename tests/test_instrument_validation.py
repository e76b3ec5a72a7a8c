"""Each validation rule, on a copy of the shipped files broken in one place."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopassess.cli.questionnaires import questionnaires_group
from coopassess.instrument.loader import InstrumentError, load_instrument
from coopassess.paths import questionnaires_dir


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "questionnaires"
    shutil.copytree(questionnaires_dir(), target, ignore=shutil.ignore_patterns("archive"))
    return target


def _edit(path: Path, old: str, new: str, count: int = 1) -> int:
    """Replace ``old`` and return the 1-based line where the change is."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


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
        f"{coop.parent.name}/coop.yaml:{line} item COOP-LEA-05: unknown scale 'LIK7'"
    ]


BREAKAGES: list[tuple[str, str, str, str, str]] = [
    # file, old, new, expected fragment, rule
    ("coop.yaml", "- id: COOP-VIT-02", "- id: COOP-VIT-01", "duplicate id", "unique ids"),
    ("coop.yaml", "min_valid: 3", "min_valid: 9", "exceeds its 5 items", "min_valid ≤ items"),
    (
        "coop.yaml",
        "    N5: >-\n      Capitalisez",
        "    N6: >-\n      Capitalisez",
        "no recommendation for N5",
        "a recommendation per level",
    ),
    (
        "ach.yaml",
        "      collectivite: >-\n        Dans notre collectivité, la direction",
        "      commun: >-\n        Dans notre collectivité, la direction",
        "needs exactly the texts collectivite, entreprise",
        "variants complete",
    ),
    (
        "instrument.yaml",
        "  RISQUE_SIGNALE:",
        "  RISQUE_SIGNALEE:",
        "no text for RISQUE_SIGNALE",
        "flag texts present",
    ),
    (
        "coop.yaml",
        "reverse: true",
        "reverse: maybe",
        "reverse: Input should be a valid boolean",
        "types",
    ),
    (
        "coop.yaml",
        "  order: 1\n",
        "  order: 1\n    colour: blue\n",
        "Extra inputs are not permitted",
        "unknown keys refused",
    ),
    ("val.yaml", "{key: constate", "{key: observed", "ratings.0.key", "double ratings"),
    ("ter.yaml", "version: 1.0.0-pilote", "version: 2.0.0", "instrument: must be", "one version"),
    (
        "instrument.yaml",
        "lower: 40.0",
        "lower: 45.0",
        "must start where N2 ends",
        "contiguous levels",
    ),
    (
        "profile.yaml",
        "  - {value: Région, label: Région}",
        "  - {value: Région, label: Région}\n  - {value: Région, label: Région}",
        "option 'Région' appears 2 times",
        "profile options unique",
    ),
    ("coop.yaml", "id: COOP.OUV", "id: ACH.OUV", "id must start with 'COOP.'", "known dimension"),
]


@pytest.mark.parametrize(
    ("name", "old", "new", "fragment", "rule"), BREAKAGES, ids=[b[4] for b in BREAKAGES]
)
def test_each_rule(copy: Path, name: str, old: str, new: str, fragment: str, rule: str) -> None:
    line = _edit(copy / name, old, new)
    errors = _errors(copy)
    matching = [e for e in errors if fragment in e]
    assert matching, errors
    assert any(re.match(rf"questionnaires/{re.escape(name)}:\d+ ", e) for e in matching), matching
    if name != "instrument.yaml" or "lower" in old:
        # The line of the change, or of the key that holds it (e.g. `recommendations:`).
        reported = [int(re.match(r"[^:]+:(\d+) ", e).group(1)) for e in matching]
        assert any(line - 15 <= number <= line + 1 for number in reported), (line, matching)


def test_all_errors_reported_at_once(copy: Path) -> None:
    _edit(copy / "coop.yaml", "scale: LIK5", "scale: LIK7")
    _edit(copy / "ach.yaml", "scale: FRQ5", "scale: FRQ9")
    _edit(copy / "ter.yaml", "min_valid: 3", "min_valid: 8")
    errors = _errors(copy)
    assert len(errors) == 3
    assert {e.split(":")[0] for e in errors} == {
        "questionnaires/coop.yaml",
        "questionnaires/ach.yaml",
        "questionnaires/ter.yaml",
    }


def test_yaml_syntax_error_has_line(copy: Path) -> None:
    _edit(copy / "val.yaml", "id: VAL\n", "id: [VAL\n")
    errors = _errors(copy)
    assert len(errors) == 1 and re.search(r"val\.yaml:\d+ ", errors[0])


def test_cli_check_exit_status(copy: Path) -> None:
    runner = CliRunner()
    good = runner.invoke(questionnaires_group, ["check", str(copy)])
    assert good.exit_code == 0, good.output
    assert "COOP  8 dimensions, 40 items, 12 reverse" in good.output
    assert "VAL   8 families, 21 items, 0 reverse" in good.output
    _edit(copy / "coop.yaml", "scale: LIK5", "scale: LIK7")
    bad = runner.invoke(questionnaires_group, ["check", str(copy / "coop.yaml")])
    assert bad.exit_code == 1
    assert "unknown scale 'LIK7'" in bad.output
