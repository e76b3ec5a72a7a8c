"""The restitution page (``/campagnes/<id>/restitution``) of a campaign of 30 respondents with
every module (COOP, ACH, TER, VAL), on SQLite and on PostgreSQL. Targets (restitution issue):
≤ 150 ms of server time uncached, ≤ 300 KB for the page and its assets (HTML with its four
charts inside, CSS, JavaScript).

    .venv/bin/pytest bench/bench_restitution.py --benchmark-enable
    (make bench runs it with the other benchmarks)

The campaign has three comments « à citer » and a plan of 10 actions: the whole deck (13
slides). Three timings: the results uncached (cache of Results emptied before each round; the charts
are in the chart cache, as once the results page has been seen: the same content, the same
key), everything uncached (the chart cache emptied too, memory and disk: the four SVG are
drawn again), and both cached. Requests go through the Flask test client as an admin."""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from coopassess import create_app, migrate
from coopassess.actions import service as plan
from coopassess.auth.passwords import hash_password
from coopassess.campaigns import results as campaign_results
from coopassess.campaigns.answers import save_answers
from coopassess.campaigns.comments import save_comment
from coopassess.db import database, db_session, make_engine
from coopassess.demo.responses import DemoOrganisation, demo_response
from coopassess.instrument.registry import default_registry
from coopassess.models import Campaign, Organisation, Response, ResponseComment, User
from coopassess.web.responses import chart_cache

ADMIN = "bench-restitution@example.fr"
PASSWORD = "Une phrase de passe pour le banc !"
MODULES = ("COOP", "ACH", "TER", "VAL")
COMMENTS = (
    "La visite commune du chantier a fait tomber beaucoup de préjugés entre les services.",
    "On se parle davantage, mais les décisions restent prises sans les associations.",
    "Il faudrait un lieu commun pour stocker les matériaux de réemploi. " * 6,
)
ASSETS_BUDGET = 300 * 1000


def _campaign(app: Flask) -> int:
    """The benchmark's campaign, made once per database (found again by its slug)."""
    slug = "banc-restitution-30-plan"
    with app.app_context():
        session = db_session()
        found = session.scalar(sa.select(Campaign.id).where(Campaign.slug == slug))
        if found is not None:
            return found
        name = "Agglomération de Rives-sur-Loire (banc)"
        campaign = Campaign(
            organisation=Organisation(name=name, kind="territoire"),
            demarche="Plateforme territoriale du réemploi dans le BTP",
            target="territoire",
            modules=list(MODULES),
            instrument_version=default_registry().current().version,
            status="closed",
            slug=slug,
        )
        session.add(campaign)
        session.flush()
        spec = DemoOrganisation(
            name=name,
            kind="territoire",
            structure_type="Intercommunalité (EPCI)",
            region="Pays de la Loire",
            demarche=campaign.demarche,
            slug=slug,
            modules=MODULES,
            maturity=3.2,
            respondents=30,
            structures=("Commune", "Intercommunalité (EPCI)", "Entreprise"),
        )
        instrument = default_registry().current()
        rng = random.Random(slug)
        for index in range(30):
            profile, answers = demo_response(instrument, spec, index, rng)
            response = Response(
                campaign=campaign,
                status="submitted",
                instrument_version=instrument.version,
                instrument_hash=instrument.content_hash,
                profile=profile,
                submitted_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=index),
            )
            session.add(response)
            session.flush()
            save_answers(session, response.id, answers)
            if index < len(COMMENTS):  # three comments « à citer »
                save_comment(session, response.id, "COOP", COMMENTS[index])
        session.flush()
        session.execute(
            sa.update(ResponseComment).values(quoted_at=datetime(2026, 2, 1, tzinfo=UTC))
        )
        for number in range(10):  # a plan of 10 actions: two slides
            draft = plan.ActionDraft(
                title=f"Action {number + 1} : atelier inter-services sur le réemploi",
                dimension="COOP.VIT",
                owner="Direction de la transition écologique",
            )
            plan.create(session, campaign, draft, instrument, None)
        session.commit()
        return campaign.id


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('restitution') / 'bench.sqlite'}"
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
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        session = db_session()
        if session.scalar(sa.select(User.id).where(User.email == ADMIN)) is None:
            session.add(User(email=ADMIN, role="admin", password_hash=hash_password(PASSWORD)))
            session.commit()
    yield app
    with app.app_context():
        database().engine.dispose()


@pytest.fixture(scope="module")
def client(app: Flask) -> FlaskClient:
    client = app.test_client()
    assert client.post("/connexion", data={"email": ADMIN, "password": PASSWORD}).status_code == 302
    return client


@pytest.fixture(scope="module")
def url(app: Flask) -> str:
    return f"/campagnes/{_campaign(app)}/restitution"


def _forget_results() -> None:
    campaign_results._cache.clear()


def _forget_charts(app: Flask) -> None:
    with app.app_context():
        cache = chart_cache()
        cache.clear()
        if cache.directory is not None:
            shutil.rmtree(cache.directory, ignore_errors=True)


def _run(benchmark, client: FlaskClient, url: str, setup=None) -> bytes:
    def request() -> bytes:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response.data

    html = request()
    assert html.count(b"data:image/svg+xml;base64,") == 4
    benchmark.pedantic(request, setup=setup, rounds=15, warmup_rounds=1, iterations=1)
    benchmark.extra_info["html_kb"] = round(len(html) / 1000, 1)
    return html


def test_restitution_results_uncached(benchmark, client: FlaskClient, url: str) -> None:
    _run(benchmark, client, url, setup=_forget_results)


def test_restitution_everything_uncached(
    benchmark, app: Flask, client: FlaskClient, url: str
) -> None:
    def forget() -> None:
        _forget_results()
        _forget_charts(app)

    _run(benchmark, client, url, setup=forget)


def test_restitution_cached(benchmark, client: FlaskClient, url: str) -> None:
    _run(benchmark, client, url)


def test_restitution_assets_weight(benchmark, client: FlaskClient, url: str) -> None:
    """HTML (with its charts) + every CSS, JavaScript and image it links: ≤ 300 KB."""
    html = _run(benchmark, client, url)
    sizes = {"page": len(html)}
    for asset in re.findall(rb'(?:src|href)="(/static/[^"]+)"', html):
        response = client.get(asset.decode())
        sizes[asset.decode()] = len(response.data)
        response.close()
    total = sum(sizes.values())
    benchmark.extra_info.update({name: round(size / 1000, 1) for name, size in sizes.items()})
    benchmark.extra_info["total_kb"] = round(total / 1000, 1)
    assert total <= ASSETS_BUDGET, sizes
