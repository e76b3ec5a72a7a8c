"""The consultant's portfolio pages on 1,000 organisations × 3 campaigns × 5–30 respondents
(``coopassess demo --size large``), data warm, on SQLite and on PostgreSQL. Target: each page
≤ 150 ms; the lists of campaigns and organisations ≤ 100 ms.

    .venv/bin/pytest bench/bench_portfolio.py --benchmark-enable
    (make bench runs it with the other benchmarks)

The portfolio is built once and kept: SQLite in ``.benchmarks/portfolio.sqlite``, PostgreSQL
in the database ``coopassess_bench`` (``COOPASSESS_BENCH_DATABASE_URL`` to change it). Building
takes 2 to 3 minutes per engine. Requests go through the Flask test client as an admin who
sees every organisation: routing, permission checks, queries and templates, not the network.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from coopassess import create_app, migrate
from coopassess.auth.passwords import hash_password
from coopassess.db import database, db_session, make_engine
from coopassess.demo.portfolio import already_loaded, load_portfolio
from coopassess.models import Campaign, CampaignSummary, Organisation, User
from coopassess.registry import registry

ROOT = Path(__file__).resolve().parent.parent
SQLITE_PATH = ROOT / ".benchmarks" / "portfolio.sqlite"
ADMIN = "bench-admin@example.fr"
PASSWORD = "Une phrase de passe pour le banc !"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    if request.param == "sqlite":
        SQLITE_PATH.parent.mkdir(exist_ok=True)
        url = f"sqlite:///{SQLITE_PATH}"
    else:
        url = request.getfixturevalue("bench_postgres_url")
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    app = create_app(
        {
            "DATABASE_URL": url,
            "INSTANCE_PATH": str(tmp_path_factory.mktemp("instance")),
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,  # the login form is posted without a page
        }
    )
    with app.app_context():
        session = db_session()
        if not already_loaded(session):
            load_portfolio(session, registry(), 1000)
        if session.scalar(select(User.id).where(User.email == ADMIN)) is None:
            session.add(User(email=ADMIN, role="admin", password_hash=hash_password(PASSWORD)))
            session.commit()
    yield app
    with app.app_context():
        database().engine.dispose()


@pytest.fixture(scope="module")
def client(app: Flask) -> Iterator[FlaskClient]:
    client = app.test_client()
    assert client.post("/connexion", data={"email": ADMIN, "password": PASSWORD}).status_code == 302
    yield client


@pytest.fixture(scope="module")
def ids(app: Flask) -> dict[str, object]:
    """Six latest territoire campaigns with results, and one organisation to benchmark."""
    with app.app_context():
        session = db_session()
        latest = (
            select(Campaign.id, Campaign.organisation_id)
            .join(CampaignSummary, CampaignSummary.campaign_id == Campaign.id)
            .join(Organisation, Organisation.id == Campaign.organisation_id)
            .where(
                Campaign.slug.endswith("-t2"),
                Organisation.kind == "territoire",
                CampaignSummary.imc.is_not(None),
            )
            .order_by(Campaign.id)
            .limit(6)
        )
        rows = session.execute(latest).all()
    return {"campaigns": [row.id for row in rows], "organisation": rows[0].organisation_id}


def _get(benchmark, client: FlaskClient, url: str) -> None:
    def request() -> int:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return len(response.data)

    request()  # warm: summaries, caches, charts
    size = benchmark.pedantic(request, rounds=15, warmup_rounds=2, iterations=1)
    benchmark.extra_info["bytes"] = size


def test_dashboard(benchmark, client: FlaskClient) -> None:
    _get(benchmark, client, "/tableau-de-bord")


def test_dashboard_filtered_by_level_sorted_by_imc(benchmark, client: FlaskClient) -> None:
    _get(benchmark, client, "/tableau-de-bord?niveau=N3&tri=imc-desc&page=2")


def test_dashboard_search(benchmark, client: FlaskClient) -> None:
    _get(benchmark, client, "/tableau-de-bord?q=vall%C3%A9e&tri=activite")


def test_comparison_of_six_campaigns(benchmark, client: FlaskClient, ids) -> None:
    query = "&".join(f"campagne={campaign_id}" for campaign_id in ids["campaigns"])
    _get(benchmark, client, f"/comparaison?{query}")


def test_benchmark_page(benchmark, client: FlaskClient, ids) -> None:
    _get(benchmark, client, f"/organisations/{ids['organisation']}/reference")


def test_portfolio_results_csv(benchmark, client: FlaskClient) -> None:
    _get(benchmark, client, "/exports/resultats.csv")


def test_campaign_results_csv(benchmark, client: FlaskClient, ids) -> None:
    _get(benchmark, client, f"/campagnes/{ids['campaigns'][0]}/export/resultats.csv")


def test_api_results(benchmark, client: FlaskClient, ids) -> None:
    _get(benchmark, client, f"/api/v1/campaigns/{ids['campaigns'][0]}/results")


def test_portfolio_results_xlsx(benchmark, client: FlaskClient) -> None:
    """The whole portfolio as XLSX (about 46,000 rows), written by a streaming writer."""
    _get(benchmark, client, "/exports/resultats.xlsx")


def test_campaign_list(benchmark, client: FlaskClient) -> None:
    _get(benchmark, client, "/campagnes")


def test_campaign_list_filtered_page_3(benchmark, client: FlaskClient) -> None:
    _get(benchmark, client, "/campagnes?q=vall%C3%A9e&statut=closed&page=3")


def test_organisation_list(benchmark, client: FlaskClient) -> None:
    _get(benchmark, client, "/organisations")


def test_organisation_list_searched_page_2(benchmark, client: FlaskClient) -> None:
    _get(benchmark, client, "/organisations?q=ville&type=territoire&page=2")
