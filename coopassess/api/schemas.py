"""JSON Schema (2020-12, as OpenAPI 3.1 uses it) of the results JSON and of the API's other
bodies: the contract of docs/spec/results-json.md, written out for the OpenAPI
document. Codes are those of scoring-model §6, §7.2 and §7.3."""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

LEVELS = ("N1", "N2", "N3", "N4", "N5")
AGREEMENTS = ("Consensus", "Avis partagés", "Désaccord")
QUADRANTS = ("Priorité", "Acquis", "Valeur inattendue", "Secondaire")
DIMENSION_FLAGS = (
    "DESACCORD",
    "MECONNAISSANCE",
    "ECART_PILOTES",
    "ECART_PUBLIC_PRIVE",
    "ECART_SOUS_GROUPES",
)
CAMPAIGN_FLAGS = ("VISION_FRAGMENTEE",)
RESPONDENT_FLAGS = ("NSP_ELEVE", "UNIFORME", "ACQUIESCENCE")
TARGETS = ("territoire", "entreprise")
ACTION_STATUSES = ("planned", "in_progress", "done", "dropped")
DIMENSION_ID = "^(COOP|ACH|TER|VAL)\\.[A-Z]+$"
SCORED_QUESTIONNAIRES = {"COOP": "IMC", "ACH": "IAC", "TER": "IDT"}


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable_enum(values: tuple[str, ...], description: str) -> Schema:
    return {"type": ["string", "null"], "enum": [*values, None], "description": description}


def nullable_number(
    description: str, low: float | None = None, high: float | None = None
) -> Schema:
    schema: Schema = {"type": ["number", "null"], "description": description}
    if low is not None:
        schema["minimum"] = low
    if high is not None:
        schema["maximum"] = high
    return schema


