"""The admins' quality page /admin/qualite: access, pooled α per dimension, thresholds, what is
counted, the cache, and nothing about any organisation or respondent."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, insert, select, update

from coopassess.admin import quality
from coopassess.db import database, db_session
from coopassess.instrument.registry import default_registry
from coopassess.models import Answer, AuditEvent, Campaign, Organisation, Response
from coopassess.scoring.reliability import pool, reliability, scales_for
from tests.fixtures.accounts import login, make_user
from tests.fixtures.reliability import Synthetic, rows, synthetic

INSTRUMENT = default_registry().current()
PAGE = "/admin/qualite"
XSS = '<script>alert("x")</script> Ville'


@pytest.fixture(autouse=True)
def empty_cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts with no cached report (databases differ, versions do not)."""
    monkeypatch.setattr(quality, "_cache", {})
    yield


def store(
    app: Flask,
    people: list[Synthetic],
    *,
    organisation: str = "Agglo des Rives",
    demarche: str = "Réemploi BTP",
    status: str = "submitted",
    version: str = INSTRUMENT.version,
) -> list[int]:
    """One organisation and campaign holding ``people`` as responses; their ids."""
    with app.app_context():
        session = db_session()
        campaign = Campaign(
            organisation=Organisation(name=organisation, kind="territoire"),
            demarche=demarche,
            target="territoire",
            modules=["COOP", "ACH", "TER", "VAL"],
            instrument_version=version,
            slug=f"q-{organisation[:10]}-{len(people)}-{people[0].id}".replace(" ", "-"),
        )
        session.add(campaign)
        ids = []
        for person in people:
            response = Response(
                campaign=campaign,
                status=status,
                instrument_version=version,
                instrument_hash=INSTRUMENT.content_hash,
                profile={"P-STRUCT": person.structure},
                submitted_at=datetime.now(UTC) if status == "submitted" else None,
            )
            session.add(response)
            session.flush()
            ids.append(response.id)
        rows = [
            {"response_id": rid, "item_key": key, "value": str(value)}
            for rid, person in zip(ids, people, strict=True)
            for key, value in person.answers.items()
        ]
        session.execute(insert(Answer), rows)
        session.commit()
        return ids


def admin(app: Flask) -> FlaskClient:
    make_user(app, "admin@example.fr", "admin")
    client = app.test_client()
    login(client, "admin@example.fr")
    return client


def coef(value: float, digits: int = 3) -> str:
    return f"{value:.{digits}f}".replace(".", ",").replace("-", "−")


def summary_row(html: str, label: str, who: str = "tous les répondants") -> str:
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        if re.search(rf"<th scope=\"row\">(<a [^>]+>)?{re.escape(label)}(</a>)?</th>", row) and (
            who in row
        ):
            return row
    raise AssertionError(f"no row for {label} / {who}")


def test_only_admins_see_the_page(app: Flask) -> None:
    store(app, synthetic(INSTRUMENT, 3))
    with app.app_context():
        organisation = db_session().scalar(select(Organisation.id))
    make_user(app, "admin@example.fr", "admin")
    make_user(app, "conseil@example.fr", "consultant", assigned=(organisation,))
    make_user(app, "ref@example.fr", "referent", organisation_id=organisation)
    anonymous = app.test_client().get(PAGE)
    assert anonymous.status_code == 302 and "/connexion" in anonymous.location
    for email, status in (
        ("conseil@example.fr", 403),
        ("ref@example.fr", 403),
        ("admin@example.fr", 200),
    ):
        client = app.test_client()
        login(client, email)
        assert client.get(PAGE).status_code == status, email
    with app.app_context():
        denied = db_session().scalars(
            select(AuditEvent).where(AuditEvent.action == "permission.denied")
        )
        assert len(denied.all()) == 2


def test_below_thirty_complete_cases_no_alpha_is_shown(app: Flask) -> None:
    store(app, synthetic(INSTRUMENT, 12, missing=0.0))
    html = admin(app).get(PAGE).get_data(as_text=True)
    assert "12 réponses comptées" in html
    vit = summary_row(html, "Énergie et épanouissement")
    assert "pas encore assez de cas complets (12/30)" in vit
    assert "α = " not in html and "Corrélation item–total corrigée</th>" not in html
    assert html.count("pas encore assez de cas complets") == len(scales_for(INSTRUMENT))


