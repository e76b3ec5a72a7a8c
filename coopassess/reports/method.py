"""The method note that closes every report (scoring-model §13.5)."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from coopassess.instrument.schema import Instrument
from coopassess.reports.document import MARGIN
from coopassess.reports.styles import BODY, H1, H2, SMALL
from coopassess.reports.text import safe
from coopassess.scoring.rounding import format_decimal as decimal

SOURCES = (
    "Institut des Territoires Coopératifs — « Maturité coopérative » "
    "(concept cité, textes non repris).",
    "Burke & Dunlap (2002), indice d'accord AD et seuil c/6 ; LeBreton & Senter (2008).",
    "Ware et al., SF-36 : transformation 0–100 et règle de la moitié des items.",
    "Martilla & James (1977), analyse importance–performance (module Valeurs).",
    "OCDE / JRC (2008), construction d'indicateurs composites : pondération égale par défaut.",
    "ADEME, Territoire Engagé Transition Écologique ; ORÉE, référentiel ELIPSE (précédents).",
)


def section(instrument: Instrument) -> list[Flowable]:
    params = instrument.parameters
    levels = ", ".join(
        f"{level.code} {level.name.fr} ({level.lower:g} à {level.upper:g})"
        for level in instrument.levels
    )
    scales = "; ".join(
        f"{scale.label.fr} : " + ", ".join(o.label.fr for o in scale.options)
        for scale in instrument.scales.values()
    )
    paragraphs = [
        ("Échelles", f"Chaque affirmation est notée sur 5 points. {scales}."),
        (
            "« Je ne sais pas » et « Non concerné »",
            "Ces réponses ne sont jamais comptées comme une note moyenne : elles sont exclues du "
            "calcul. La part de « Je ne sais pas » est suivie : à partir de "
            f"{params.nsp_alert_rate:.0%} sur une dimension, une alerte « Méconnaissance » est "
            "levée.".replace("%", "\u00a0%"),
        ),
        (
            "Scores",
            "Chaque réponse est ramenée sur 100 (1 → 0, 5 → 100), les affirmations de risque étant "
            "inversées. Le score d'une dimension est la moyenne de ses affirmations, calculé si au "
            "moins la moitié d'entre elles ont reçu une réponse ; le score de l'organisation est "
            "la moyenne des répondants. L'indice (IMC, IAC, IDT) est la moyenne des dimensions.",
        ),
        (
            "Niveaux (seuils provisoires)",
            f"{levels}. Ces seuils sont provisoires : ce sont cinq tranches égales de 20 points, "
            "en attendant que les résultats d'au moins 30 organisations permettent de les "
            "ajuster. Un niveau se lit donc comme un repère, et l'évolution d'une même "
            "organisation dans le temps compte davantage que la comparaison à un seuil.",
        ),
        (
            "Accord entre répondants",
            "L'accord est mesuré par l'écart moyen à la moyenne des réponses (indice AD, en points "
            f"de l'échelle) : consensus jusqu'à {decimal(params.ad_consensus_raw, 2)}, désaccord "
            "au-delà de 5/6 (0,83). Un désaccord n'est pas un bruit : il signale une vision pas "
            "encore partagée.",
        ),
        (
            "Confidentialité",
            f"Les résultats ne sont produits qu'à partir de {params.min_respondents_aggregate} "
            "répondants et ne contiennent aucune réponse individuelle. Les consultants qui "
            "accompagnent l'organisation lisent les réponses individuelles sous un pseudonyme, "
            "avec le profil du répondant, pour contrôler la qualité des données ; aucune page ni "
            "aucun export ne montre le lien entre une adresse e-mail et des réponses.",
        ),
    ]
    note: list[Flowable] = [Paragraph("Note de méthode", H1)]
    for title, text in paragraphs:
        note += [Paragraph(safe(title), H2), Paragraph(safe(text), BODY)]
    note.append(Paragraph("Sources", H2))
    note += [Paragraph(safe(source), SMALL) for source in SOURCES]
    # The note holds on one page: it starts on the next one rather than leave its sources
    # alone on a last, almost empty page.
    return [CondPageBreak(max(110 * mm, _height(note))), *note]


def _height(flowables: list[Flowable]) -> float:
    """The height ``flowables`` take in the body frame of a page."""
    width = A4[0] - 2 * MARGIN
    return sum(f.wrap(width, A4[1])[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)