def closed(
    properties: dict[str, Schema], required: list[str] | None = None, **extra: Any
) -> Schema:
    """An object with exactly these keys (every key required unless ``required`` says)."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
        **extra,
    }


def flag_list(codes: tuple[str, ...], description: str) -> Schema:
    return {
        "type": "array",
        "items": {"type": "string", "enum": list(codes)},
        "uniqueItems": True,
        "description": description,
    }


SCORE = "Score 0–100 arrondi au dixième (demi vers le haut) ; null quand il n'est pas calculable."

RESULTS_SCHEMAS: dict[str, Schema] = {
    "Score": nullable_number(SCORE, 0, 100),
    "Level": nullable_enum(LEVELS, "Niveau N1 (Juxtaposition) à N5 (Maturité coopérative)."),
    "Instrument": closed(
        {
            "id": {"type": "string", "examples": ["auto-diagnostic-maturite-cooperative"]},
            "version": {"type": "string", "examples": ["1.0.0-pilote"]},
        }
    ),
    "Index": closed(
        {
            "code": {"type": "string", "enum": list(SCORED_QUESTIONNAIRES.values())},
            "score": ref("Score"),
            "level": ref("Level"),
        },
        description="Indice du questionnaire : IMC (COOP), IAC (ACH), IDT (TER).",
    ),
    "Dimension": closed(
        {
            "score": ref("Score"),
            "level": ref("Level"),
            "n": {"type": "integer", "minimum": 0, "description": "Répondants valides."},
            "min": ref("Score"),
            "max": ref("Score"),
            "sd": nullable_number("Écart-type ; null sous 3 répondants valides.", 0),
            "ad": nullable_number(
                "Écart moyen en unités brutes (§7.1), 3 décimales ; null sous 3 répondants.", 0
            ),
            "agreement": nullable_enum(AGREEMENTS, "Accord ; null sous 3 répondants valides."),
            "nsp_rate": nullable_number("Part de « Ne sais pas », 3 décimales.", 0, 1),
            "flags": flag_list(DIMENSION_FLAGS, "Signaux de la dimension (§7.2)."),
        }
    ),
    "ScoredQuestionnaire": closed(
        {
            "index": ref("Index"),
            "dimensions": {
                "type": "object",
                "propertyNames": {"pattern": "^(COOP|ACH|TER)\\.[A-Z]+$"},
                "additionalProperties": ref("Dimension"),
            },
            "risks_signalled": {
                "type": "array",
                "items": {"type": "string", "pattern": "^[A-Z]+-[A-Z]+-[0-9]+$"},
                "description": "Items de risque signalés.",
            },
            "priorities": {
                "type": "array",
                "items": {"type": "string", "pattern": "^[A-Z]+\\.[A-Z]+$"},
                "maxItems": 3,
                "description": "Dimensions prioritaires (COOP), au plus 3.",
            },
        },
        description="COOP, ACH ou TER : indice et dimensions.",
    ),
    "Family": closed(
        {
            "observed": ref("Score"),
            "expected": ref("Score"),
            "gap": nullable_number("Attendu − constaté.", -100, 100),
            "quadrant": nullable_enum(QUADRANTS, "Quadrant ; null si un score manque."),
        }
    ),
    "ValQuestionnaire": closed(
        {
            "families": {
                "type": "object",
                "propertyNames": {"pattern": "^VAL\\.[A-Z]+$"},
                "additionalProperties": ref("Family"),
            }
        },
        description="VAL : familles de valeur, constaté contre attendu (§6).",
    ),
    "Questionnaires": closed(
        {
            **{qid: ref("ScoredQuestionnaire") for qid in SCORED_QUESTIONNAIRES},
            "VAL": ref("ValQuestionnaire"),
        },
        required=[],
        description="Les questionnaires auxquels quelqu'un a répondu ; les autres sont absents.",
    ),
    "RespondentScores": closed(
        {
            "id": {"type": "string", "description": "Pseudonyme (R1, R2… dans l'ordre d'envoi)."},
            "dimensions": {
                "type": "object",
                "propertyNames": {"pattern": "^[A-Z]+\\.[A-Z]+(\\.(observed|expected))?$"},
                "additionalProperties": ref("Score"),
            },
            "flags": flag_list(RESPONDENT_FLAGS, "Signaux de qualité de la réponse (§7.3)."),
        }
    ),
    "Results": closed(
        {
            "instrument": ref("Instrument"),
            "target": {"type": "string", "enum": list(TARGETS)},
            "n_respondents": {"type": "integer", "minimum": 0},
            "questionnaires": ref("Questionnaires"),
            "flags": flag_list(CAMPAIGN_FLAGS, "Signaux de la campagne (§7.2)."),
            "respondents": {
                "type": "array",
                "items": ref("RespondentScores"),
                "description": "Scores pseudonymisés par répondant : pour les administrateurs "
                "et les consultants seulement, absent pour un référent de l'organisation.",
            },
        },
        required=["instrument", "target", "n_respondents", "questionnaires", "flags"],
        description="Le JSON des résultats (docs/spec/results-json.md), le même que "
        "`coopassess campaign results` et `coopassess score`.",
    ),
}

API_SCHEMAS: dict[str, Schema] = {
    "Error": closed(
        {
            "error": closed(
                {
                    "code": {"type": "integer", "description": "Le statut HTTP."},
                    "title": {"type": "string"},
                    "message": {"type": "string"},
                    "n_respondents": {"type": "integer", "minimum": 0},
                    "min_respondents": {"type": "integer", "minimum": 1},
                    "fields": {
                        "type": "array",
                        "items": closed(
                            {"field": {"type": "string"}, "message": {"type": "string"}}
                        ),
                        "description": "Les champs refusés d'une action, chacun avec son message.",
                    },
                },
                required=["code", "title", "message"],
            )
        }
    ),
    "CampaignSummary": closed(
        {
            "id": {"type": "integer"},
            "organisation": closed({"id": {"type": "integer"}, "name": {"type": "string"}}),
            "demarche": {"type": "string"},
            "target": {"type": "string", "enum": list(TARGETS)},
            "status": {"type": "string", "enum": ["draft", "open", "closed"]},
            "instrument_version": {"type": "string"},
            "respondents": {
                "type": ["integer", "null"],
                "minimum": 0,
                "description": "Réponses comptées (envoyées, non exclues, de la version de la "
                "campagne) ; null si le résumé n'a pas encore pu être calculé.",
            },
            "imc": ref("Score"),
            "level": ref("Level"),
        },
        description="IMC et niveau sont null sous le nombre minimal de répondants.",
    ),
    "CampaignPage": closed(
        {
            "campaigns": {"type": "array", "items": ref("CampaignSummary")},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
            "total": {"type": "integer", "minimum": 0},
            "pages": {"type": "integer", "minimum": 0},
        }
    ),
}

_NULLABLE_TEXT = {"type": ["string", "null"]}
_STATUS = {
    "type": "string",
    "enum": list(ACTION_STATUSES),
    "description": "planned « à lancer », in_progress « en cours », done « faite », dropped "
    "« abandonnée ».",
}
_ACTION_FIELDS: dict[str, Schema] = {
    "title": {"type": "string", "minLength": 1, "maxLength": 200, "description": "Intitulé."},
    "dimension": {
        "type": ["string", "null"],
        "description": "Dimension d'un questionnaire de la campagne (`COOP.VIT`…) ; null ou "
        "vide : la démarche dans son ensemble.",
    },
    "description": {"type": "string", "maxLength": 5000},
    "owner": {
        "type": ["string", "null"],
        "maxLength": 200,
        "description": "Porteur : une personne ou une structure, texte libre.",
    },
    "due_on": {"type": ["string", "null"], "format": "date", "description": "Échéance."},
    "status": _STATUS,
    "notes": {"type": "string", "maxLength": 5000, "description": "Notes de suivi."},
}

ACTION_SCHEMAS: dict[str, Schema] = {
    "ActionCreate": closed(
        _ACTION_FIELDS,
        required=["title"],
        description="Une nouvelle action ; sans statut elle est « à lancer ».",
    ),
    "ActionUpdate": closed(
        _ACTION_FIELDS,
        required=[],
        description="Les champs à changer ; les autres restent tels quels. Un nouveau statut "
        "s'inscrit à l'historique.",
    ),
    "StatusChange": closed(
        {
            "from_status_label": {
                "type": ["string", "null"],
                "description": "Statut d'avant, en clair ; null à la création.",
            },
            "to_status_label": {"type": "string"},
            "by": {
                "type": "string",
                "description": "Adresse du compte qui l'a changé ; « la ligne de commande » "
                "pour un changement fait sans compte.",
            },
            "at": {"type": "string", "format": "date-time"},
            "note": {
                "type": ["string", "null"],
                "description": "Précision, par exemple « Reprise de la campagne … ».",
            },
        }
    ),
    "Action": closed(
        {
            "id": {"type": "integer"},
            "campaign_id": {"type": "integer"},
            "questionnaire": {
                "type": ["string", "null"],
                "enum": [*SCORED_QUESTIONNAIRES, "VAL", None],
            },
            "dimension": {"type": ["string", "null"], "pattern": DIMENSION_ID},
            "dimension_label": {"type": "string"},
            "title": {"type": "string"},
            "description": {"type": "string"},
            "owner": _NULLABLE_TEXT,
            "due_on": {"type": ["string", "null"], "format": "date"},
            "status": _STATUS,
            "status_label": {
                "type": "string",
                "enum": ["à lancer", "en cours", "faite", "abandonnée"],
            },
            "overdue": {
                "type": "boolean",
                "description": "Échéance passée et action encore à lancer ou en cours.",
            },
            "notes": {"type": "string"},
            "source": {
                "type": ["string", "null"],
                "description": "La suggestion d'origine (`priorite:COOP.VIT`, `alerte:DESACCORD:"
                "COOP.VIT`) ; null pour une action saisie librement.",
            },
            "carried_from_id": {
                "type": ["integer", "null"],
                "description": "L'action de la campagne précédente qu'elle prolonge.",
            },
            "created_at": {"type": "string", "format": "date-time"},
            "updated_at": {"type": "string", "format": "date-time"},
            "done_at": {
                "type": ["string", "null"],
                "format": "date-time",
                "description": "Quand elle est passée « faite » (null sinon).",
            },
            "history": {"type": "array", "items": ref("StatusChange")},
        }
    ),
    "ActionList": closed({"actions": {"type": "array", "items": ref("Action")}}),
}