def test_alpha_per_dimension_with_items_and_no_organisation(app: Flask) -> None:
    people = synthetic(INSTRUMENT, 40, seed=21)
    store(app, people[:20], organisation=XSS, demarche="Démarche <b>secrète</b>")
    store(app, people[20:], organisation="Ville de Brest", demarche="Plan vélo")
    client = admin(app)
    html = client.get(PAGE).get_data(as_text=True)
    expected = {
        r.scale.id: r for r in reliability(INSTRUMENT, pool(INSTRUMENT, rows(people))).scales
    }
    vit = expected["COOP.VIT"]
    assert vit.status == "indicatif" and vit.alpha is not None
    row = summary_row(html, "Énergie et épanouissement")
    assert f'<td class="num">{vit.n_complete}</td>' in row
    assert f"<strong>{coef(vit.alpha)}</strong>" in row and "indicatif" in row
    assert re.search(r"verdict-\w+", row)
    # Items: id, reverse marker, mean, sd, corrected item–total.
    details = html[html.index('id="COOP.VIT"') :]
    details = details[: details.index("</details>")]
    first = vit.items[0]
    assert "COOP-VIT-01" in details and "<td>oui</td>" in details
    for value in (coef(first.mean, 2), coef(first.sd, 2), coef(first.item_total)):
        assert f'<td class="num">{value}</td>' in details
    # Variant wordings: the ACH dimension per wording, VAL per rating.
    assert summary_row(html, "Décloisonnement interne", "formulation collectivité")
    assert summary_row(html, "Environnement — constaté")
    # Never an organisation, a démarche or an individual answer.
    for secret in ("Ville de Brest", "Plan vélo", "alert(", "secrète", "Agglo"):
        assert secret not in html
    # (the CSRF token of the logout form is random text: left out of this check)
    shown = re.sub(r'name="csrf_token" value="[^"]*"', "", html)
    assert "R1" not in shown and "s0" not in shown
    # Fifty complete cases and more: no longer indicative.
    store(app, synthetic(INSTRUMENT, 40, seed=22), organisation="Troisième")
    row = summary_row(client.get(PAGE).get_data(as_text=True), "Énergie et épanouissement")
    assert "indicatif" not in row


def test_only_counted_responses_are_pooled(app: Flask) -> None:
    people = synthetic(INSTRUMENT, 35, seed=4, missing=0.0)
    ids = store(app, people)
    store(app, synthetic(INSTRUMENT, 5, seed=8), organisation="Brouillons", status="in_progress")
    store(app, synthetic(INSTRUMENT, 5, seed=9), organisation="Ancienne", version="0.9.0")
    client = admin(app)
    html = client.get(PAGE).get_data(as_text=True)
    assert "35 réponses comptées" in html
    assert '<td class="num">35</td>' in summary_row(html, "Ouverture")
    with app.app_context():
        session = db_session()
        session.execute(
            update(Response)
            .where(Response.id.in_(ids[:7]))
            .values(excluded_at=datetime.now(UTC), updated_at=datetime.now(UTC))
        )
        session.commit()
    html = client.get(PAGE).get_data(as_text=True)
    assert "28 réponses comptées" in html
    assert "pas encore assez de cas complets (28/30)" in summary_row(html, "Ouverture")


def test_a_reload_reads_the_cache_and_a_change_recomputes(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = store(app, synthetic(INSTRUMENT, 31, seed=6))
    client = admin(app)
    computed = []
    original = quality.reliability
    monkeypatch.setattr(quality, "reliability", lambda *args: computed.append(1) or original(*args))

    def statements() -> int:
        with app.app_context():
            engine = database().engine
        seen: list[str] = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get(PAGE).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return sum("answer" in sql or "response" in sql for sql in seen)

    first = statements()
    assert computed == [1] and first == 2  # the key, then every response with its answers
    assert statements() == 1 and computed == [1]  # the key only
    with app.app_context():
        session = db_session()
        session.execute(
            update(Response)
            .where(Response.id == ids[0])
            .values(excluded_at=datetime.now(UTC), updated_at=datetime.now(UTC))
        )
        session.commit()
    assert statements() == 2 and computed == [1, 1]


def test_version_selector_and_unknown_version(app: Flask) -> None:
    store(app, synthetic(INSTRUMENT, 3))
    client = admin(app)
    html = client.get(PAGE).get_data(as_text=True)
    assert re.search(r'<label for="version">', html)
    assert re.search(rf'<option value="{re.escape(INSTRUMENT.version)}" selected>', html)
    other = client.get(PAGE + "?version=%3Cscript%3E")
    assert other.status_code == 200 and "<script>" not in other.get_data(as_text=True)
    assert f"Version {INSTRUMENT.version}" in other.get_data(as_text=True)
