"""The shipped questionnaires load, and say exactly what the design's instrument.json says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coopassess.instrument.registry import default_registry
from coopassess.instrument.schema import Instrument

DESIGN = Path(__file__).resolve().parents[3] / "docs" / "spec" / "instrument.json"


@pytest.fixture(scope="module")
def instrument() -> Instrument:
    return default_registry().current()


@pytest.fixture(scope="module")
def design() -> dict:
    if not DESIGN.is_file():
        pytest.skip(f"design file not found at {DESIGN}")
    return json.loads(DESIGN.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("qid", "dimensions", "items", "reverse"),
    [("COOP", 8, 40, 12), ("ACH", 4, 20, 4), ("TER", 5, 23, 4), ("VAL", 8, 21, 0)],
)
def test_counts(
    instrument: Instrument, qid: str, dimensions: int, items: int, reverse: int
) -> None:
    questionnaire = instrument.questionnaires[qid]
    assert len(questionnaire.dimensions) == dimensions
    assert len(questionnaire.items) == items
    assert sum(item.reverse for item in questionnaire.items) == reverse


def test_content_hash_is_stable(instrument: Instrument) -> None:
    from coopassess.instrument.loader import load_instrument
    from coopassess.paths import questionnaires_dir

    again = load_instrument(questionnaires_dir())
    assert again.content_hash == instrument.content_hash
    assert len(instrument.content_hash) == 64


def _design_items(design: dict) -> list[dict]:
    return [
        item
        for questionnaire in design["questionnaires"]
        for dimension in questionnaire["dimensions"]
        for item in dimension["items"]
    ]


def test_every_design_item_is_shipped_identically(instrument: Instrument, design: dict) -> None:
    items = _design_items(design)
    assert len(items) == len(instrument.items_by_id) == 104
    for expected in items:
        item = instrument.items_by_id[expected["id"]]
        assert item.dimension == expected["dimension"]
        assert item.order == expected["ordre"]
        assert item.type == expected["type"]
        assert item.reverse is expected["inverse"]
        assert item.weight == expected["poids"]
        assert item.variant_by == expected["variante_selon"]
        assert {key: text.fr for key, text in item.text.items()} == expected["texte"]
        assert (item.help.fr if item.help else None) == expected.get("aide")
        assert list(item.seed) == expected["seed"]
        if item.type == "double":
            assert [(r.key, r.scale) for r in item.ratings] == [
                (n["cle"], n["echelle"]) for n in expected["notations"]
            ]
        else:
            assert item.scale == expected["echelle"]


def test_dimensions_texts_levels_and_parameters(instrument: Instrument, design: dict) -> None:
    for questionnaire in design["questionnaires"]:
        shipped = instrument.questionnaires[questionnaire["id"]]
        assert shipped.title.fr == questionnaire["titre"]
        assert shipped.intro.fr == questionnaire["intro"]
        for expected in questionnaire["dimensions"]:
            dimension = instrument.dimensions_by_id[expected["id"]]
            assert dimension.label.fr == expected["libelle"]
            assert dimension.description.fr == expected["description"]
            assert dimension.min_valid == expected["min_valid"]
            assert {k: v.fr for k, v in dimension.recommendations.items()} == expected.get(
                "recommandations", {}
            )
            priority = dimension.priority_text.fr if dimension.priority_text else None
            assert priority == expected.get("recommandation_priorite")
    assert [(lvl.code, lvl.name.fr, lvl.lower) for lvl in instrument.levels] == [
        (lvl["code"], lvl["nom"], lvl["borne_inf_incluse"]) for lvl in design["niveaux"]
    ]
    for code, text in design["alertes"].items():
        assert instrument.flags[code].title.fr == text["titre"]
        assert instrument.flags[code].text.fr == text["texte"]
    parameters = design["parametres"]
    assert instrument.parameters.ad_disagreement_raw == parameters["ad_seuil_desaccord_brut"]
    assert instrument.parameters.nsp_alert_rate == parameters["taux_nsp_alerte"]
    assert instrument.parameters.subgroup_gap_points == parameters["ecart_sous_groupes_points"]
    for scale_id, scale in design["echelles"].items():
        assert [o.label.fr for o in instrument.scales[scale_id].options] == [
            o["libelle"] for o in scale["options"]
        ]
    assert [(q.id, [o.value for o in q.options]) for q in instrument.profile] == [
        (q["id"], q["options"]) for q in design["profil"]
    ]


def test_instrument_level_texts_and_structures(instrument: Instrument, design: dict) -> None:
    parameters = design["parametres"]
    assert instrument.parameters.model_dump() == {
        "ad_disagreement_raw": parameters["ad_seuil_desaccord_brut"],
        "ad_consensus_raw": parameters["ad_seuil_consensus_brut"],
        "min_respondents_aggregate": parameters["min_repondants_agregat"],
        "subgroup_gap_points": parameters["ecart_sous_groupes_points"],
        "nsp_alert_rate": parameters["taux_nsp_alerte"],
        "risk_signalled_share": parameters["part_risque_signale"],
        "fragmented_vision_min_dimensions": parameters["vision_fragmentee_min_dims_desaccord"],
        "notable_change_points": parameters["evolution_notable_points"],
        "benchmark_min_organisations": 10,
    }
    assert [(lvl.code, lvl.lower, lvl.upper, lvl.description.fr) for lvl in instrument.levels] == [
        (
            lvl["code"],
            lvl["borne_inf_incluse"],
            lvl["borne_sup_exclue"] or 100.0,
            lvl["description"],
        )
        for lvl in design["niveaux"]
    ]
    assert set(instrument.flags) == set(design["alertes"])
    for code, text in design["alertes_repondant"].items():
        assert instrument.respondent_flags[code].title.fr == text["titre"]
        assert instrument.respondent_flags[code].rule.fr == text["regle"]
    assert set(instrument.respondent_flags) == set(design["alertes_repondant"])
    for code, special in design["codes_speciaux"].items():
        assert instrument.special_codes[code].label.fr == special["libelle"]
        assert instrument.special_codes[code].usage.fr == special["usage"]
    quadrants = design["valeurs_quadrants"]
    assert instrument.quadrants.threshold == quadrants["seuil"]
    assert instrument.quadrants.text_unexpected.fr == quadrants["texte_valeur_inattendue"]
    assert instrument.quadrants.text_acquired.fr == quadrants["texte_acquis"]
    public = design["regle_variante"]["structures_publiques"]
    assert list(instrument.public_structures) == public
    assert [(i.id, i.family, i.label.fr, i.unit, list(i.seed)) for i in instrument.indicators] == [
        (i["id"], i["famille"], i["libelle"], i["unite"], i["seed"])
        for i in design["indicateurs_declaratifs"]
    ]
    assert [(r.id, r.title.fr, list(r.axes), r.index) for r in instrument.radars] == [
        (r["id"], r["titre"], r["axes"], r["indice"]) for r in design["radars"]
    ]
    for scale_id, scale in design["echelles"].items():
        shipped = instrument.scales[scale_id]
        assert shipped.label.fr == scale["libelle"]
        assert list(shipped.special_codes) == scale["codes_speciaux"]
    for question in design["profil"]:
        shipped = next(q for q in instrument.profile if q.id == question["id"])
        assert shipped.question.fr == question["question"]


def test_questionnaire_headers(instrument: Instrument, design: dict) -> None:
    for expected in design["questionnaires"]:
        shipped = instrument.questionnaires[expected["id"]]
        assert shipped.duration_min == expected["duree_min"]
        assert expected["statut"].endswith(shipped.status) or shipped.status in expected["statut"]
        if expected["indice"] is None:
            assert shipped.index is None
        else:
            assert shipped.index is not None
            assert shipped.index.code == expected["indice"]["code"]
            assert shipped.index.label.fr == expected["indice"]["libelle"]
            assert shipped.index.min_valid_dimensions == expected["indice"]["min_dims_valides"]
        assert (shipped.stem_observed.fr if shipped.stem_observed else None) == expected.get(
            "stem_constate"
        )
        assert (shipped.stem_expected.fr if shipped.stem_expected else None) == expected.get(
            "stem_attendu"
        )
        for dimension in expected["dimensions"]:
            assert instrument.dimensions_by_id[dimension["id"]].code == dimension["code"]
            assert instrument.dimensions_by_id[dimension["id"]].weight == dimension["weight"]


def test_ui_texts_have_english(instrument: Instrument) -> None:
    texts = [instrument.title, *(q.title for q in instrument.questionnaires.values())]
    texts += [option.label for scale in instrument.scales.values() for option in scale.options]
    texts += [code.label for code in instrument.special_codes.values()]
    texts += [level.name for level in instrument.levels]
    texts += [dimension.label for dimension in instrument.dimensions_by_id.values()]
    texts += [question.question for question in instrument.profile]
    assert all(text.en for text in texts), [text.fr for text in texts if not text.en]
