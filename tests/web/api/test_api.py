"""/api/v1: results JSON and the campaign list, for whom, against the OpenAPI document."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from openapi_core.exceptions import OpenAPIError
from sqlalchemy import select

from coopassess.db import db_session
from coopassess.demo.responses import DemoOrganisation
from coopassess.models import AuditEvent, Campaign, Organisation
from tests.fixtures.accounts import login, make_user
from tests.fixtures.api import bearer, conforms, conforms_to_component, make_token
from tests.fixtures.portfolio import add_responses, organisation_with_campaigns

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def portfolio(app: Flask) -> dict[str, int]:
    """Organisation A (a campaign with 4 responses, one with 2), organisation B (5), and
    accounts: an admin, A's referent, a consultant assigned to A, an unassigned consultant."""
    org_a, (shown, below) = organisation_with_campaigns(app, "Organisation A", (4, 2))
    org_b, (other,) = organisation_with_campaigns(app, "Organisation B", (5,))
    ids = {"org_a": org_a, "org_b": org_b, "shown": shown, "below": below, "other": other}
    ids["admin"] = make_user(app, "admin@example.fr", "admin")
    ids["referent"] = make_user(app, "ref@example.fr", "referent", organisation_id=org_a)
    ids["consultant"] = make_user(app, "conseil@example.fr", "consultant", assigned=(org_a,))
    ids["alone"] = make_user(app, "seul@example.fr", "consultant")
    return ids


def _signed_in(app: Flask, email: str) -> object:
    client = app.test_client()
    login(client, email)
    return client


def _audit(app: Flask, action: str) -> list[tuple[int | None, str | None]]:
    """(actor, target) of the audit events of ``action``."""
    with app.app_context():
        query = select(AuditEvent.actor_id, AuditEvent.target).where(AuditEvent.action == action)
        return [tuple(row) for row in db_session().execute(query)]


def test_results_are_exactly_the_results_json(
    app: Flask, runner: FlaskCliRunner, portfolio: dict[str, int]
) -> None:
    admin = _signed_in(app, "admin@example.fr")
    answer = conforms(admin, admin.get(f"/api/v1/campaigns/{portfolio['shown']}/results"))
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    assert answer.headers["Cache-Control"] == "private, no-store"
    cli = runner.invoke(args=["campaign", "results", str(portfolio["shown"])])
    assert cli.exit_code == 0, cli.output
    assert answer.json == json.loads(cli.output)
    assert answer.json["n_respondents"] == 4 and len(answer.json["respondents"]) == 4
    assert answer.json["questionnaires"]["COOP"]["index"]["code"] == "IMC"


def test_etag_answers_304_until_the_results_change(app: Flask, portfolio: dict[str, int]) -> None:
    admin = _signed_in(app, "admin@example.fr")
    path = f"/api/v1/campaigns/{portfolio['shown']}/results"
    first = conforms(admin, admin.get(path))
    etag = first.headers["ETag"]
    again = conforms(admin, admin.get(path, headers={"If-None-Match": etag}))
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    weak = admin.get(path, headers={"If-None-Match": f"W/{etag}"})
    assert conforms(admin, weak).status_code == 304
    referent = _signed_in(app, "ref@example.fr")
    # The referent's body differs (no respondents): the admin's ETag is not theirs.
    assert referent.get(path, headers={"If-None-Match": etag}).status_code == 200
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, portfolio["shown"])
        spec = DemoOrganisation(
            name="Organisation A",
            kind="territoire",
            structure_type="Commune",
            region="Bretagne",
            demarche=campaign.demarche,
            slug=campaign.slug + "-plus",
            modules=("COOP",),
            maturity=3.0,
            respondents=1,
            structures=("Commune",),
        )
        add_responses(session, campaign, spec, 1)
        session.commit()
    changed = conforms(admin, admin.get(path, headers={"If-None-Match": etag}))
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert changed.json["n_respondents"] == 5


