"""``coopassess export --what answers`` carries each respondent's comments, formula-safe."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from tests.fixtures.comments import campaign_with_comments

pytestmark = pytest.mark.db


def test_the_answers_file_has_the_comment_column(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    texts = {"a": "=1+1 formule", "b": "Ligne 1\nLigne 2"}
    _, campaign_id = campaign_with_comments(app, texts, respondents=3, quoted=False)
    out = tmp_path / "reponses.csv"
    result = runner.invoke(
        args=["export", str(campaign_id), "--what", "answers", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = list(
        csv.reader(io.StringIO(out.read_text(encoding="utf-8").lstrip("\ufeff")), delimiter=";")
    )
    column = rows[0].index("Commentaire — Coopération — risques et fondamentaux (COOP)")
    assert [row[column] for row in rows[1:]] == ["'=1+1 formule", "Ligne 1\nLigne 2", ""]
