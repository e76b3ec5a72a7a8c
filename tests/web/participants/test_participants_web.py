"""The participants pages through the test client: adding, importing, the follow-up list,
messages and their preview, opt-out (both engines)."""

from __future__ import annotations

import io

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from coopassess.db import db_session
from coopassess.models import Campaign, Participant
from tests.fixtures.accounts import login, make_user
from tests.fixtures.campaigns import make_campaign
from tests.fixtures.participants import add_people, personal_path, unsubscribe_path


def _referent(app: Flask, campaign_id: int) -> FlaskClient:
    with app.app_context():
        organisation_id = db_session().get(Campaign, campaign_id).organisation_id
    make_user(app, "ref@example.fr", "referent", organisation_id=organisation_id)
    client = app.test_client()
    login(client, "ref@example.fr")
    return client


def _count(app: Flask) -> int:
    with app.app_context():
        return db_session().scalar(select(func.count(Participant.id)))


def test_add_one_paste_and_import_follow_post_redirect_get(app: Flask) -> None:
    campaign_id = make_campaign(app)
    referent = _referent(app, campaign_id)
    base = f"/campagnes/{campaign_id}/participants"
    added = referent.post(f"{base}/ajout", data={"email": "Ana@Mairie.fr", "prenom": "Ana"})
    assert added.status_code == 302 and added.location == base
    pasted = referent.post(f"{base}/ajout", data={"liste": "bob@x.fr;Bob\nana@mairie.fr\n"})
    assert pasted.status_code == 302
    csv = "Courriel;Prénom;Structure\ncarla@x.fr;Carla;=cmd|' /C calc'!A0\n".encode("cp1252")
    imported = referent.post(
        f"{base}/import",
        data={"fichier": (io.BytesIO(csv), "liste.csv")},
        content_type="multipart/form-data",
    )
    assert imported.status_code == 302
    assert _count(app) == 3
    page = referent.get(base).get_data(as_text=True)
    assert "1 participant ajouté ; 1 déjà dans la liste" in page or "Carla" in page
    assert "carla@x.fr" in page and "=cmd|&#39; /C calc&#39;!A0" in page
    assert "à inviter" in page
    # Reloading the page after any of these (a GET) adds nothing.
    referent.get(base)
    assert _count(app) == 3


