"""The information notice composed from a campaign's facts: every fact it states comes from
them, anonymous campaigns say no address is kept, and the text (and its hash) changes with
anything that changes what the respondent reads."""

from __future__ import annotations

import dataclasses

from coopassess.privacy.notice import NoticeFacts, compose, notice_path, paragraphs

FACTS = NoticeFacts(
    organisation="Agglo des Rives",
    controller="Communauté d'agglomération des Rives",
    contact="dpo@rives.fr",
    dpo=True,
    dpo_name="Service juridique",
    dpo_address="1 place de la Mairie, 31000 Toulouse",
    demarche="Réemploi BTP",
    modules=("Coopération", "Achats circulaires"),
    profile=("Type de votre structure", "Votre fonction principale"),
    anonymous=False,
    minimum=3,
    address_months=3,
    answer_months=24,
    results_shared=False,
    cookie_hours=8,
    attempt_minutes=10,
)


def test_the_notice_states_the_campaign_facts() -> None:
    text = compose(FACTS).text
    assert "Communauté d'agglomération des Rives est responsable du traitement" in text
    assert "Délégué à la protection des données : Service juridique, dpo@rives.fr" in text
    assert "1 place de la Mairie" in text
    assert "« Coopération », « Achats circulaires »" in text
    assert "« Type de votre structure », « Votre fonction principale »" in text
    assert "à partir de 3 répondants" in text
    assert "3\u00a0mois après la clôture" in text and "24\u00a0mois après la clôture" in text
    assert "sous un pseudonyme (R1, R2…), avec votre profil" in text
    assert "aucune page ni aucun export de l'application ne le montre" in text
    assert "La base de données le garde" in text
    assert "CNIL" in text and "8\u00a0heures" in text and "10\u00a0minutes" in text
    assert "Réemploi BTP" in text


def test_an_anonymous_campaign_keeps_no_address() -> None:
    text = compose(dataclasses.replace(FACTS, anonymous=True)).text
    assert "Cette campagne est anonyme : aucune adresse e-mail n'est enregistrée." in text
    assert "Adresses effacées" not in text and "invité·e par courriel" not in text
    assert "joignez-le à votre demande" in text


def test_without_a_dpo_the_contact_is_said_plainly_or_the_controller_named() -> None:
    plain = compose(dataclasses.replace(FACTS, dpo=False, dpo_name=None, dpo_address=None))
    assert "Contact : dpo@rives.fr." in plain.text and "Délégué" not in plain.text
    nobody = compose(dataclasses.replace(FACTS, contact=None, dpo=False))
    assert "adressez-vous à Communauté d'agglomération des Rives" in nobody.text


def test_every_change_read_by_the_respondent_changes_the_hash() -> None:
    base = compose(FACTS)
    assert base.text_hash == compose(FACTS).text_hash
    changes = (
        {"additions": "Base légale : mission d'intérêt public."},
        {"answer_months": 12},
        {"results_shared": True},
        {"controller": "Autre"},
    )
    for change in changes:
        assert compose(dataclasses.replace(FACTS, **change)).text_hash != base.text_hash


def test_the_organisation_s_additions_are_paragraphs_of_plain_text() -> None:
    notice = compose(
        dataclasses.replace(FACTS, additions="Un  <b>premier</b>\nparagraphe.\n\n\nSecond.")
    )
    assert notice.additions == ("Un <b>premier</b> paragraphe.", "Second.")
    assert notice.text.endswith(
        "Précisions de Communauté d'agglomération des Rives\nUn <b>premier</b> paragraphe.\nSecond."
    )
    assert paragraphs(None) == () and paragraphs(" \n ") == ()


def test_the_notice_address() -> None:
    assert notice_path("essai") == "/r/essai/confidentialite"
