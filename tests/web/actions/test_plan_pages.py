"""The action plan pages: who may write which plan, the forms (CSRF, French messages, typed
values kept), suggestions added or set aside, the history, the campaign page's table, the
CSV/XLSX files and the escaping of everything typed."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import func, select

from coopassess.db import db_session
from coopassess.models import Action, ActionStatusChange, AuditEvent, DismissedSuggestion
from tests.fixtures.accounts import login, make_user
from tests.fixtures.portfolio import organisation_with_campaigns

XSS = '<script>alert("x")</script>'
FORMULA = '=HYPERLINK("http://evil.example","clic")'


@pytest.fixture
def plan(app: Flask) -> dict[str, int]:
    """Organisation A (a campaign with 4 responses), organisation B (one with 4), an admin, A's
    referent, a consultant assigned to A, one assigned to nobody."""
    org_a, (campaign_a,) = organisation_with_campaigns(app, "Organisation A", (4,), maturity=2.0)
    _, (campaign_b,) = organisation_with_campaigns(app, "Organisation B", (4,))
    ids = {"org_a": org_a, "a": campaign_a, "b": campaign_b}
    ids["admin"] = make_user(app, "admin@example.fr", "admin")
    ids["referent"] = make_user(app, "ref@example.fr", "referent", organisation_id=org_a)
    ids["consultant"] = make_user(app, "conseil@example.fr", "consultant", assigned=(org_a,))
    ids["alone"] = make_user(app, "seul@example.fr", "consultant")
    return ids


def _signed_in(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    login(client, email)
    return client


def _text(response: object) -> str:
    """The page as read: entities decoded, no-break spaces as spaces."""
    text = unescape(response.get_data(as_text=True))
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _form(**changes: str) -> dict[str, str]:
    form = {
        "title": "Rendre visible la charge de travail",
        "dimension": "COOP.VIT",
        "description": "Tableau de qui fait quoi.",
        "owner": "Service développement",
        "due_on": "2027-06-30",
        "status": "planned",
        "notes": "",
        "source": "",
    }
    form.update(changes)
    return form


def _actions(app: Flask, campaign_id: int) -> list[Action]:
    with app.app_context():
        session = db_session()
        found = session.scalars(select(Action).where(Action.campaign_id == campaign_id)).all()
        session.expunge_all()
        return list(found)


def test_role_walk(app: Flask, plan: dict[str, int]) -> None:
    """The referent writes their organisation's plan only; a consultant those of the
    organisations assigned to them; the admin every plan. Others are refused (403, logged)."""
    for email, campaign, allowed in (
        ("ref@example.fr", "a", True),
        ("ref@example.fr", "b", False),
        ("conseil@example.fr", "a", True),
        ("conseil@example.fr", "b", False),
        ("seul@example.fr", "a", False),
        ("admin@example.fr", "b", True),
    ):
        client = _signed_in(app, email)
        path = f"/campagnes/{plan[campaign]}/plan-d-action"
        before = len(_actions(app, plan[campaign]))
        page = client.get(path)
        added = client.post(path, data=_form(title=f"Action de {email}"))
        if allowed:
            assert page.status_code == 200, (email, campaign)
            assert added.status_code == 302, (email, campaign)
            assert len(_actions(app, plan[campaign])) == before + 1
        else:
            assert page.status_code == 403 and added.status_code == 403, (email, campaign)
            assert len(_actions(app, plan[campaign])) == before
    # Editing and deleting an action of another organisation's plan: refused the same way.
    action = _actions(app, plan["b"])[0]
    referent = _signed_in(app, "ref@example.fr")
    base = f"/campagnes/{plan['b']}/plan-d-action/{action.id}"
    assert referent.get(base).status_code == 403
    assert referent.post(base, data=_form(title="Piraté")).status_code == 403
    assert referent.post(f"{base}/suppression").status_code == 403
    # An action id under another campaign's plan is not found there.
    wrong = f"/campagnes/{plan['a']}/plan-d-action/{action.id}"
    assert referent.get(wrong).status_code == 404
    assert referent.post(f"{wrong}/suppression").status_code == 404
    assert _actions(app, plan["b"])[0].title == action.title
    anonymous = app.test_client()
    assert anonymous.get(f"/campagnes/{plan['a']}/plan-d-action").status_code == 302
    with app.app_context():
        denied = db_session().scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == "permission.denied")
        )
        assert denied >= 6


def test_posts_need_csrf(app: Flask, plan: dict[str, int]) -> None:
    admin = _signed_in(app, "admin@example.fr")
    base = f"/campagnes/{plan['a']}/plan-d-action"
    admin.post(base, data=_form())
    action = _actions(app, plan["a"])[0]
    app.config["WTF_CSRF_ENABLED"] = True
    for url, data in (
        (base, _form(title="Sans jeton")),
        (f"{base}/{action.id}", _form(title="Sans jeton")),
        (f"{base}/{action.id}/suppression", {}),
        (f"{base}/suggestions/ecarter", {"source": "priorite:COOP.VIT"}),
        (f"{base}/suggestions/retablir", {}),
    ):
        assert admin.post(url, data=data).status_code == 400, url
    app.config["WTF_CSRF_ENABLED"] = False
    assert [a.title for a in _actions(app, plan["a"])] == [action.title]


def test_refused_input_keeps_what_was_typed(app: Flask, plan: dict[str, int]) -> None:
    admin = _signed_in(app, "admin@example.fr")
    base = f"/campagnes/{plan['a']}/plan-d-action"
    refused = admin.post(
        base,
        data=_form(
            title="  ",
            due_on="31/02/2027",
            notes="n" * 5001,
            owner="Direction de la cohésion",
            dimension="TER.RSC",  # TER is not a questionnaire of this campaign
            status="fini",
        ),
    )
    assert refused.status_code == 400
    html = _text(refused)
    assert "Donnez un intitulé à l'action." in html
    assert "L'échéance est une date (JJ/MM/AAAA)" in html
    assert "Les notes tiennent en 5000 caractères au plus." in html
    assert "Choisissez une dimension des questionnaires." in html
    assert "Choisissez un statut" in html
    assert 'value="Direction de la cohésion"' in html and 'value="31/02/2027"' in html
    assert "n" * 5001 in html
    too_long = admin.post(base, data=_form(title="t" * 201))
    assert too_long.status_code == 400
    assert "L'intitulé tient en 200 caractères au plus." in _text(too_long)
    assert _actions(app, plan["a"]) == []
    # A date typed by hand (JJ/MM/AAAA) is read as well as the date input's.
    assert admin.post(base, data=_form(due_on="15/09/2027")).status_code == 302
    assert _actions(app, plan["a"])[0].due_on == date(2027, 9, 15)


def test_status_history_and_done_at(app: Flask, plan: dict[str, int]) -> None:
    consultant = _signed_in(app, "conseil@example.fr")
    base = f"/campagnes/{plan['a']}/plan-d-action"
    consultant.post(base, data=_form())
    action = _actions(app, plan["a"])[0]
    assert action.status == "planned" and action.done_at is None
    edit = f"{base}/{action.id}"
    assert consultant.post(edit, data=_form(status="in_progress")).status_code == 302
    assert consultant.post(edit, data=_form(status="done")).status_code == 302
    assert _actions(app, plan["a"])[0].done_at is not None
    referent = _signed_in(app, "ref@example.fr")
    assert referent.post(edit, data=_form(status="in_progress", notes="Repris")).status_code == 302
    reloaded = _actions(app, plan["a"])[0]
    assert reloaded.done_at is None and reloaded.notes == "Repris"
    with app.app_context():
        changes = db_session().execute(
            select(ActionStatusChange.from_status, ActionStatusChange.to_status)
            .where(ActionStatusChange.action_id == action.id)
            .order_by(ActionStatusChange.id)
        )
        assert [tuple(c) for c in changes] == [
            (None, "planned"),
            ("planned", "in_progress"),
            ("in_progress", "done"),
            ("done", "in_progress"),
        ]
    page = _text(referent.get(base))
    assert "Passée de « à lancer » à « en cours » par conseil@example.fr le" in page
    assert "Passée de « faite » à « en cours » par ref@example.fr le" in page
    # Saving without a change adds no history line and no audit event.
    consultant.post(edit, data=_form(status="in_progress", notes="Repris"))
    with app.app_context():
        session = db_session()
        assert session.scalar(select(func.count(ActionStatusChange.id))) == 4
        logged = session.scalars(
            select(AuditEvent.action).where(AuditEvent.action.like("action.%"))
        )
        assert sorted(logged) == [
            "action.create",
            "action.update",
            "action.update",
            "action.update",
        ]
    assert consultant.get(f"{edit}/suppression").status_code == 200
    assert consultant.post(f"{edit}/suppression").status_code == 302
    assert _actions(app, plan["a"]) == []
    with app.app_context():
        session = db_session()
        assert session.scalar(select(func.count(ActionStatusChange.id))) == 0
        assert (
            session.scalar(
                select(func.count(AuditEvent.id)).where(AuditEvent.action == "action.delete")
            )
            == 1
        )


def test_suggestions_added_then_not_offered_again(app: Flask, plan: dict[str, int]) -> None:
    admin = _signed_in(app, "admin@example.fr")
    base = f"/campagnes/{plan['a']}/plan-d-action"
    page = admin.get(base).get_data(as_text=True)
    sources = re.findall(r'suggestion=([^"#&]+)', page)
    assert sources and sources[0].startswith("priorite:COOP.")
    first = sources[0]
    prefilled = admin.get(f"{base}?suggestion={first}").get_data(as_text=True)
    assert f'name="source" value="{first}"' in prefilled
    assert "Formulaire prérempli" in prefilled
    title = re.search(r'id="title" name="title" value="([^"]*)"', prefilled).group(1)
    assert title.startswith("Progresser sur")
    # The person edits the suggestion before adding it.
    added = admin.post(
        base, data=_form(title="Notre version", dimension=first.split(":")[1], source=first)
    )
    assert added.status_code == 302
    assert _actions(app, plan["a"])[0].source == first
    again = admin.get(base).get_data(as_text=True)
    assert f"suggestion={first}#" in page and f"suggestion={first}#" not in again
    # A suggestion already on the plan is not recorded twice as a source.
    admin.post(base, data=_form(title="Deuxième", source=first))
    assert [a.source for a in _actions(app, plan["a"]) if a.title == "Deuxième"] == [None]
    # Set aside: remembered for this campaign, until offered again.
    second = re.findall(r'name="source" value="([^"]+)"', again)
    second = [source for source in second if source]
    assert second
    assert admin.post(f"{base}/suggestions/ecarter", data={"source": second[0]}).status_code == 302
    after = admin.get(base).get_data(as_text=True)
    assert f'name="source" value="{second[0]}"' not in after
    assert "1 suggestion écartée." in _text(admin.get(base))
    assert (
        admin.post(f"{base}/suggestions/ecarter", data={"source": "alerte:INVENTEE"}).status_code
        == 400
    )
    assert admin.post(f"{base}/suggestions/retablir").status_code == 302
    assert f'name="source" value="{second[0]}"' in admin.get(base).get_data(as_text=True)
    with app.app_context():
        assert db_session().scalar(select(func.count(DismissedSuggestion.id))) == 0


def test_campaign_page_shows_the_plan(app: Flask, plan: dict[str, int]) -> None:
    referent = _signed_in(app, "ref@example.fr")
    campaign_page = f"/campagnes/{plan['a']}"
    empty = _text(referent.get(campaign_page))
    assert "Aucune action n'est encore inscrite au plan." in empty
    assert "Construire le plan d'action" in empty
    base = f"{campaign_page}/plan-d-action"
    yesterday = (date.today() - timedelta(days=2)).isoformat()
    referent.post(base, data=_form(title="En retard", due_on=yesterday))
    referent.post(base, data=_form(title="Faite hier", due_on=yesterday, status="done"))
    referent.post(base, data=_form(title="Pour toute la démarche", dimension="", due_on=""))
    html = _text(referent.get(campaign_page))
    table = html[html.index('id="plan-d-action"') :]
    assert "En retard" in table and "Énergie et épanouissement" in table
    assert "La démarche dans son ensemble" in table
    assert table.count("en retard</span>") == 1  # the done one is not late
    assert "« faite »" not in table and ">faite<" in table


def test_everything_typed_is_escaped(app: Flask, plan: dict[str, int]) -> None:
    admin = _signed_in(app, "admin@example.fr")
    base = f"/campagnes/{plan['a']}/plan-d-action"
    nasty = _form(
        title=f"{XSS} titre",
        description=f"{FORMULA}\nseconde ligne\x0b",
        owner=FORMULA,
        notes=f"{XSS}\x01",
    )
    assert admin.post(base, data=nasty).status_code == 302
    for path in (base, f"/campagnes/{plan['a']}"):
        html = admin.get(path).get_data(as_text=True)
        assert XSS not in html and "&lt;script&gt;" in html
    action = _actions(app, plan["a"])[0]
    assert XSS not in admin.get(f"{base}/{action.id}").get_data(as_text=True)
    text = admin.get(f"{base}/export.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == [
        "Dimension",
        "Action",
        "Description",
        "Porteur",
        "Échéance",
        "Statut",
        "En retard",
        "Notes",
        "Créée le",
        "Mise à jour le",
        "Faite le",
    ]
    assert rows[1][3] == "'" + FORMULA and rows[1][2].startswith("'=")
    assert rows[1][4] == "30/06/2027" and rows[1][5] == "à lancer"
    download = admin.get(f"{base}/export.xlsx")
    assert download.status_code == 200
    assert "plan-d-action-organisation-a" in download.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(download.data))
    sheet = workbook["Plan d'action"]
    assert sheet["A1"].value == "Dimension"
    assert sheet["D2"].value == "'" + FORMULA and sheet["D2"].data_type == "s"
    assert "\x01" not in sheet["H2"].value and "\x0b" not in sheet["C2"].value
    assert sheet["E2"].value.date() == date(2027, 6, 30)
    with app.app_context():
        kinds = db_session().execute(select(AuditEvent.detail).where(AuditEvent.action == "export"))
        assert [d["kind"] for (d,) in kinds] == ["actions", "actions"]
