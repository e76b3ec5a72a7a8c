"""Participants at scale, on SQLite and PostgreSQL: importing 10,000 people from a CSV file
(target ≤ 2 s), « Envoyer les invitations » on 10,000 participants (the POST only records the
round and queues its preparation: ≤ 300 ms), and the follow-up page of a campaign with 10,000
participants whose 10,000 invitations are stored (≤ 150 ms).

    .venv/bin/pytest bench/bench_participants.py --benchmark-enable
    (make bench runs it with the other benchmarks)

Each engine gets a fresh migrated database (a SQLite file, a PostgreSQL schema dropped at the
end). Requests go through the Flask test client as the campaign's referent.
"""

from __future__ import annotations

import itertools
import os
import re
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from coopassess import create_app, migrate
from coopassess.auth.passwords import hash_password
from coopassess.db import db_session, make_engine
from coopassess.instrument.registry import default_registry
from coopassess.jobs import JobContext
from coopassess.models import Campaign, Organisation, User, utcnow
from coopassess.participants import importing, service
from coopassess.participants.jobs import prepare_mailing
from coopassess.participants.sending import request_mailing
from coopassess.registry import registry

PG_URL = os.environ.get("COOPASSESS_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
PEOPLE = 10_000
PASSWORD = "Une phrase de passe pour le banc !"
CSV = (
    "Courriel;Prénom;Nom;Structure;Rôle\n"
    + "".join(
        f"personne{n}@exemple.fr;Prénom{n};Nom{n};Mairie {n % 40};Agent\n" for n in range(PEOPLE)
    )
).encode("utf-8")
_slugs = itertools.count()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    folder = tmp_path_factory.mktemp("participants")
    if request.param == "sqlite":
        url, cleanup = f"sqlite:///{folder / 'bench.sqlite'}", None
    else:
        schema = f"bench_participants_{uuid.uuid4().hex[:8]}"
        admin = make_engine(PG_URL)
        try:
            with admin.begin() as connection:
                connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        except sa.exc.OperationalError as error:
            pytest.skip(f"PostgreSQL unreachable: {error.orig}")
        url = f"{PG_URL}?options=-csearch_path%3D{schema}"
        cleanup = (admin, schema)
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench",
            "INSTANCE_PATH": str(folder / "instance"),
            "WTF_CSRF_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
        }
    )
    with app.app_context():
        session = db_session()
        organisation = Organisation(name="Agglo du banc", kind="territoire")
        session.add(organisation)
        session.flush()
        session.add(
            User(
                email="ref@banc.fr",
                role="referent",
                organisation_id=organisation.id,
                password_hash=hash_password(PASSWORD),
            )
        )
        session.commit()
    yield app
    app.extensions["coopassess.db"].engine.dispose()
    if cleanup is not None:
        admin, schema = cleanup
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _campaign(app: Flask) -> int:
    with app.app_context():
        session = db_session()
        organisation_id = session.scalar(sa.select(Organisation.id))
        campaign = Campaign(
            organisation_id=organisation_id,
            demarche="Démarche du banc",
            target="territoire",
            modules=["COOP"],
            instrument_version=default_registry().current().version,
            status="open",
            slug=f"banc-{next(_slugs)}-{uuid.uuid4().hex[:6]}",
        )
        session.add(campaign)
        session.commit()
        return campaign.id


def _import(app: Flask, campaign_id: int) -> None:
    with app.app_context():
        session = db_session()
        people = importing.read_file("personnes.csv", CSV)
        service.add_people(session, session.get(Campaign, campaign_id), people, "bench")
        session.commit()


@pytest.fixture(scope="module")
def campaign_to_invite(app: Flask) -> int:
    """10,000 participants nobody has invited yet."""
    campaign_id = _campaign(app)
    _import(app, campaign_id)
    return campaign_id


@pytest.fixture(scope="module")
def full_campaign(app: Flask) -> int:
    """10,000 participants whose invitations are prepared (10,000 stored messages, queued), so
    the follow-up page reads a real status for each row."""
    campaign_id = _campaign(app)
    _import(app, campaign_id)
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, campaign_id)
        mailing, _ = request_mailing(session, campaign, "invitation", f"bench-{campaign_id}", None)
        session.commit()
        context = JobContext(session, app.config, utcnow(), registry)
        prepare_mailing(context, mailing.id)  # deliveries land in context.queued, not sent
        session.commit()
    return campaign_id


@pytest.fixture(scope="module")
def referent(app: Flask) -> FlaskClient:
    client = app.test_client()
    client.post("/connexion", data={"email": "ref@banc.fr", "password": PASSWORD})
    return client


def _statements_of(app: Flask, action: object) -> list[str]:
    found: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        found.append(statement)

    engine = app.extensions["coopassess.db"].engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    return found


def test_import_ten_thousand_from_csv(benchmark, app: Flask) -> None:
    benchmark.pedantic(_import, setup=lambda: ((app, _campaign(app)), {}), rounds=3)


def test_send_on_ten_thousand_returns_at_once(
    benchmark, app: Flask, campaign_to_invite: int, referent: FlaskClient
) -> None:
    path = f"/campagnes/{campaign_to_invite}/envois/invitations"

    def post() -> None:
        answer = referent.post(path, data={"cle": uuid.uuid4().hex})
        assert answer.status_code == 302 and re.search(r"/envois/\d+$", answer.location)

    benchmark.pedantic(post, rounds=10, warmup_rounds=1)


def test_follow_up_page_with_ten_thousand(
    benchmark, app: Flask, full_campaign: int, referent: FlaskClient
) -> None:
    path = f"/campagnes/{full_campaign}/participants?page=100"
    with app.app_context():
        statements = _statements_of(app, lambda: referent.get(path))
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    print(f"\n{len(selects)} SELECT for the page:", *(s[:90] for s in selects), sep="\n  ")
    # campaign, session, user, counts, the page's rows, their last messages, organisation
    assert len(selects) == 7

    def get() -> None:
        answer = referent.get(path)
        assert answer.status_code == 200 and b"personne4999@exemple.fr" in answer.data
        assert answer.data.count(b"invitation en attente") == 50

    benchmark.pedantic(get, rounds=20, warmup_rounds=2)
