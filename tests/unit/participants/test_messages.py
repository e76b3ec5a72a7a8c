"""Messages: placeholders checked, text and HTML from one body, everything escaped (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from coopassess.participants.messages import (
    DEFAULTS,
    MessageRefused,
    Template,
    Values,
    check,
    french_date,
    render,
)

VALUES = Values(
    prenom="<Ana>",
    nom="Lefèvre",
    organisation="Agglo & Co",
    demarche="Réemploi",
    lien="https://coop.example/i/abc",
    date_cloture=french_date(date(2027, 3, 1)),
    unsubscribe_url="https://coop.example/desinscription/1/sig",
)


def test_defaults_are_valid() -> None:
    for subject, body in DEFAULTS.values():
        check(subject, body)


def test_unknown_placeholders_and_a_missing_link_are_refused_in_french() -> None:
    with pytest.raises(MessageRefused) as refused:
        check("Bonjour {prénom}", "Texte sans lien, {organisaton}.")
    problems = " ".join(refused.value.problems)
    assert "{prénom}" in problems and "{organisaton}" in problems
    assert "Le texte doit contenir {lien}" in problems
    with pytest.raises(MessageRefused, match="accolade"):
        check("Objet", "Lien : {lien} {oups")
    with pytest.raises(MessageRefused, match="objet est vide"):
        check("  ", "{lien}")


def test_text_and_html_come_from_one_body_and_html_escapes_everything() -> None:
    template = check(
        "Pour {prenom}", "Bonjour {prenom} <b>!</b>\n\nVotre lien : {lien}\nFin {{ok}}"
    )
    message = render(template, VALUES)
    assert message.subject == "Pour <Ana>"
    assert message.text.startswith(
        "Bonjour <Ana> <b>!</b>\n\nVotre lien\u00a0: https://coop.example/i/abc"
    )
    assert "Fin {ok}" in message.text and VALUES.unsubscribe_url in message.text
    assert "&lt;Ana&gt; &lt;b&gt;!&lt;/b&gt;" in message.html and "<b>" not in message.html
    assert '<a href="https://coop.example/i/abc">' in message.html
    assert "<p>Votre lien" in message.html and "<br>Fin {ok}" in message.html
    assert "Se désinscrire" in message.html


def test_french_dates() -> None:
    assert french_date(date(2027, 3, 1)) == "1er mars 2027"
    assert french_date(date(2027, 8, 15)) == "15 août 2027"
    assert french_date(None) == "jour de clôture de la campagne"


def test_a_template_renders_as_typed() -> None:
    message = render(Template("Objet", "{lien}"), VALUES)
    assert message.text.startswith(VALUES.lien)


def test_french_typography_in_subject_text_and_html() -> None:
    """The pages' rule: no line of an e-mail starts with « : », « ? » or « » »."""
    template = check("Questionnaire « {demarche} » : à vous !", "Votre avis ? Lien : {lien}")
    message = render(template, VALUES)
    assert message.subject == "Questionnaire «\u00a0Réemploi\u00a0»\u00a0: à vous\u202f!"
    assert message.text.startswith("Votre avis\u202f? Lien\u00a0: https://coop.example/i/abc")
    assert "questionnaire\u202f?" in message.text  # the opt-out sentence too
    assert "Votre avis\u202f? Lien\u00a0: <a href=" in message.html


def test_every_message_ends_on_the_campaign_s_notice_and_the_default_says_who_sees_what() -> None:
    url = "https://coop.example/r/essai/confidentialite"
    values = Values(
        prenom="Ana",
        nom="",
        organisation="Agglo & Co",
        demarche="Réemploi",
        lien="https://coop.example/i/abc",
        date_cloture="1er mars 2027",
        notice_url=url,
    )
    message = render(check("Objet", "Votre lien : {lien}"), values)
    assert message.text.endswith(
        "Qui voit vos réponses, combien de temps elles sont gardées, vos droits\u00a0: " + url
    )
    assert f'<a href="{url}">la notice d\'information</a>' in message.html
    invitation = render(Template(*DEFAULTS["invitation"]), values).text.replace("\u00a0", " ")
    assert "Agglo & Co ne verra que des résultats agrégés, à partir de 3 répondants" in invitation
    assert "liront vos réponses sous un pseudonyme, avec votre profil" in invitation
    assert "jamais communiquées" not in invitation
