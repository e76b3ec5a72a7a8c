"""The dashboard's « Actions en retard » filter: organisations with an open action past its
due date, combined with the other filters and the portfolio export, one query whatever the
number of organisations, each user seeing only their organisations."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import time_machine
from flask import Flask
from flask.testing import FlaskClient

from tests.fixtures.accounts import login, make_user
from tests.fixtures.followup import add_action
from tests.fixtures.portfolio import organisation_with_campaigns
from tests.fixtures.queries import statements

TODAY = "2025-06-16 10:00:00+02:00"


def _names(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/organisations/\d+">([^<]+)</a>', html)


def _client(app: Flask, email: str, role: str = "admin", **user: object) -> FlaskClient:
    make_user(app, email, role, **user)
    client = app.test_client()
    login(client, email)
    return client


def _portfolio(app: Flask) -> dict[str, int]:
    late, (l0, l1) = organisation_with_campaigns(app, "Ville en retard", (4, 4))
    add_action(app, l1, "Échue", due_on=date(2025, 6, 15))
    add_action(app, l0, "Échue aussi", status="in_progress", due_on=date(2025, 1, 1))
    add_action(app, l1, "Pas encore", due_on=date(2025, 6, 16))
    on_time, (o0,) = organisation_with_campaigns(app, "Ville à l'heure", (4,), region="Occitanie")
    add_action(app, o0, "À venir", due_on=date(2025, 12, 1))
    add_action(app, o0, "Faite après l'échéance", status="done", due_on=date(2025, 1, 1))
    add_action(app, o0, "Abandonnée", status="dropped", due_on=date(2025, 1, 1))
    carried, (c0, c1) = organisation_with_campaigns(app, "Ville qui reprend", (4, 4))
    # The original stays open in T0, its copy (the one followed) is done: not late.
    original = add_action(app, c0, "Reprise", due_on=date(2025, 1, 1))
    add_action(app, c1, "Reprise", status="done", due_on=date(2025, 1, 1), carried_from_id=original)
    other_late, (x0,) = organisation_with_campaigns(
        app, "Bourg en retard", (4,), region="Occitanie"
    )
    add_action(app, x0, "Échue", due_on=date(2025, 3, 1))
    return {"late": late, "on_time": on_time, "carried": carried, "other": other_late}


@time_machine.travel(TODAY, tick=False)
def test_the_filter_keeps_organisations_with_overdue_actions(app: Flask) -> None:
    ids = _portfolio(app)
    client = _client(app, "admin@example.fr")
    everything = client.get("/tableau-de-bord").get_data(as_text=True)
    assert len(_names(everything)) == 4
    assert 'name="retard" value="1" >' in everything  # not ticked
    late = client.get("/tableau-de-bord?retard=1").get_data(as_text=True)
    assert _names(late) == ["Bourg en retard", "Ville en retard"]
    assert 'name="retard" value="1" checked' in late
    row = re.search(r"Ville en retard</a>.*?</tr>", late, re.S).group(0)
    assert '<span class="status status-failed">2</span>' in row  # two overdue, one due today
    # Combined with the other filters.
    both = client.get("/tableau-de-bord?retard=1&region=Occitanie").get_data(as_text=True)
    assert _names(both) == ["Bourg en retard"]
    # The export lists the same organisations.
    export = client.get("/exports/resultats.csv?retard=1").get_data(as_text=True)
    rows = csv.reader(io.StringIO(export.lstrip("\ufeff")), delimiter=";")
    organisations = {row[0] for row in rows}
    assert "Ville en retard" in organisations and "Bourg en retard" in organisations
    assert "Ville à l'heure" not in organisations and "Ville qui reprend" not in organisations
    assert f'href="/organisations/{ids["late"]}"' in late


@time_machine.travel(TODAY, tick=False)
def test_a_consultant_sees_only_the_assigned_organisations(app: Flask) -> None:
    ids = _portfolio(app)
    client = _client(
        app, "conseil@example.fr", "consultant", assigned=(ids["late"], ids["on_time"])
    )
    assert _names(client.get("/tableau-de-bord?retard=1").get_data(as_text=True)) == [
        "Ville en retard"
    ]
    export = client.get("/exports/resultats.csv?retard=1").get_data(as_text=True)
    assert "Bourg en retard" not in export


@time_machine.travel(TODAY, tick=False)
def test_the_filter_costs_no_query_per_organisation(app: Flask) -> None:
    client = _client(app, "admin@example.fr")
    _portfolio(app)
    few = statements(app, client, "/tableau-de-bord?retard=1")
    for number in range(12):
        _, (campaign,) = organisation_with_campaigns(app, f"Commune {number}", (3,))
        add_action(app, campaign, "Échue", due_on=date(2025, 2, 1))
        add_action(app, campaign, "Échue aussi", due_on=date(2025, 3, 1))
    html = client.get("/tableau-de-bord?retard=1").get_data(as_text=True)
    assert "14 organisations" in html
    assert statements(app, client, "/tableau-de-bord?retard=1") == few
