"""What each export column is called and means for a person (issue 15): the French header, the
sentence of the « Lisez-moi » sheet, the kind of value (for the XLSX number formats) and the
width. Rows keep their internal keys (:mod:`coopassess.exports.rows`); only what people read
is French. ``coopassess score --format csv`` keeps the keys: it is the results contract."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from coopassess.common.comments import COMMENT_MAX_LENGTH, COMMENT_QUESTION, thousands
from coopassess.exports.rows import COMMENT_PREFIX
from coopassess.instrument.schema import Instrument
from coopassess.scoring.labels import legends

# Kinds of value: text, an integer, a score (one decimal), a decimal (three), a date, an answer
# code (1–5, NSP, NC).
KINDS = ("text", "integer", "score", "decimal", "date", "answer")


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    meaning: str
    kind: str = "text"
    width: float = 14


_CATALOGUE = (
    Column("notice", "Information", "Pourquoi l'export ne contient pas de données.", width=90),
    Column("campaign", "N° de campagne", "Numéro de la campagne dans CoopAssess.", "integer", 11),
    Column("organisation", "Organisation", "Organisation qui a mené la campagne.", width=32),
    Column("structure_type", "Type de structure", "Commune, EPCI, entreprise…", width=18),
    Column("region", "Région", "Région de l'organisation.", width=18),
    Column("target", "Cible", "Type de campagne : territoire ou entreprise.", width=11),
    Column("demarche", "Démarche", "Démarche évaluée par la campagne.", width=32),
    Column(
        "date",
        "Date de la campagne",
        "Date de clôture prévue (ou d'ouverture) de la campagne.",
        "date",
        12,
    ),
    Column(
        "instrument_version",
        "Version du questionnaire",
        "Version du questionnaire sur laquelle les réponses ont été données et notées.",
        width=14,
    ),
    Column(
        "questionnaire",
        "Module",
        "COOP (coopération), ACH (achats), TER (territoire), VAL (valeurs).",
        width=8,
    ),
    Column(
        "dimension",
        "Code",
        "Code de l'indice (IMC, IAC, IDT), de la dimension ou de la famille de valeurs.",
        width=11,
    ),
    Column(
        "dimension_label",
        "Dimension",
        "Nom de l'indice, de la dimension ou de la famille.",
        width=34,
    ),
    Column(
        "score",
        "Score /100",
        "Score de l'organisation sur 100, arrondi au dixième ; vide s'il n'est pas calculable.",
        "score",
        10,
    ),
    Column("level", "Niveau", "Niveau de maturité (N1 à N5), celui du score affiché.", width=8),
    Column("level_name", "Nom du niveau", "Juxtaposition, Échange, Collaboration…", width=20),
    Column("n", "Répondants", "Nombre de répondants comptés.", "integer", 11),
    Column("min", "Minimum", "Score individuel le plus bas.", "score", 10),
    Column("max", "Maximum", "Score individuel le plus haut.", "score", 10),
    Column("sd", "Écart-type", "Dispersion des scores individuels (points sur 100).", "score", 10),
    Column(
        "ad",
        "Écart moyen (1 à 5)",
        "Écart moyen des réponses à la réponse moyenne, sur l'échelle de 1 à 5 (indice AD).",
        "decimal",
        12,
    ),
    Column(
        "agreement",
        "Accord",
        "Consensus, Avis nuancés ou Désaccord, selon l'écart moyen des réponses ; vide sous "
        "3 répondants.",
        width=14,
    ),
    Column(
        "nsp_rate",
        "Part de « Je ne sais pas » (%)",
        "Part des réponses « Je ne sais pas » aux questions de la dimension, en %.",
        "score",
        14,
    ),
    Column("flags", "Signaux (codes)", "Codes des signaux levés sur la dimension.", width=18),
    Column("flag_labels", "Signaux", "Les mêmes signaux, en clair.", width=34),
    Column("observed", "Constaté /100", "Valeur produite constatée (module VAL).", "score", 11),
    Column("expected", "Attendu /100", "Valeur produite attendue (module VAL).", "score", 11),
    Column("gap", "Écart attendu − constaté", "Attendu moins constaté, en points.", "score", 12),
    Column(
        "quadrant",
        "Lecture",
        "Priorité, Acquis, Valeur inattendue ou Secondaire, selon le constaté et l'attendu.",
        width=18,
    ),
    Column("respondent", "Répondant", "Pseudonyme (R1, R2… dans l'ordre d'envoi).", width=10),
    Column("excluded", "Exclu", "« oui » si le répondant est écarté de l'agrégat.", width=8),
    Column("excluded_reason", "Motif d'exclusion", "Motif donné par le consultant.", width=28),
    Column("action_title", "Action", "Intitulé de l'action.", width=40),
    Column("action_description", "Description", "Ce que l'action consiste à faire.", width=50),
    Column("action_owner", "Porteur", "Personne ou structure qui porte l'action.", width=24),
    Column("action_due_on", "Échéance", "Date prévue de réalisation.", "date", 12),
    Column("action_status", "Statut", "À lancer, en cours, faite ou abandonnée.", width=12),
    Column(
        "action_overdue",
        "En retard",
        "« oui » si l'échéance est passée et l'action encore à lancer ou en cours.",
        width=10,
    ),
    Column("action_notes", "Notes", "Notes de suivi.", width=40),
    Column("action_created_on", "Créée le", "Jour de création de l'action.", "date", 12),
    Column("action_updated_on", "Mise à jour le", "Jour de sa dernière modification.", "date", 12),
    Column("action_done_on", "Faite le", "Jour où elle est passée « faite ».", "date", 12),
)
CATALOGUE = {column.key: column for column in _CATALOGUE}

# The action plan's columns: « Dimension » (the catalogue's ``dimension_label``) may also be
# the démarche as a whole, so it gets its own sentence there.
PLAN_DIMENSION = "Dimension visée par l'action, ou « La démarche dans son ensemble »."


def plan_columns(keys: Sequence[str]) -> list[Column]:
    return [
        replace(column, meaning=PLAN_DIMENSION, width=30)
        if column.key == "dimension_label"
        else column
        for column in describe(keys)
    ]


ANSWER_MEANING = "1 à 5, NSP (je ne sais pas), NC (non concerné), vide sans réponse"


def describe(keys: Sequence[str], instrument: Instrument | None = None) -> list[Column]:
    """The columns of ``keys``: the catalogue's, then profile questions and answer keys of
    ``instrument`` (their code as header, the question as meaning)."""
    profile = {question.id: question for question in instrument.profile} if instrument else {}
    items = (
        {
            key: item
            for questionnaire in instrument.questionnaires.values()
            for item in questionnaire.items
            for key in item.answer_keys
        }
        if instrument
        else {}
    )
    rules = _rules(instrument) if instrument else {}
    described = []
    for key in keys:
        if key in CATALOGUE and key in rules:
            described.append(replace(CATALOGUE[key], meaning=rules[key]))
        elif key in CATALOGUE:
            described.append(CATALOGUE[key])
        elif key in profile:
            text = profile[key].question.fr
            described.append(Column(key, text, f"Profil du répondant ({key}).", width=24))
        elif key.startswith(COMMENT_PREFIX):
            described.append(_comment_column(key, instrument))
        elif key in items:
            wording = items[key].text
            text = (wording.get("commun") or next(iter(wording.values()))).fr
            suffix = key.rsplit(".", 1)[1] if "." in key else ""
            meaning = f"{text}{f' ({suffix})' if suffix else ''} — {ANSWER_MEANING}."
            described.append(Column(key, key, meaning, "answer", 12))
        else:
            described.append(Column(key, key, ""))
    return described


def _comment_column(key: str, instrument: Instrument | None) -> Column:
    qid = key.removeprefix(COMMENT_PREFIX)
    questionnaire = instrument.questionnaires.get(qid) if instrument else None
    title = f"{questionnaire.title.fr} ({qid})" if questionnaire else qid
    meaning = (
        f"Réponse libre à « {COMMENT_QUESTION} » à la fin du questionnaire {title} : "
        f"{thousands(COMMENT_MAX_LENGTH)} caractères au plus, jamais notée ; vide sans commentaire."
    )
    return Column(key, f"Commentaire — {title}", meaning, width=60)


def _rules(instrument: Instrument) -> dict[str, str]:
    """The agreement and VAL columns explained with the instrument's own thresholds."""
    found = legends(instrument)

    def sentence(legend: tuple[tuple[str, str], ...]) -> str:
        return " ".join(f"{name} : {rule}" for name, rule in legend)

    return {
        "agreement": sentence(found["agreement_legend"]) + " Vide sous 3 répondants.",
        "quadrant": sentence(found["quadrant_legend"]),
    }
