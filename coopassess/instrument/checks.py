"""Cross-checks that a schema alone cannot express: ids, references, completeness."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from itertools import pairwise

from coopassess.instrument.schema import LEVEL_CODES, VARIANT_KEYS, Instrument

Locate = Callable[[Sequence[str | int]], str]

ORGANISATION_FLAGS = (
    "DESACCORD",
    "VISION_FRAGMENTEE",
    "MECONNAISSANCE",
    "MECONNAISSANCE_FLUX",
    "ECART_PILOTES",
    "ECART_PUBLIC_PRIVE",
    "ECART_SOUS_GROUPES",
    "RISQUE_SIGNALE",
)
RESPONDENT_FLAGS = ("NSP_ELEVE", "UNIFORME", "ACQUIESCENCE")
RATING_KEYS = ("constate", "attendu")


def cross_check(instrument: Instrument, locate: Locate) -> list[str]:
    errors: list[str] = []
    errors += _unique_ids(instrument, locate)
    errors += _items(instrument, locate)
    errors += _dimensions(instrument, locate)
    errors += _levels(instrument, locate)
    errors += _texts(instrument, locate)
    errors += _profile(instrument, locate)
    return errors


def _walk_items(instrument: Instrument):
    for qid, questionnaire in instrument.questionnaires.items():
        for d_index, dimension in enumerate(questionnaire.dimensions):
            for i_index, item in enumerate(dimension.items):
                path = ("questionnaires", qid, "dimensions", d_index, "items", i_index)
                yield questionnaire, dimension, item, path


def _unique_ids(instrument: Instrument, locate: Locate) -> list[str]:
    seen: Counter[str] = Counter()
    errors = []
    for qid, questionnaire in instrument.questionnaires.items():
        for d_index, dimension in enumerate(questionnaire.dimensions):
            path = ("questionnaires", qid, "dimensions", d_index, "id")
            seen[dimension.id] += 1
            if seen[dimension.id] == 2:
                errors.append(f"{locate(path)} dimension {dimension.id}: duplicate id")
            if not dimension.id.startswith(f"{qid}."):
                errors.append(
                    f"{locate(path)} dimension {dimension.id}: id must start with '{qid}.'"
                )
    for _, _, item, path in _walk_items(instrument):
        seen[item.id] += 1
        if seen[item.id] == 2:
            errors.append(f"{locate((*path, 'id'))} item {item.id}: duplicate id")
    return errors


def _items(instrument: Instrument, locate: Locate) -> list[str]:
    errors = []
    for _, dimension, item, path in _walk_items(instrument):
        where = lambda field, p=path: locate((*p, field))  # noqa: E731
        label = f"item {item.id}:"
        if item.dimension != dimension.id:
            errors.append(
                f"{where('dimension')} {label} dimension {item.dimension!r} "
                f"does not match its parent {dimension.id}"
            )
        if item.type == "simple":
            if item.scale is None:
                errors.append(f"{where('id')} {label} a simple item needs a scale")
            elif item.scale not in instrument.scales:
                errors.append(f"{where('scale')} {label} unknown scale {item.scale!r}")
            if item.ratings:
                errors.append(f"{where('ratings')} {label} only double items have ratings")
        else:
            if item.scale is not None:
                errors.append(f"{where('scale')} {label} a double item has ratings, not a scale")
            if tuple(r.key for r in item.ratings) != RATING_KEYS:
                errors.append(f"{where('ratings')} {label} ratings must be constate then attendu")
            for rating in item.ratings:
                if rating.scale not in instrument.scales:
                    errors.append(f"{where('ratings')} {label} unknown scale {rating.scale!r}")
        expected = ("commun",) if item.variant_by == "none" else VARIANT_KEYS
        if set(item.text) != set(expected):
            errors.append(
                f"{where('text')} {label} variant_by {item.variant_by} needs exactly the "
                f"texts {', '.join(expected)} (found {', '.join(item.text) or 'none'})"
            )
    return errors


def _dimensions(instrument: Instrument, locate: Locate) -> list[str]:
    errors = []
    for qid, questionnaire in instrument.questionnaires.items():
        for d_index, dimension in enumerate(questionnaire.dimensions):
            path = ("questionnaires", qid, "dimensions", d_index)
            label = f"dimension {dimension.id}:"
            if dimension.min_valid > len(dimension.items):
                errors.append(
                    f"{locate((*path, 'min_valid'))} {label} min_valid "
                    f"{dimension.min_valid} exceeds its {len(dimension.items)} items"
                )
            is_values = all(item.type == "double" for item in dimension.items)
            if is_values:
                if dimension.priority_text is None:
                    errors.append(f"{locate(path)} {label} a value family needs a priority_text")
            else:
                missing = [code for code in LEVEL_CODES if code not in dimension.recommendations]
                if missing:
                    errors.append(
                        f"{locate((*path, 'recommendations'))} {label} "
                        f"no recommendation for {', '.join(missing)}"
                    )
        if questionnaire.index and questionnaire.index.min_valid_dimensions > len(
            questionnaire.dimensions
        ):
            errors.append(
                f"{locate(('questionnaires', qid, 'index'))} questionnaire {qid}: "
                "index needs more valid dimensions than it has"
            )
    return errors


def _levels(instrument: Instrument, locate: Locate) -> list[str]:
    codes = tuple(level.code for level in instrument.levels)
    if codes != LEVEL_CODES:
        return [f"{locate(('levels',))} levels must be {', '.join(LEVEL_CODES)} in order"]
    errors = []
    bounds = [(level.lower, level.upper) for level in instrument.levels]
    if bounds[0][0] != 0 or bounds[-1][1] != 100:
        errors.append(f"{locate(('levels',))} levels must cover 0 to 100")
    for index, ((_, upper), (lower, _)) in enumerate(pairwise(bounds)):
        if upper != lower:
            errors.append(
                f"{locate(('levels', index + 1, 'lower'))} level {codes[index + 1]}: "
                f"must start where {codes[index]} ends ({upper})"
            )
    return errors


def _texts(instrument: Instrument, locate: Locate) -> list[str]:
    errors = [
        f"{locate(('flags',))} flags: no text for {code}"
        for code in ORGANISATION_FLAGS
        if code not in instrument.flags
    ]
    errors += [
        f"{locate(('respondent_flags',))} respondent_flags: no text for {code}"
        for code in RESPONDENT_FLAGS
        if code not in instrument.respondent_flags
    ]
    return errors


def _profile(instrument: Instrument, locate: Locate) -> list[str]:
    errors = []
    seen: set[str] = set()
    for q_index, question in enumerate(instrument.profile):
        if question.id in seen:
            errors.append(
                f"{locate(('profile', q_index, 'id'))} profile {question.id}: duplicate id"
            )
        seen.add(question.id)
        values = [option.value for option in question.options]
        for value, count in Counter(values).items():
            if count > 1:
                errors.append(
                    f"{locate(('profile', q_index, 'options'))} profile {question.id}: "
                    f"option {value!r} appears {count} times"
                )
    if "P-STRUCT" not in seen:
        errors.append(f"{locate(('profile',))} profile: P-STRUCT is required (it selects variants)")
    return errors
