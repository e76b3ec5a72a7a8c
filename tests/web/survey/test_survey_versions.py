"""A response is finished and scored on the version it started on, after a new one is published."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from coopassess import create_app
from coopassess.db import db_session
from coopassess.models import Campaign, Organisation, Response
from tests.fixtures.campaigns import start
from tests.fixtures.instrument import VERSION, copy_shipped, edit, set_version

OLD = "lassitude)"
NEW = "fatigue)"
NEW_VERSION = "1.1.0"
SLUG = "versions"


@pytest.fixture
def versioned_app(db_url: str, tmp_path: Path) -> Iterator[Flask]:
    """Current version 1.1.0 (reworded), with the pilot version kept in the archive."""
    root = copy_shipped(tmp_path / "questionnaires")
    shutil.copytree(root, root / "archive" / VERSION, ignore=shutil.ignore_patterns("archive"))
    set_version(root, NEW_VERSION)
    edit(root / "coop.yaml", OLD, NEW)
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": db_url,
            "SECRET_KEY": "test",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "WTF_CSRF_ENABLED": False,
            "QUESTIONNAIRES_DIR": str(root),
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
                instrument_version=VERSION,
                status="open",
                slug=SLUG,
            )
        )
        session.commit()
    yield app
    app.extensions["coopassess.db"].engine.dispose()


def _publish(app: Flask) -> None:
    with app.app_context():
        session = db_session()
        session.query(Campaign).one().instrument_version = NEW_VERSION
        session.commit()


def test_a_response_started_on_a_version_finishes_on_it(versioned_app: Flask) -> None:
    early: FlaskClient = versioned_app.test_client()
    start(versioned_app, early, SLUG)
    assert OLD in early.get(f"/r/{SLUG}/p/COOP.VIT").get_data(as_text=True)
    early.post(f"/r/{SLUG}/p/COOP.VIT", data={"q_COOP-VIT-01": "2"})

    _publish(versioned_app)

    late = versioned_app.test_client()
    start(versioned_app, late, SLUG)
    assert NEW in late.get(f"/r/{SLUG}/p/COOP.VIT").get_data(as_text=True)
    page = early.get(f"/r/{SLUG}/p/COOP.VIT").get_data(as_text=True)
    assert OLD in page and NEW not in page
    early.post(f"/r/{SLUG}/envoyer")
    assert early.get(f"/r/{SLUG}/resultats").status_code == 200
    with versioned_app.app_context():
        versions = sorted(
            (r.instrument_version, r.status) for r in db_session().query(Response).all()
        )
    assert versions == [(VERSION, "submitted"), (NEW_VERSION, "in_progress")]


def test_both_versions_are_loaded_side_by_side(versioned_app: Flask) -> None:
    from coopassess.registry import registry

    with versioned_app.app_context():
        assert registry().versions() == [VERSION, NEW_VERSION]
        old, new = registry().get(VERSION), registry().get(NEW_VERSION)
    assert old.content_hash != new.content_hash
    assert OLD in old.items_by_id["COOP-VIT-01"].text["commun"].fr
