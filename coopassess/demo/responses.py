"""Demo data: realistic, varied answers for a few fictitious organisations (pure, seeded)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from coopassess.instrument.schema import Instrument, Item, answer_key


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    kind: str
    structure_type: str
    region: str
    demarche: str
    slug: str
    modules: tuple[str, ...]
    # Mean answer (1–5) the collectif leans to on each questionnaire; dimensions vary around it.
    maturity: float
    respondents: int
    # Profile P-STRUCT values of the respondents, cycled.
    structures: tuple[str, ...] = field(default=())


ORGANISATIONS = (
    DemoOrganisation(
        name="Agglomération de Rives-sur-Loire",
        kind="territoire",
        structure_type="Intercommunalité (EPCI)",
        region="Pays de la Loire",
        demarche="Plateforme territoriale du réemploi dans le BTP",
        slug="demo-rives-reemploi",
        modules=("COOP", "ACH", "TER", "VAL"),
        maturity=3.6,
        respondents=8,
        structures=(
            "Intercommunalité (EPCI)",
            "Commune",
            "Entreprise – PME (10–249)",
            "Association / structure de l'ESS",
            "Chambre consulaire / cluster / réseau",
        ),
    ),
    DemoOrganisation(
        name="Ville de Saint-Aubin-les-Forges",
        kind="territoire",
        structure_type="Commune",
        region="Bourgogne-Franche-Comté",
        demarche="Pacte local pour l'économie circulaire",
        slug="demo-saint-aubin-pacte",
        modules=("COOP", "TER", "VAL"),
        maturity=2.6,
        respondents=6,
        structures=(
            "Commune",
            "Entreprise – TPE (< 10 salariés)",
            "Association / structure de l'ESS",
        ),
    ),
    DemoOrganisation(
        name="Métallerie Durand & Fils",
        kind="entreprise",
        structure_type="Entreprise – PME (10–249)",
        region="Auvergne-Rhône-Alpes",
        demarche="Achats circulaires 2026",
        slug="demo-durand-achats",
        modules=("COOP", "ACH", "VAL"),
        maturity=3.1,
        respondents=5,
        structures=("Entreprise – PME (10–249)",),
    ),
    DemoOrganisation(
        name="Syndicat mixte de la Vallée Verte",
        kind="territoire",
        structure_type="Syndicat / établissement public",
        region="Occitanie",
        demarche="Écologie industrielle de la Vallée Verte",
        slug="demo-vallee-verte-eit",
        modules=("COOP", "VAL"),
        maturity=4.1,
        respondents=4,
        structures=(
            "Syndicat / établissement public",
            "Entreprise – ETI / grande entreprise (≥ 250)",
        ),
    ),
)

# P-ROLE values, in the order respondents are drawn, with how favourably each sees the démarche:
# pilots see it more favourably than occasional participants.
ROLES = (
    "Pilote ou animateur·rice",
    "Membre du noyau de pilotage",
    "Participant·e régulier·e",
    "Participant·e régulier·e",
    "Participant·e occasionnel·le",
)
ROLE_OPTIMISM = {
    "Pilote ou animateur·rice": 0.5,
    "Membre du noyau de pilotage": 0.3,
    "Participant·e régulier·e": 0.0,
    "Participant·e occasionnel·le": -0.3,
}
FUNCTIONS = (
    "Élu·e",
    "Achats / commande publique",
    "Services techniques (bâtiments, voirie, travaux…)",
    "Environnement / déchets / économie circulaire",
    "Développement économique",
    "Animation de réseau / chargé·e de mission",
    "Production / opérations",
)
SENIORITIES = ("Moins de 6 mois", "6 à 24 mois", "Plus de 2 ans")


def demo_response(
    instrument: Instrument, org: DemoOrganisation, index: int, rng: random.Random
) -> tuple[dict[str, str], dict[str, int | str]]:
    """Profile and answers of the ``index``-th respondent of ``org``."""
    role = ROLES[index % len(ROLES)]
    profile = {
        "P-STRUCT": org.structures[index % len(org.structures)],
        "P-FONCTION": FUNCTIONS[rng.randrange(len(FUNCTIONS))],
        "P-ROLE": role,
        "P-ANCIEN": SENIORITIES[rng.randrange(len(SENIORITIES))],
    }
    optimism = ROLE_OPTIMISM[role]
    answers: dict[str, int | str] = {}
    for qid in org.modules:
        questionnaire = instrument.questionnaires[qid]
        for dimension in questionnaire.dimensions:
            # Each organisation has its strong and weak dimensions (seeded by name).
            dim_rng = random.Random(f"{org.slug}:{dimension.id}")
            level = org.maturity + dim_rng.uniform(-0.9, 0.9) + optimism
            for item in dimension.items:
                answers.update(_answer_item(item, level, rng))
    return profile, answers


def _answer_item(item: Item, level: float, rng: random.Random) -> dict[str, int | str]:
    if item.type == "double":
        observed = _likert(level - 0.6, rng)
        expected = _likert(level + 0.8, rng)
        if rng.random() < 0.08:
            observed = "NSP"
        return {answer_key(item.id, "constate"): observed, answer_key(item.id, "attendu"): expected}
    if item.help is not None and rng.random() < 0.15:
        return {item.id: "NC"}
    if rng.random() < 0.05:
        return {item.id: "NSP"}
    value = _likert(level, rng)
    return {item.id: 6 - value if item.reverse else value}


def _likert(level: float, rng: random.Random) -> int:
    return max(1, min(5, round(rng.gauss(level, 0.7))))
