"""``campaign participants add|<id>``, ``campaign send``, ``campaign remind`` (both engines)."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner

from tests.fixtures.campaigns import make_campaign
from tests.fixtures.mail import mails, run_queue


def test_add_list_send_and_remind(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    campaign_id = make_campaign(app)
    people = tmp_path / "people.csv"
    people.write_bytes("Courriel;Prénom\nana@x.fr;Anaïs\nbob@x.fr;Bob\n".encode("cp1252"))
    added = runner.invoke(
        args=["campaign", "participants", "add", str(campaign_id), "--file", str(people)]
    )
    assert added.exit_code == 0, added.output
    assert "2 participant(s) ajouté(s), 0 déjà présent(s)." in added.stdout
    listed = runner.invoke(args=["campaign", "participants", str(campaign_id), "--format", "json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert [(row["email"], row["prenom"], row["statut"]) for row in rows] == [
        ("ana@x.fr", "Anaïs", "to_invite"),
        ("bob@x.fr", "Bob", "to_invite"),
    ]
    sent = runner.invoke(args=["campaign", "send", str(campaign_id)])
    assert sent.exit_code == 0 and "2 invitation(s) en préparation" in sent.stdout
    run_queue(app)
    assert sorted(mail.to_address for mail in mails(app)) == ["ana@x.fr", "bob@x.fr"]
    again = runner.invoke(args=["campaign", "send", str(campaign_id)])
    assert again.exit_code == 2 and "Personne à qui envoyer" in again.stderr
    reminded = runner.invoke(args=["campaign", "remind", str(campaign_id)])
    assert reminded.exit_code == 0 and "2 relance(s)" in reminded.stdout
    run_queue(app)
    assert len(mails(app)) == 4
    table = runner.invoke(args=["campaign", "participants", str(campaign_id)])
    assert table.stdout.count("invitation envoyée") == 2


def test_a_bad_file_imports_nothing(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    campaign_id = make_campaign(app)
    people = tmp_path / "people.csv"
    people.write_text("e-mail\nana@x.fr\nfaux\n", encoding="utf-8")
    refused = runner.invoke(
        args=["campaign", "participants", "add", str(campaign_id), "--file", str(people)]
    )
    assert refused.exit_code == 2
    assert "Rien n'a été importé" in refused.stderr and "ligne 3" in refused.stderr
    listed = runner.invoke(args=["campaign", "participants", str(campaign_id), "--format", "json"])
    assert json.loads(listed.stdout) == []
