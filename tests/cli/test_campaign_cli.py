"""``coopassess campaign …`` through the CLI runner (both engines)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from coopassess.campaigns import service as core
from coopassess.db import db_session
from coopassess.models import Campaign, Invitation
from tests.fixtures.campaigns import answer_and_submit, make_campaign

SLUG = "essai-liens"
BASE_URL = "https://coop.example.fr"


@pytest.fixture
def app(app: Flask) -> Flask:
    app.config["BASE_URL"] = BASE_URL + "/"
    return app


def _invite(runner: FlaskCliRunner, *args: str) -> list[str]:
    result = runner.invoke(args=["campaign", "invite", *args])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_invite_prints_distinct_links_that_work(app: Flask, runner: FlaskCliRunner) -> None:
    campaign_id = make_campaign(app)
    links = _invite(runner, str(campaign_id), "--count", "5")
    assert len(links) == len(set(links)) == 5
    assert all(link.startswith(f"{BASE_URL}/i/") for link in links)
    for link in links:
        browser = app.test_client()
        answer = browser.get(link.removeprefix(BASE_URL))
        assert answer.status_code == 302 and answer.location == f"/r/{SLUG}"
        assert browser.post(f"/r/{SLUG}/commencer").location == f"/r/{SLUG}/reprendre"
    with app.app_context():
        assert db_session().scalar(select(func.count(Invitation.response_id))) == 5


def test_invite_by_email(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    campaign_id = make_campaign(app)
    emails = tmp_path / "emails.txt"
    emails.write_text("ana@example.fr\n\nAna@example.fr\nbob@example.fr\n", encoding="utf-8")
    lines = _invite(runner, str(campaign_id), "--emails", str(emails))
    assert [line.split("\t")[0] for line in lines] == ["ana@example.fr", "bob@example.fr"]
    again = runner.invoke(args=["campaign", "invite", str(campaign_id), "--emails", str(emails)])
    assert again.exit_code == 0 and again.stdout == ""
    assert "Déjà invité·e (lien inchangé) : bob@example.fr" in again.stderr
    emails.write_text("carla@example.fr\nnon-adresse\n", encoding="utf-8")
    bad = runner.invoke(args=["campaign", "invite", str(campaign_id), "--emails", str(emails)])
    assert bad.exit_code == 2 and "ligne 2" in bad.stderr and "rien n'a été créé" in bad.stderr
    with app.app_context():
        assert db_session().scalar(select(func.count(Invitation.id))) == 2


def test_invite_refusals(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    anonymous = make_campaign(app, "anonyme", anonymous=True)
    emails = tmp_path / "emails.txt"
    emails.write_text("ana@example.fr\n", encoding="utf-8")
    cases = [
        ([str(anonymous), "--emails", str(emails)], "anonyme"),
        ([str(anonymous)], "une seule option"),
        ([str(anonymous), "--count", "2", "--open"], "une seule option"),
        ([str(anonymous), "--count", "0"], "entre 1 et"),
        (["999", "--count", "1"], "Campagne introuvable"),
    ]
    for args, message in cases:
        result = runner.invoke(args=["campaign", "invite", *args])
        assert result.exit_code == 2 and message in result.stderr, (args, result.output)
    with app.app_context():
        assert db_session().scalar(select(func.count(Invitation.id))) == 0


def test_open_link_replaces_the_previous_one(app: Flask, runner: FlaskCliRunner) -> None:
    campaign_id = make_campaign(app)
    [old] = _invite(runner, str(campaign_id), "--open")
    [new] = _invite(runner, str(campaign_id), "--open")
    client = app.test_client()
    assert client.get(old.removeprefix(BASE_URL)).status_code == 404
    assert client.get(new.removeprefix(BASE_URL)).status_code == 302


def test_revoke_a_link(app: Flask, runner: FlaskCliRunner) -> None:
    campaign_id = make_campaign(app)
    [link] = _invite(runner, str(campaign_id), "--count", "1")
    result = runner.invoke(args=["campaign", "revoke", link])
    assert result.exit_code == 0 and "désactivé" in result.output
    assert app.test_client().get(link.removeprefix(BASE_URL)).status_code == 404
    assert "déjà" in runner.invoke(args=["campaign", "revoke", link]).output
    assert runner.invoke(args=["campaign", "revoke", "inconnu"]).exit_code == 2


def test_list_results_close_and_reopen(app: Flask, runner: FlaskCliRunner) -> None:
    campaign_id = make_campaign(app)
    make_campaign(app, "autre", organisation="Région Sud")
    for link in _invite(runner, str(campaign_id), "--count", "3"):
        browser = app.test_client()
        browser.get(link.removeprefix(BASE_URL))
        browser.post(f"/r/{SLUG}/commencer")
        answer_and_submit(browser, SLUG, value="4")

    listed = runner.invoke(args=["campaign", "list", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert [(row["organisation"], row["submitted"], row["status"]) for row in rows] == [
        ("Agglo des Rives", 3, "open"),
        ("Région Sud", 0, "open"),
    ]
    assert set(rows[0]) == {"id", "organisation", "demarche", "target", "status", "submitted"}
    table = runner.invoke(args=["campaign", "list"]).stdout.splitlines()
    assert table[0].split()[:3] == ["id", "organisation", "démarche"]
    assert "Agglo des Rives" in table[1] and table[1].rstrip().endswith("3")

    results = runner.invoke(args=["campaign", "results", str(campaign_id)])
    assert results.exit_code == 0, results.output
    data = json.loads(results.stdout)
    assert data["n_respondents"] == 3

    spare = _invite(runner, str(campaign_id), "--count", "1")[0].removeprefix(BASE_URL)
    assert runner.invoke(args=["campaign", "close", str(campaign_id)]).exit_code == 0
    assert "déjà close" in runner.invoke(args=["campaign", "close", str(campaign_id)]).output
    assert app.test_client().get(spare).status_code == 404
    assert "close" in app.test_client().get(f"/r/{SLUG}").get_data(as_text=True)
    closed = runner.invoke(args=["campaign", "invite", str(campaign_id), "--count", "1"])
    assert closed.exit_code == 2 and "close" in closed.stderr
    assert runner.invoke(args=["campaign", "reopen", str(campaign_id)]).exit_code == 0
    assert app.test_client().get(spare).status_code == 302


def test_reopen_after_the_closing_day_needs_a_new_one(app: Flask, runner: FlaskCliRunner) -> None:
    today = core.campaign_today()
    campaign_id = make_campaign(app, status="closed", closes_on=today - timedelta(days=1))
    late = runner.invoke(args=["campaign", "reopen", str(campaign_id)])
    assert late.exit_code == 2 and "--until" in late.stderr
    until = (today + timedelta(days=30)).isoformat()
    result = runner.invoke(args=["campaign", "reopen", str(campaign_id), "--until", until])
    assert result.exit_code == 0 and "rouverte" in result.output
    with app.app_context():
        campaign = db_session().get(Campaign, campaign_id)
        assert campaign.status == "open" and campaign.closes_on.isoformat() == until
