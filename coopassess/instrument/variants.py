"""Which wording a respondent sees (docs/spec/questionnaire-design.md §1.7 and §3)."""

from __future__ import annotations

from collections.abc import Collection

from markupsafe import Markup, escape

from coopassess.instrument.schema import Instrument, Item, LocalizedText, Questionnaire

DEMARCHE_PLACEHOLDER = "{demarche}"


def variant_key_for(
    item: Item, *, structure: str | None, target: str, public_structures: Collection[str]
) -> str:
    """'commun', 'collectivite' or 'entreprise'.

    ``respondent`` items follow the respondent's P-STRUCT (public structures read the
    collectivité wording, everyone else — and an unknown structure — the entreprise one);
    ``campaign`` items follow the campaign's target, whoever answers.
    """
    if item.variant_by == "none":
        return "commun"
    if item.variant_by == "respondent":
        return "collectivite" if structure in public_structures else "entreprise"
    return "collectivite" if target == "territoire" else "entreprise"


def fill(text: LocalizedText, *, demarche: str, lang: str = "fr") -> Markup:
    """The text with ``{demarche}`` replaced; everything escaped, so the result is safe HTML."""
    parts = text.get(lang).split(DEMARCHE_PLACEHOLDER)
    return Markup(escape(demarche)).join(escape(part) for part in parts)


def item_text(
    instrument: Instrument,
    item: Item,
    *,
    structure: str | None,
    target: str,
    demarche: str,
    lang: str = "fr",
) -> Markup:
    key = variant_key_for(
        item, structure=structure, target=target, public_structures=instrument.public_structures
    )
    return fill(item.text[key], demarche=demarche, lang=lang)


def intro_text(questionnaire: Questionnaire, *, demarche: str, lang: str = "fr") -> Markup:
    return fill(questionnaire.intro, demarche=demarche, lang=lang)
