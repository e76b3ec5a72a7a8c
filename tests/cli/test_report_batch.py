"""``coopassess report --consultant EMAIL --out-dir DIR``: every report of a consultant's
organisations, through the CLI runner (both engines)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from pypdf import PdfReader

from coopassess.cli.report import report_filename
from coopassess.db import db_session
from coopassess.models import Campaign, User
from tests.fixtures.accounts import make_user
from tests.fixtures.portfolio import organisation_with_campaigns

EMAIL = "conseil@example.fr"


def _rename(app: Flask, campaign_id: int, demarche: str) -> None:
    with app.app_context():
        session = db_session()
        session.get(Campaign, campaign_id).demarche = demarche
        session.commit()


def _text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_batch_writes_the_reports_of_assigned_organisations_and_lists_the_skipped(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    rives, (rives_full, rives_small) = organisation_with_campaigns(app, "Agglo des Rives", (4, 2))
    forges, (forges_full,) = organisation_with_campaigns(app, "Ville des Forges", (3,))
    _, (elsewhere,) = organisation_with_campaigns(app, "Commune non suivie", (5,))
    _rename(app, rives_full, "../../etc/passwd <b>Réemploi</b>")
    _rename(app, forges_full, "Réemploi « BTP » : phase 2")
    make_user(app, EMAIL, role="consultant", assigned=(rives, forges))
    out_dir = tmp_path / "sortie" / "rapports"

    args = ["report", "--consultant", EMAIL.upper(), "--out-dir", str(out_dir)]
    result = runner.invoke(args=args)

    assert result.exit_code == 0, result.output
    rives_pdf = out_dir / f"{rives_full}-etc-passwd-b-reemploi-b.pdf"
    forges_pdf = out_dir / f"{forges_full}-reemploi-btp-phase-2.pdf"
    assert sorted(out_dir.iterdir()) == sorted([rives_pdf, forges_pdf])
    assert list(out_dir.parent.iterdir()) == [out_dir]
    assert not (tmp_path / "etc").exists()
    assert "Agglo des Rives" in _text(rives_pdf)
    assert "../../etc/passwd <b>Réemploi</b>" in _text(rives_pdf)
    assert "Ville des Forges" in _text(forges_pdf)
    skipped = [line for line in result.output.splitlines() if line.startswith("ignorée")]
    assert len(skipped) == 1
    assert f"campagne {rives_small}," in skipped[0] and "3 répondants (2 à ce jour)" in skipped[0]
    assert f"campagne {elsewhere}," not in result.output
    summary = result.output.strip().splitlines()[-1]
    assert summary.startswith("2 rapport(s) écrit(s), 1 campagne(s) ignorée(s) sur 3")
    assert re.search(r"\d+,\d s\)$", summary)


def test_batch_refuses_unknown_or_inactive_accounts(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    out_dir = tmp_path / "rapports"
    args = ["report", "--consultant", "x@example.fr", "--out-dir", str(out_dir)]
    unknown = runner.invoke(args=args)
    assert unknown.exit_code == 2 and "Consultant inconnu : x@example.fr" in unknown.stderr
    make_user(app, EMAIL, role="consultant")
    with app.app_context():
        session = db_session()
        session.query(User).filter_by(email=EMAIL).one().active = False
        session.commit()
    inactive = runner.invoke(args=["report", "--consultant", EMAIL, "--out-dir", str(out_dir)])
    assert inactive.exit_code == 2 and "Compte désactivé" in inactive.stderr
    assert not out_dir.exists()


def test_a_consultant_without_organisations_gets_an_empty_folder(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    organisation_with_campaigns(app, "Agglo des Rives", (4,))
    make_user(app, EMAIL, role="consultant")
    result = runner.invoke(args=["report", "--consultant", EMAIL, "--out-dir", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    assert list((tmp_path / "r").iterdir()) == []
    assert result.output.startswith("0 rapport(s) écrit(s), 0 campagne(s) ignorée(s) sur 0")


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["1"],
        ["--out", "r.pdf"],
        ["--consultant", EMAIL],
        ["1", "--out", "r.pdf", "--consultant", EMAIL],
        ["1", "--consultant", EMAIL, "--out-dir", "r"],
        ["--out", "r.pdf", "--out-dir", "r"],
    ],
)
def test_one_mode_at_a_time(runner: FlaskCliRunner, args: list[str]) -> None:
    result = runner.invoke(args=["report", *args])
    assert result.exit_code == 2
    assert "soit CAMPAIGN_ID et --out FICHIER.pdf, soit --consultant EMAIL" in result.stderr


@pytest.mark.parametrize(
    ("demarche", "name"),
    [
        ("Réemploi dans le BTP", "7-reemploi-dans-le-btp.pdf"),
        ("../../../etc/passwd", "7-etc-passwd.pdf"),
        ("C:\\Windows\\system32", "7-c-windows-system32.pdf"),
        ("«  »  ///", "7-rapport.pdf"),
        ("Œuvre commune · « phase 2 » ; 2026", "7-oeuvre-commune-phase-2-2026.pdf"),
        ("a" * 80, f"7-{'a' * 60}.pdf"),
        ("mot " * 20, "7-" + "-".join(["mot"] * 15) + ".pdf"),
    ],
)
def test_report_filenames_are_safe(demarche: str, name: str) -> None:
    campaign = Campaign(id=7, demarche=demarche)
    assert report_filename(campaign) == name
    assert re.fullmatch(r"7-[a-z0-9]+(-[a-z0-9]+)*\.pdf", report_filename(campaign))
