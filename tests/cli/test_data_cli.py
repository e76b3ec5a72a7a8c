"""``coopassess data export`` and ``data erase``: an address known in three campaigns is
exported whole, then erased from every table; its response goes only with --with-answers."""

from __future__ import annotations

import json

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from coopassess.auth.audit import audit
from coopassess.db import db_session
from coopassess.models import AuditEvent, OutgoingMail, Participant, ResponseComment
from tests.fixtures.accounts import make_user
from tests.fixtures.privacy import (
    ADDRESS,
    OTHER,
    known_in_three_campaigns,
    n_respondents,
    response_exists,
    tables_quoting,
)


def test_export_lists_every_campaign_message_and_the_response(
    app: Flask, runner: FlaskCliRunner, tmp_path
) -> None:
    scenario = known_in_three_campaigns(app)
    out = tmp_path / "export.json"
    result = runner.invoke(
        args=["data", "export", "--email", "  Jeanne.MARTIN@ville-exemple.fr ", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["adresse"] == ADDRESS
    participations = document["participations"]
    assert [p["campagne"]["numero"] for p in participations] == scenario.campaign_ids
    assert {p["campagne"]["organisation"] for p in participations} == {
        "Commune n°0",
        "Commune n°1",
        "Commune n°2",
    }
    for participation in participations:
        assert participation["nom"] == "Martin"
        assert participation["structure"] == "Service déchets"
        assert participation["fonction"] == "Cheffe de projet"
        assert len(participation["messages"]) == 1
        assert participation["messages"][0]["statut"] == "en attente d'envoi"
    answered = participations[0]["reponse"]
    assert answered["numero"] == scenario.response_id
    assert answered["statut"] == "envoyée"
    assert answered["reponses"] and all(a["reponse"] == "4" for a in answered["reponses"])
    assert answered["profil"]
    assert participations[1]["reponse"] is None
    assert document["compte"] is None
    assert document["contact_de"] == [
        {"organisation": "Commune n°1", "nom_du_contact": "Jeanne Martin"}
    ]
    assert document["messages_a_d_autres_qui_la_citent"] == 1
    assert [a["reussie"] for a in document["tentatives_de_connexion"]] == [False]
    assert any(event["cible"] == ADDRESS for event in document["journal"])
    # The other participant of the same campaigns is not in the export.
    assert OTHER not in out.read_text(encoding="utf-8")


def test_export_of_an_account_never_shows_its_password_hash(
    app: Flask, runner: FlaskCliRunner
) -> None:
    user_id = make_user(app, ADDRESS, "consultant")
    with app.app_context():
        audit(db_session(), "user.invite", actor_id=user_id, target=OTHER, detail={"email": OTHER})
        db_session().commit()
    result = runner.invoke(args=["data", "export", "--email", ADDRESS])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["compte"]["role"] == "Consultant"
    assert "$argon2" not in result.output and "password" not in result.output
    # What the account did is listed, without the other people it names.
    assert {"le", "action", "par_cette_personne"} == set(document["journal"][-1])
    assert document["journal"][-1]["action"] == "Invitation à créer un compte envoyée"
    assert OTHER not in result.output


def test_erase_with_answers_removes_every_trace(app: Flask, runner: FlaskCliRunner) -> None:
    scenario = known_in_three_campaigns(app)
    assert tables_quoting(app, ADDRESS)
    assert n_respondents(app, scenario.campaign_ids[0]) == 2
    result = runner.invoke(args=["data", "erase", "--email", ADDRESS, "--with-answers", "--yes"])
    assert result.exit_code == 0, result.output
    assert "3 inscription(s)" in result.output and "1 réponse(s) supprimée(s)" in result.output
    assert tables_quoting(app, ADDRESS) == []
    assert tables_quoting(app, "Martin") == []
    assert not response_exists(app, scenario.response_id)
    assert response_exists(app, scenario.other_response_id)
    assert n_respondents(app, scenario.campaign_ids[0]) == 1
    with app.app_context():
        others = db_session().scalars(select(Participant.email)).all()
        detail = db_session().scalar(
            select(AuditEvent.detail).where(AuditEvent.action == "privacy.erase")
        )
    assert sorted(others) == [OTHER] * 3
    with app.app_context():
        quoting = db_session().scalar(select(OutgoingMail).where(OutgoingMail.to_address == OTHER))
        assert quoting.reply_to is None
        assert quoting.text_body == "Une question ? Écrivez à j•••@ville-exemple.fr."
    assert detail["email"] == "j•••@ville-exemple.fr"
    assert detail["participants"] == 3 and detail["reponses_supprimees"] == 1


def test_erase_without_answers_keeps_the_response_anonymous(
    app: Flask, runner: FlaskCliRunner
) -> None:
    scenario = known_in_three_campaigns(app)
    result = runner.invoke(args=["data", "erase", "--email", ADDRESS, "--yes"])
    assert result.exit_code == 0, result.output
    assert "1 réponse(s) conservée(s)" in result.output
    assert tables_quoting(app, ADDRESS) == []
    assert response_exists(app, scenario.response_id)
    assert n_respondents(app, scenario.campaign_ids[0]) == 2


def test_erase_asks_first_and_refuses_an_account(app: Flask, runner: FlaskCliRunner) -> None:
    known_in_three_campaigns(app)
    declined = runner.invoke(args=["data", "erase", "--email", ADDRESS], input="n\n")
    assert declined.exit_code == 2 and "rien n'a été effacé" in declined.output
    assert tables_quoting(app, ADDRESS)
    make_user(app, ADDRESS, "referent")
    refused = runner.invoke(args=["data", "erase", "--email", ADDRESS, "--yes"])
    assert refused.exit_code == 2
    assert "compte de l'application (rôle : référent)" in refused.output
    with app.app_context():
        assert (
            len(db_session().scalars(select(Participant).where(Participant.email == ADDRESS)).all())
            == 3
        )


def test_bad_or_unknown_addresses(app: Flask, runner: FlaskCliRunner) -> None:
    bad = runner.invoke(args=["data", "export", "--email", "pas-une-adresse"])
    assert bad.exit_code == 2 and "n'est pas valide" in bad.output
    nothing = runner.invoke(args=["data", "erase", "--email", "inconnu@exemple.fr", "--yes"])
    assert nothing.exit_code == 0 and "rien à effacer" in nothing.output


def test_the_comment_of_the_response_is_exported_then_erased_with_it(
    app: Flask, runner: FlaskCliRunner
) -> None:
    scenario = known_in_three_campaigns(app)
    with app.app_context():
        db_session().add(
            ResponseComment(
                response_id=scenario.response_id, questionnaire="COOP", text="Notre exemple"
            )
        )
        db_session().commit()
    result = runner.invoke(args=["data", "export", "--email", ADDRESS])
    document = json.loads(result.output)
    comments = document["participations"][0]["reponse"]["commentaires"]
    assert [c["commentaire"] for c in comments] == ["Notre exemple"]
    result = runner.invoke(args=["data", "erase", "--email", ADDRESS, "--with-answers", "--yes"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db_session().scalar(select(func.count()).select_from(ResponseComment)) == 0