def test_a_bad_file_is_refused_in_french_and_nothing_is_imported(app: Flask) -> None:
    campaign_id = make_campaign(app)
    referent = _referent(app, campaign_id)
    base = f"/campagnes/{campaign_id}/participants"
    csv = b"e-mail;nom\nok@x.fr;A\nfaux;B\n;C\n"
    refused = referent.post(
        f"{base}/import",
        data={"fichier": (io.BytesIO(csv), "liste.csv")},
        content_type="multipart/form-data",
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Rien n&#39;a été importé" in html
    assert "ligne 3 : adresse e-mail invalide « faux »" in html
    assert "ligne 4 : adresse e-mail manquante" in html
    missing = referent.post(
        f"{base}/import",
        data={"fichier": (io.BytesIO(b"nom\nA\n"), "liste.csv")},
        content_type="multipart/form-data",
    )
    assert missing.status_code == 400 and "introuvable" in missing.get_data(as_text=True)
    typed = referent.post(f"{base}/ajout", data={"liste": "ana@x.fr\npas-une-adresse\n"})
    assert typed.status_code == 400
    assert "ana@x.fr\npas-une-adresse" in typed.get_data(as_text=True)  # the typed list kept
    assert _count(app) == 0


def test_an_anonymous_campaign_offers_only_its_open_link(app: Flask) -> None:
    campaign_id = make_campaign(app, anonymous=True)
    referent = _referent(app, campaign_id)
    page = referent.get(f"/campagnes/{campaign_id}/participants").get_data(as_text=True)
    assert "aucune adresse" in page and "lien ouvert" in page
    refused = referent.post(
        f"/campagnes/{campaign_id}/participants/ajout", data={"email": "a@x.fr"}
    )
    assert refused.status_code == 400 and _count(app) == 0  # refused, the page says why


def test_removing_a_participant_revokes_their_link(app: Flask) -> None:
    campaign_id = make_campaign(app)
    referent = _referent(app, campaign_id)
    (ana,) = add_people(app, campaign_id, "ana@x.fr")
    link = personal_path(app, ana)
    assert app.test_client().get(link).status_code == 302
    removed = referent.post(f"/campagnes/{campaign_id}/participants/{ana}/retrait")
    assert removed.status_code == 302 and _count(app) == 0
    assert app.test_client().get(link).status_code == 404


def test_follow_up_pages_of_fifty_and_the_not_answered_filter(app: Flask) -> None:
    campaign_id = make_campaign(app)
    referent = _referent(app, campaign_id)
    add_people(app, campaign_id, *(f"p{n:03}@x.fr" for n in range(120)))
    base = f"/campagnes/{campaign_id}/participants"
    first = referent.get(base).get_data(as_text=True)
    assert first.count('<th scope="row" class="email">') == 50 and "Page 1 sur 3" in first
    last = referent.get(f"{base}?page=3").get_data(as_text=True)
    assert last.count('<th scope="row" class="email">') == 20
    assert "p119@x.fr" in last and "p000@x.fr" not in last
    waiting = referent.get(f"{base}?filtre=non-repondants&page=9").get_data(as_text=True)
    assert "N'ont pas répondu (120)" in waiting and "Page 3 sur 3" in waiting


def test_messages_are_checked_kept_when_refused_and_previewed(app: Flask) -> None:
    campaign_id = make_campaign(app)
    referent = _referent(app, campaign_id)
    (ana,) = add_people(app, campaign_id, "ana@x.fr")
    base = f"/campagnes/{campaign_id}/messages"
    form = {
        "invitation_subject": "Invitation {prenom}",
        "invitation_body": "Bonjour {prenom} <script>, {inconnu}",
        "reminder_subject": "Relance",
        "reminder_body": "Toujours là : {lien}",
        "contact_email": "referente@agglo.fr",
        "remind_after_days": "7",
        "remind_before_close_days": "",
    }
    refused = referent.post(base, data=form)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "{inconnu}" in html and "Le texte doit contenir {lien}" in html
    assert "Bonjour {prenom} &lt;script&gt;, {inconnu}" in html  # typed text kept
    saved = referent.post(base, data={**form, "invitation_body": "Bonjour {prenom} <b> {lien}"})
    assert saved.status_code == 302
    with app.app_context():
        campaign = db_session().get(Campaign, campaign_id)
        assert campaign.remind_before_close_days is None and campaign.remind_after_days == 7
    preview = referent.get(f"{base}/apercu?participant={ana}&message=invitation")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Invitation P0" in page and "referente@agglo.fr" in page
    masked = "http://127.0.0.1:5000/i/…lien-personnel-masqué…"
    assert f"Bonjour P0 &lt;b&gt; {masked}" in page  # the text part, the token masked
    assert f"&lt;a href=&#34;{masked}" in page  # the HTML part, as source
    assert personal_path(app, ana) not in page
    assert "&amp;lt;b&amp;gt;" in page  # typed HTML escaped in the HTML part


def test_opting_out_needs_a_post_and_a_valid_signature(app: Flask) -> None:
    campaign_id = make_campaign(app)
    ana, bob = add_people(app, campaign_id, "ana@x.fr", "bob@x.fr")
    path = unsubscribe_path(app, ana)
    client = app.test_client()

    def opted_out() -> set[str]:
        with app.app_context():
            return set(
                db_session().scalars(
                    select(Participant.email).where(Participant.opted_out_at.is_not(None))
                )
            )

    page = client.get(path)
    assert page.status_code == 200 and "Ne plus recevoir de relance" in page.get_data(as_text=True)
    assert opted_out() == set()
    assert client.get(path[:-3] + "abc").status_code == 404
    assert client.get(path[:-3] + "éçà").status_code == 404
    assert client.post(path[:-3] + "abc").status_code == 404
    confirmed = client.post(path)
    assert confirmed.status_code == 302 and opted_out() == {"ana@x.fr"}
    assert "Vous ne recevrez plus de relance" in client.get(path).get_data(as_text=True)
    one_click = client.post(unsubscribe_path(app, bob), data={"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200 and opted_out() == {"ana@x.fr", "bob@x.fr"}