def test_referent_gets_the_results_without_per_respondent_scores(
    app: Flask, portfolio: dict[str, int]
) -> None:
    path = f"/api/v1/campaigns/{portfolio['shown']}/results"
    referent = _signed_in(app, "ref@example.fr")
    theirs = conforms(referent, referent.get(path))
    assert theirs.status_code == 200 and "respondents" not in theirs.json
    consultant = _signed_in(app, "conseil@example.fr")
    full = conforms(consultant, consultant.get(path)).json
    assert len(full.pop("respondents")) == 4
    assert theirs.json == full


def test_below_the_minimum_no_figure_is_shown(app: Flask, portfolio: dict[str, int]) -> None:
    admin = _signed_in(app, "admin@example.fr")
    answer = conforms(admin, admin.get(f"/api/v1/campaigns/{portfolio['below']}/results"))
    assert answer.status_code == 409
    error = answer.json["error"]
    assert error["n_respondents"] == 2 and error["min_respondents"] == 3
    assert "au moins 3" in error["message"]
    assert "questionnaires" not in answer.get_data(as_text=True)
    assert answer.headers["Cache-Control"] == "private, no-store" and "ETag" not in answer.headers


def test_unknown_campaign_is_404(app: Flask, portfolio: dict[str, int]) -> None:
    admin = _signed_in(app, "admin@example.fr")
    answer = conforms(admin, admin.get("/api/v1/campaigns/999999/results"))
    assert answer.status_code == 404 and answer.json["error"]["code"] == 404


def test_anonymous_callers_get_401_json(app: Flask, portfolio: dict[str, int]) -> None:
    anonymous = app.test_client()
    for path in ("/api/v1/campaigns", f"/api/v1/campaigns/{portfolio['shown']}/results"):
        answer = conforms(anonymous, anonymous.get(path))
        assert answer.status_code == 401 and answer.mimetype == "application/json"
        assert answer.headers["WWW-Authenticate"] == 'Bearer realm="CoopAssess"'
        assert "questionnaires" not in answer.get_data(as_text=True)


@pytest.mark.parametrize(
    ("email", "account"),
    [
        ("ref@example.fr", "referent"),
        ("conseil@example.fr", "consultant"),
        ("seul@example.fr", "alone"),
    ],
)
def test_other_organisations_are_forbidden(
    app: Flask, portfolio: dict[str, int], email: str, account: str
) -> None:
    user_id = portfolio[account]
    by_session = _signed_in(app, email)
    by_token = app.test_client()
    headers = bearer(make_token(app, user_id))
    for client, extra in ((by_session, {}), (by_token, headers)):
        answer = conforms(
            client, client.get(f"/api/v1/campaigns/{portfolio['other']}/results", headers=extra)
        )
        assert answer.status_code == 403 and answer.json["error"]["code"] == 403
        listing = conforms(client, client.get("/api/v1/campaigns", headers=extra)).json
        assert "Organisation B" not in json.dumps(listing)
    denied = _audit(app, "permission.denied")
    assert denied == [(user_id, f"organisation:{portfolio['org_b']}")] * 2


