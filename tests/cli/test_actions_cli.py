"""``coopassess actions export``: the plan as CSV or XLSX, French errors."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner
from openpyxl import load_workbook

from coopassess.actions import service as plan
from coopassess.db import db_session
from coopassess.instrument.registry import default_registry
from coopassess.models import Campaign
from tests.fixtures.campaigns import make_campaign

FORMULA = '=HYPERLINK("http://x.example")'


def _with_plan(app: Flask) -> int:
    campaign_id = make_campaign(app)
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, campaign_id)
        instrument = default_registry().current()
        for title, dimension in (("Atelier", ""), (FORMULA, "COOP.VIT")):
            draft = plan.ActionDraft(title=title, dimension=dimension, due_on=date(2027, 1, 31))
            plan.create(session, campaign, draft, instrument, None)
        session.commit()
    return campaign_id


def test_export_csv_and_xlsx(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    campaign_id = _with_plan(app)
    out = tmp_path / "plan.csv"
    done = runner.invoke(args=["actions", "export", str(campaign_id), "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert "2 action(s)" in done.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0][:6] == ["Dimension", "Action", "Description", "Porteur", "Échéance", "Statut"]
    # Same due date: in the order they were created.
    assert rows[1][:2] == ["La démarche dans son ensemble", "Atelier"]
    assert rows[2][:2] == ["Énergie et épanouissement", "'" + FORMULA]
    assert rows[2][4] == "31/01/2027" and rows[2][5] == "à lancer"
    book = tmp_path / "plan.xlsx"
    done = runner.invoke(args=["actions", "export", str(campaign_id), "--out", str(book)])
    assert done.exit_code == 0, done.output
    workbook = load_workbook(book)
    assert workbook.sheetnames == ["Lisez-moi", "Plan d'action"]
    assert workbook["Plan d'action"]["B3"].value == "'" + FORMULA
    readme = [str(cell) for row in workbook["Lisez-moi"].values for cell in row if cell]
    assert any(text.startswith("Une ligne par action du plan") for text in readme)
    assert not any("Les scores sont sur 100" in text for text in readme)


def test_export_refuses_in_french(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    campaign_id = _with_plan(app)
    wrong = runner.invoke(
        args=["actions", "export", str(campaign_id), "--out", str(tmp_path / "plan.pdf")]
    )
    assert wrong.exit_code == 2 and "extension attendue .csv ou .xlsx" in wrong.output
    missing = runner.invoke(args=["actions", "export", "999", "--out", str(tmp_path / "p.csv")])
    assert missing.exit_code == 2 and "Campagne introuvable : 999" in missing.output
    assert not (tmp_path / "p.csv").exists()
