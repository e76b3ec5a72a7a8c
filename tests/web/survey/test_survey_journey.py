"""The respondent's slice, end to end through the test client, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from coopassess.campaigns.service import CampaignError
from coopassess.db import db_session
from coopassess.instrument.registry import default_registry
from coopassess.models import Answer, Campaign, Organisation, Response
from tests.fixtures.campaigns import invite, start

SLUG = "essai-rives"
PROFILE = {
    "p_P-STRUCT": "Commune",
    "p_P-FONCTION": "Élu·e",
    "p_P-ROLE": "Pilote ou animateur·rice",
    "p_P-ANCIEN": "Plus de 2 ans",
}


@pytest.fixture
def campaign(app: Flask) -> int:
    instrument = default_registry().current()
    with app.app_context():
        session = db_session()
        organisation = Organisation(name="Agglo <Rives> & $x$", kind="territoire")
        campaign = Campaign(
            organisation=organisation,
            demarche='Réemploi "BTP" <script>alert(1)</script>',
            target="territoire",
            modules=["COOP", "VAL"],
            instrument_version=instrument.version,
            status="open",
            slug=SLUG,
        )
        session.add(campaign)
        session.commit()
        return campaign.id


def _field_names(html: str) -> list[str]:
    return sorted(set(re.findall(r'name="(q_[^"]+)"', html)))


def _answer_everything(client: FlaskClient, value: str = "4") -> str:
    """Walk every page from the profile to the review page; return the review URL."""
    location = f"/r/{SLUG}/p/profile"
    response = client.post(location, data={**PROFILE, "action": "next"})
    location = response.location
    while "/p/" in location:
        html = client.get(location).get_data(as_text=True)
        data = {name: value for name in _field_names(html)}
        response = client.post(location, data={**data, "action": "next"})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        location = response.location
    return location


def test_full_slice_answers_to_radar(app: Flask, client: FlaskClient, campaign: int) -> None:
    welcome = client.get(f"/r/{SLUG}").get_data(as_text=True)
    assert "&lt;script&gt;" in welcome and "<script>alert" not in welcome
    assert "lien d'invitation" in welcome and "Commencer" not in welcome
    start(app, client, SLUG)
    welcome = client.get(f"/r/{SLUG}").get_data(as_text=True)
    assert "Commencer le questionnaire" in welcome
    assert client.get(f"/r/{SLUG}/reprendre").location.endswith("/p/profile")
    review = _answer_everything(client)
    assert review.endswith("/recapitulatif")
    assert "toutes les questions" in client.get(review).get_data(as_text=True)
    submitted = client.post(f"/r/{SLUG}/envoyer")
    assert submitted.location.endswith("/resultats")
    page = client.get(submitted.location).get_data(as_text=True)
    assert "Indice de maturité coopérative" in page
    assert "Énergie et épanouissement" in page
    radar = client.get(f"/r/{SLUG}/resultats/radar-COOP.svg")
    assert radar.status_code == 200 and radar.mimetype == "image/svg+xml"
    assert "Énergie" in radar.get_data(as_text=True)
    again = client.get(
        f"/r/{SLUG}/resultats/radar-COOP.svg", headers={"If-None-Match": radar.headers["ETag"]}
    )
    assert again.status_code == 304
    png = client.get(f"/r/{SLUG}/resultats/radar-VAL.png")
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")
    assert png.headers["Content-Disposition"] == 'attachment; filename="radar-val.png"'
    assert client.get(f"/r/{SLUG}/resultats/radar-COOP.gif").status_code == 404
    with app.app_context():
        stored = db_session().scalar(select(func.count(Answer.id)))
    assert stored == 40 + 2 * 21


def test_answers_are_kept_on_previous_and_page_reload(
    app: Flask, client: FlaskClient, campaign: int
) -> None:
    start(app, client, SLUG)
    client.post(f"/r/{SLUG}/p/profile", data={"p_P-STRUCT": "Région", "action": "next"})
    client.post(
        f"/r/{SLUG}/p/COOP.VIT",
        data={"q_COOP-VIT-01": "2", "q_COOP-VIT-05": "NSP", "action": "previous"},
    )
    html = client.get(f"/r/{SLUG}/p/COOP.VIT").get_data(as_text=True)
    assert re.search(r'name="q_COOP-VIT-01" value="2"\s+checked', html)
    assert re.search(r'name="q_COOP-VIT-05" value="NSP"\s+checked', html)
    profile = client.get(f"/r/{SLUG}/p/profile").get_data(as_text=True)
    assert re.search(r'value="Région" selected', profile)


def test_invalid_value_is_refused_with_typed_answers_kept(
    app: Flask, client: FlaskClient, campaign: int
) -> None:
    start(app, client, SLUG)
    response = client.post(
        f"/r/{SLUG}/p/COOP.OUV", data={"q_COOP-OUV-01": "9", "q_COOP-OUV-02": "5"}
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Choisissez l&#39;une des réponses proposées." in html
    assert 'href="#q_COOP-OUV-01"' in html
    assert re.search(r'name="q_COOP-OUV-02" value="5"\s+checked', html)
    with app.app_context():
        assert db_session().scalar(select(func.count(Answer.id))) == 0


def test_forged_item_is_refused_and_nothing_stored(
    app: Flask, client: FlaskClient, campaign: int
) -> None:
    start(app, client, SLUG)
    response = client.post(
        f"/r/{SLUG}/p/COOP.OUV", data={"q_COOP-OUV-01": "3", "q_COOP-VIT-01": "5", "q_X": "1"}
    )
    assert response.status_code == 400
    assert "question inconnue" in response.get_data(as_text=True)
    with app.app_context():
        assert db_session().scalar(select(func.count(Answer.id))) == 0


def test_saving_a_page_twice_keeps_one_row_per_item(
    app: Flask, client: FlaskClient, campaign: int
) -> None:
    start(app, client, SLUG)
    client.post(f"/r/{SLUG}/p/COOP.VIT", data={"q_COOP-VIT-01": "2"})
    client.post(f"/r/{SLUG}/p/COOP.VIT", data={"q_COOP-VIT-01": "5", "q_COOP-VIT-02": "NC"})
    with app.app_context():
        rows = (
            db_session()
            .execute(select(Answer.item_key, Answer.value).order_by(Answer.item_key))
            .all()
        )
    assert rows == [("COOP-VIT-01", "5"), ("COOP-VIT-02", "NC")]


def test_submit_is_idempotent_and_answers_become_read_only(
    app: Flask, client: FlaskClient, campaign: int
) -> None:
    start(app, client, SLUG)
    client.post(f"/r/{SLUG}/p/COOP.VIT", data={"q_COOP-VIT-01": "2"})
    for _ in range(3):
        assert client.post(f"/r/{SLUG}/envoyer").location.endswith("/resultats")
    late = client.post(f"/r/{SLUG}/p/COOP.VIT", data={"q_COOP-VIT-01": "5"})
    assert late.status_code == 302 and late.location.endswith("/resultats")
    with app.app_context():
        session = db_session()
        assert session.scalar(select(func.count(Response.id))) == 1
        assert session.scalar(select(Response.status)) == "submitted"
        assert session.scalar(select(Answer.value)) == "2"


def test_resume_goes_to_first_unanswered_page(
    app: Flask, client: FlaskClient, campaign: int
) -> None:
    start(app, client, SLUG)
    client.post(
        f"/r/{SLUG}/p/profile",
        data={
            "p_P-STRUCT": "Commune",
            "p_P-FONCTION": "Élu·e",
            "p_P-ROLE": "Participant·e régulier·e",
            "p_P-ANCIEN": "6 à 24 mois",
        },
    )
    html = client.get(f"/r/{SLUG}/p/COOP.VIT").get_data(as_text=True)
    client.post(f"/r/{SLUG}/p/COOP.VIT", data={name: "3" for name in _field_names(html)})
    resume = client.get(f"/r/{SLUG}/reprendre")
    assert resume.location.endswith("/p/COOP.OUV")


def test_pages_need_a_started_response(client: FlaskClient, campaign: int) -> None:
    response = client.get(f"/r/{SLUG}/p/COOP.VIT")
    assert response.status_code == 302 and response.location.endswith(f"/r/{SLUG}")
    assert client.get(f"/r/{SLUG}/resultats/radar-COOP.svg").status_code == 302
    assert client.get("/r/inconnue").status_code == 404


def test_closed_campaign_cannot_be_started(app: Flask, client: FlaskClient, campaign: int) -> None:
    with app.app_context():
        session = db_session()
        session.get(Campaign, campaign).status = "closed"
        session.commit()
    assert "close" in client.get(f"/r/{SLUG}").get_data(as_text=True)
    with pytest.raises(CampaignError):
        invite(app, SLUG)


def test_a_closed_campaign_refuses_saves_and_submits(
    app: Flask, client: FlaskClient, campaign: int
) -> None:
    start(app, client, SLUG)
    client.post(f"/r/{SLUG}/p/COOP.VIT", data={"q_COOP-VIT-01": "2"})
    with app.app_context():
        session = db_session()
        session.get(Campaign, campaign).status = "closed"
        session.commit()
    refused = client.post(f"/r/{SLUG}/p/COOP.VIT", data={"q_COOP-VIT-01": "5"})
    assert refused.status_code == 302 and refused.location.endswith(f"/r/{SLUG}")
    assert client.post(f"/r/{SLUG}/envoyer").location.endswith(f"/r/{SLUG}")
    with app.app_context():
        session = db_session()
        assert session.scalar(select(Answer.value)) == "2"
        assert session.scalar(select(Response.status)) == "in_progress"
    assert "close" in client.get(f"/r/{SLUG}").get_data(as_text=True)


def test_unknown_page_is_404(app: Flask, client: FlaskClient, campaign: int) -> None:
    start(app, client, SLUG)
    assert client.get(f"/r/{SLUG}/p/ACH.DEC").status_code == 404


def test_a_family_that_now_shares_a_page_leads_to_it(
    app: Flask, client: FlaskClient, campaign: int
) -> None:
    """« VAL.ECO » has shared « VAL.ATT »'s page since 2-item families were merged: an old
    bookmark opens that page; a POST to the old address still saves nothing."""
    start(app, client, SLUG)
    moved = client.get(f"/r/{SLUG}/p/VAL.ECO")
    assert moved.status_code == 302 and moved.location.endswith(f"/r/{SLUG}/p/VAL.ATT")
    assert client.post(f"/r/{SLUG}/p/VAL.ECO", data={}).status_code == 404


def test_autosave_answers_in_json_and_saves(app: Flask, client: FlaskClient, campaign: int) -> None:
    start(app, client, SLUG)
    headers = {"X-Autosave": "1"}
    saved = client.post(f"/r/{SLUG}/p/COOP.VIT", data={"q_COOP-VIT-03": "4"}, headers=headers)
    assert saved.status_code == 200 and saved.get_json() == {"saved": True}
    refused = client.post(f"/r/{SLUG}/p/COOP.VIT", data={"q_COOP-VIT-03": "8"}, headers=headers)
    assert refused.status_code == 400 and refused.get_json()["saved"] is False
    with app.app_context():
        assert db_session().scalar(select(Answer.value)) == "4"
    page = client.get(f"/r/{SLUG}/p/COOP.VIT").get_data(as_text=True)
    assert 'src="/static/js/autosave.js"' in page and 'aria-live="polite"' in page
    client.post(f"/r/{SLUG}/envoyer")
    late = client.post(f"/r/{SLUG}/p/COOP.VIT", data={"q_COOP-VIT-03": "5"}, headers=headers)
    assert late.status_code == 409


def test_expired_csrf_token_keeps_the_typed_answers(db_url: str, tmp_path: Path) -> None:
    from coopassess import create_app

    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": db_url,
            "SECRET_KEY": "test",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "WTF_CSRF_ENABLED": True,
        }
    )
    with app.app_context():
        session = db_session()
        session.add(
            Campaign(
                organisation=Organisation(name="Org", kind="territoire"),
                demarche="D",
                target="territoire",
                modules=["COOP"],
                instrument_version=default_registry().current().version,
                status="open",
                slug=SLUG,
            )
        )
        session.commit()
    client = app.test_client()
    start(app, client, SLUG)
    typed = {"q_COOP-VIT-01": "2", "q_COOP-VIT-02": "5", "csrf_token": "expiré-ou-faux"}
    answer = client.post(f"/r/{SLUG}/p/COOP.VIT", data=typed)
    assert answer.status_code == 400
    html = answer.get_data(as_text=True)
    assert "Votre session a expiré" in html
    assert re.search(r'name="q_COOP-VIT-01" value="2"\s+checked', html)
    assert re.search(r'name="q_COOP-VIT-02" value="5"\s+checked', html)
    fresh = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    saved = client.post(f"/r/{SLUG}/p/COOP.VIT", data={**typed, "csrf_token": fresh})
    assert saved.status_code == 302
    with app.app_context():
        assert db_session().scalar(select(func.count(Answer.id))) == 2
    app.extensions["coopassess.db"].engine.dispose()


def test_two_tabs_saving_different_items_lose_nothing(
    app: Flask, client: FlaskClient, campaign: int
) -> None:
    start(app, client, SLUG)
    # Two tabs of one browser share the session; each posts its own page, in any order.
    client.post(f"/r/{SLUG}/p/COOP.VIT", data={"q_COOP-VIT-01": "1", "q_COOP-VIT-02": "2"})
    client.post(f"/r/{SLUG}/p/COOP.OUV", data={"q_COOP-OUV-01": "3"})
    client.post(f"/r/{SLUG}/p/COOP.VIT", data={"q_COOP-VIT-03": "4"})
    with app.app_context():
        rows = dict(db_session().execute(select(Answer.item_key, Answer.value)).all())
    assert rows == {"COOP-VIT-01": "1", "COOP-VIT-02": "2", "COOP-OUV-01": "3", "COOP-VIT-03": "4"}


def test_concurrent_submits_leave_one_submitted_response(
    app: Flask, campaign: int, db_url: str
) -> None:
    import threading

    client = app.test_client()
    start(app, client, SLUG)
    cookie = client.get_cookie("coopassess_session")
    statuses: list[int] = []

    def submit() -> None:
        other = app.test_client()
        other.set_cookie("coopassess_session", cookie.value)
        statuses.append(other.post(f"/r/{SLUG}/envoyer").status_code)

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 4
    with app.app_context():
        session = db_session()
        assert session.scalar(select(func.count(Response.id))) == 1
        assert session.scalar(select(Response.status)) == "submitted"


def test_two_tabs_saving_at_the_same_time_lose_nothing(
    app: Flask, client: FlaskClient, campaign: int
) -> None:
    import threading

    start(app, client, SLUG)
    cookie = client.get_cookie("coopassess_session").value
    pages = {
        "COOP.VIT": {f"q_COOP-VIT-0{i}": str(i) for i in range(1, 6)},
        "COOP.OUV": {f"q_COOP-OUV-0{i}": str(6 - i) for i in range(1, 6)},
        "COOP.LEA": {f"q_COOP-LEA-0{i}": "NSP" for i in range(1, 6)},
    }
    statuses: list[int] = []

    def save(page_id: str, data: dict[str, str]) -> None:
        tab = app.test_client()
        tab.set_cookie("coopassess_session", cookie)
        statuses.append(tab.post(f"/r/{SLUG}/p/{page_id}", data=data).status_code)

    threads = [threading.Thread(target=save, args=item) for item in pages.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302, 302]
    with app.app_context():
        stored = dict(db_session().execute(select(Answer.item_key, Answer.value)).all())
    expected = {key[2:]: value for data in pages.values() for key, value in data.items()}
    assert stored == expected