def test_campaign_list_is_paginated_and_filtered(app: Flask, portfolio: dict[str, int]) -> None:
    admin = _signed_in(app, "admin@example.fr")
    everything = conforms(admin, admin.get("/api/v1/campaigns")).json
    assert everything["total"] == 3 and everything["pages"] == 1 and everything["per_page"] == 25
    assert [c["id"] for c in everything["campaigns"]] == sorted(
        [portfolio["shown"], portfolio["below"], portfolio["other"]]
    )
    shown = next(c for c in everything["campaigns"] if c["id"] == portfolio["shown"])
    results = admin.get(f"/api/v1/campaigns/{portfolio['shown']}/results").json
    coop = results["questionnaires"]["COOP"]["index"]
    assert (shown["imc"], shown["level"]) == (coop["score"], coop["level"])
    assert shown["respondents"] == 4 and shown["organisation"]["name"] == "Organisation A"
    below = next(c for c in everything["campaigns"] if c["id"] == portfolio["below"])
    assert below["respondents"] == 2 and below["imc"] is None and below["level"] is None
    second = conforms(admin, admin.get("/api/v1/campaigns?per_page=2&page=2")).json
    assert (second["page"], second["pages"], len(second["campaigns"])) == (2, 2, 1)
    assert second["campaigns"][0]["id"] == everything["campaigns"][2]["id"]
    only_b = conforms(admin, admin.get(f"/api/v1/campaigns?organisation_id={portfolio['org_b']}"))
    assert [c["id"] for c in only_b.json["campaigns"]] == [portfolio["other"]]
    for query in ("per_page=101", "per_page=0", "page=-1", "page=x", "organisation_id=a"):
        refused = conforms(admin, admin.get(f"/api/v1/campaigns?{query}"))
        assert refused.status_code == 400, query
        assert refused.json["error"]["message"].startswith("«"), query


def test_each_role_lists_what_the_pages_show(app: Flask, portfolio: dict[str, int]) -> None:
    for email, expected in (
        ("ref@example.fr", {portfolio["shown"], portfolio["below"]}),
        ("conseil@example.fr", {portfolio["shown"], portfolio["below"]}),
        ("seul@example.fr", set()),
    ):
        client = _signed_in(app, email)
        listing = conforms(client, client.get("/api/v1/campaigns")).json
        assert {c["id"] for c in listing["campaigns"]} == expected, email
        assert listing["total"] == len(expected)
        other = f"/api/v1/campaigns?organisation_id={portfolio['org_b']}"
        assert conforms(client, client.get(other)).json["campaigns"] == []


def test_an_xss_payload_comes_back_as_a_plain_json_string(
    app: Flask, portfolio: dict[str, int]
) -> None:
    with app.app_context():
        session = db_session()
        session.get(Campaign, portfolio["shown"]).demarche = XSS
        session.get(Organisation, portfolio["org_a"]).name = XSS
        session.commit()
    referent = _signed_in(app, "ref@example.fr")
    answer = conforms(referent, referent.get("/api/v1/campaigns"))
    assert answer.mimetype == "application/json"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    mine = next(c for c in answer.json["campaigns"] if c["id"] == portfolio["shown"])
    assert mine["demarche"] == XSS and mine["organisation"]["name"] == XSS
    assert "&lt;" not in answer.get_data(as_text=True)


def test_the_api_is_read_only(app: Flask, portfolio: dict[str, int]) -> None:
    """Other methods get 405 JSON, before any CSRF check (a session may be present)."""
    app.config["WTF_CSRF_ENABLED"] = True
    admin = _signed_in(app, "admin@example.fr")
    token = bearer(make_token(app, portfolio["admin"]))
    for method in ("post", "put", "patch", "delete"):
        for path in ("/api/v1/campaigns", f"/api/v1/campaigns/{portfolio['shown']}/results"):
            for headers in ({}, token):
                answer = getattr(admin, method)(path, headers=headers)
                assert answer.status_code == 405, (method, path)
                assert answer.mimetype == "application/json"
                conforms_to_component(admin, answer.json, "Error")


def test_the_checker_refuses_a_body_off_the_document(app: Flask, portfolio: dict[str, int]) -> None:
    """The validator is not a rubber stamp: a level outside N1–N5 fails."""
    admin = _signed_in(app, "admin@example.fr")
    answer = admin.get(f"/api/v1/campaigns/{portfolio['shown']}/results")
    body = answer.json
    body["questionnaires"]["COOP"]["index"]["level"] = "N9"
    answer.set_data(json.dumps(body))
    with pytest.raises(OpenAPIError):
        conforms(admin, answer)
    listing = admin.get("/api/v1/campaigns")
    listing.set_data(json.dumps({**listing.json, "campaigns": [{"id": "un"}]}))
    with pytest.raises(OpenAPIError):
        conforms(admin, listing)
