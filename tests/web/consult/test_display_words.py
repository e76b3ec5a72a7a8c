"""What an élu reads on the pages (issue 15): one decimal with a comma, « Avis nuancés » with
its legend; the JSON API keeps the contract's values (« Avis partagés »)."""

from __future__ import annotations

import re

from flask import Flask

from tests.fixtures.accounts import login, make_user
from tests.fixtures.portfolio import organisation_with_campaigns

CONTRACT = {"Consensus", "Avis partagés", "Désaccord", None}


def test_pages_show_the_display_rule_and_the_api_keeps_the_contract(app: Flask) -> None:
    _, (campaign_id,) = organisation_with_campaigns(
        app, "Agglo des Rives", (6,), modules=("COOP", "VAL")
    )
    make_user(app, "admin@example.fr", "admin")
    client = app.test_client()
    assert login(client, "admin@example.fr").status_code == 302
    html = client.get(f"/campagnes/{campaign_id}").get_data(as_text=True)
    assert "Avis partagés" not in html
    assert "Lire la colonne « Accord »" in html and "<dt>Avis nuancés</dt>" in html
    assert "Lire la colonne « Lecture »" in html and "<dt>Valeur inattendue</dt>" in html
    scores = re.findall(r'<td class="num">([^<]+)</td>', html)
    odd = [s for s in scores if not re.fullmatch(r"[+−]?\d{1,3},\d|\d+", s)]
    assert scores and not odd, odd
    assert re.search(r'<td class="num">[+−]\d+,\d</td>', html)  # VAL gaps are signed
    body = client.get(f"/api/v1/campaigns/{campaign_id}/results").get_json()
    agreements = {d["agreement"] for d in body["questionnaires"]["COOP"]["dimensions"].values()}
    assert agreements <= CONTRACT
