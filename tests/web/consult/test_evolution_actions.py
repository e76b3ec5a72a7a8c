"""The evolution page and PDF beside the action plan: per dimension, the score change of each
step next to the actions done during it, démarche-level actions apart, in one query."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from coopassess.db import db_session
from coopassess.models import Campaign
from tests.fixtures.accounts import login, make_user
from tests.fixtures.followup import add_action, answered_at
from tests.fixtures.portfolio import organisation_with_campaigns
from tests.fixtures.queries import statements


def _world(app: Flask) -> tuple[int, list[int]]:
    organisation, ids = organisation_with_campaigns(app, "Ville", (4, 4), maturity=1.5)
    with app.app_context():
        session = db_session()
        session.get(Campaign, ids[0]).opens_on = date(2024, 1, 15)
        session.get(Campaign, ids[1]).opens_on = date(2025, 1, 15)
        session.commit()
    answered_at(app, ids[0], datetime(2024, 3, 1, 10, tzinfo=UTC))
    answered_at(app, ids[1], datetime(2025, 3, 1, 10, tzinfo=UTC))
    return organisation, ids


def _client(app: Flask, email: str = "admin@example.fr", **user: object) -> FlaskClient:
    make_user(app, email, user.pop("role", "admin"), **user)
    client = app.test_client()
    login(client, email)
    return client


def _done(month: int, year: int = 2024) -> datetime:
    return datetime(year, month, 1, 9, tzinfo=UTC)


def test_the_page_shows_each_dimension_change_beside_the_actions_done(app: Flask) -> None:
    organisation, (t0, t1) = _world(app)
    first = add_action(
        app,
        t0,
        "Ateliers <script>x</script>",
        questionnaire="COOP",
        dimension="COOP.VIT",
        status="done",
        owner="Service achats",
        done_at=_done(6),
    )
    # Its copy in T1, done again: counted once.
    add_action(
        app,
        t1,
        "Ateliers <script>x</script>",
        questionnaire="COOP",
        dimension="COOP.VIT",
        status="done",
        done_at=_done(9),
        carried_from_id=first,
    )
    add_action(app, t0, "Comité de pilotage", status="done", done_at=_done(10))
    add_action(
        app,
        t0,
        "Trop tôt",
        questionnaire="COOP",
        dimension="COOP.OUV",
        status="done",
        done_at=_done(1, 2023),
    )
    add_action(app, t0, "Encore à faire", questionnaire="COOP", dimension="COOP.OUV")
    html = _client(app).get(f"/organisations/{organisation}").get_data(as_text=True)
    assert "Ce qui a changé, à côté de ce qui a été fait" in html
    section = html[html.index("Ce qui a changé") :]
    assert "De T0 à T1" in section
    assert section.count("Ateliers &lt;script&gt;x&lt;/script&gt;") == 1
    assert "<script>x" not in html
    assert "faite le 01/09/2024" in section  # the latest copy's date
    assert "Trop tôt" not in section and "Encore à faire" not in section
    assert "Actions faites sur la démarche dans son ensemble" in section
    assert "Comité de pilotage" in section
    row = re.search(r"Énergie et épanouissement</th>(.*?)</tr>", section, re.S).group(1)
    assert re.search(r'<td class="num">[+−]\d+,\d', row) and "Ateliers" in row
    other = re.search(r"<th scope=\"row\">Ouverture</th>(.*?)</tr>", section, re.S).group(1)
    assert "Ateliers" not in other and "—" in other

    pdf = _client(app, "autre@example.fr").get(f"/organisations/{organisation}/evolution.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Ce qui a changé, à côté de ce qui a été fait" in text
    assert "De T0 à T1" in text and "Ateliers <script>x</script>" in text
    assert text.count("Ateliers <script>x</script>") == 1
    assert "Comité de pilotage" in text and "Trop tôt" not in text


def test_access_follows_the_organisation(app: Flask) -> None:
    organisation, _ = _world(app)
    other, _ = organisation_with_campaigns(app, "Autre", (4,))
    client = _client(app, "conseil@example.fr", role="consultant", assigned=(other,))
    assert client.get(f"/organisations/{organisation}").status_code == 403
    assert client.get(f"/organisations/{organisation}/evolution.pdf").status_code == 403


def test_the_page_reads_the_actions_in_one_query(app: Flask) -> None:
    organisation, (t0, _t1) = _world(app)
    client = _client(app)
    add_action(
        app, t0, "Une", questionnaire="COOP", dimension="COOP.VIT", status="done", done_at=_done(6)
    )
    few = statements(app, client, f"/organisations/{organisation}")
    for number, dimension in enumerate(("COOP.OUV", "COOP.LEA", "COOP.LIE", "COOP.RES") * 5):
        add_action(
            app,
            t0,
            f"Action {number}",
            questionnaire="COOP",
            dimension=dimension,
            status="done",
            done_at=_done(7),
        )
    assert statements(app, client, f"/organisations/{organisation}") == few
