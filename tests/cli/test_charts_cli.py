"""``coopassess radar``: scores a responses file and writes the chart; bad input exits 2."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopassess.cli.charts import radar_command
from tests.fixtures.charts import responses


def run(tmp_path: Path, data: object, out: str, *extra: str):
    source = tmp_path / "responses.json"
    source.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    target = tmp_path / out
    args = ["--responses", str(source), "--out", str(target), *extra]
    return CliRunner().invoke(radar_command, args), target


def test_writes_the_coop_radar_as_svg(tmp_path: Path) -> None:
    result, out = run(tmp_path, responses(), "radar.svg")
    assert result.exit_code == 0, result.output
    root = ET.fromstring(out.read_bytes())
    assert root.find("{http://www.w3.org/2000/svg}title").text == "Maturité coopérative"
    assert "3 répondant·es" in result.output


@pytest.mark.parametrize(("name", "magic"), [("radar.png", b"\x89PNG"), ("radar.pdf", b"%PDF")])
def test_format_comes_from_the_extension(tmp_path: Path, name: str, magic: bytes) -> None:
    result, out = run(tmp_path, responses(), name, "--questionnaire", "VAL")
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)


@pytest.mark.parametrize(
    ("data", "out", "extra", "message"),
    [
        ("{not json", "r.svg", (), "JSON invalide"),
        ({"target": "ville", "respondents": []}, "r.svg", (), "target"),
        (
            {"target": "territoire", "respondents": [{"id": "r1", "answers": {"X-1": 3}}]},
            "r.svg",
            (),
            "X-1",
        ),
        (responses(), "r.gif", (), "extension"),
        (responses(), "r.svg", ("--questionnaire", "TER"), "TER"),
    ],
)
def test_bad_input_is_reported_on_stderr_with_status_2(
    tmp_path: Path, data: object, out: str, extra: tuple[str, ...], message: str
) -> None:
    result, target = run(tmp_path, data, out, *extra)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not target.exists()
