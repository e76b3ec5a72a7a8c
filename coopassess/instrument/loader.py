"""Load one instrument version from its YAML files, reporting every error at once.

Messages read ``questionnaires/coop.yaml:112 item COOP-LEA-06: unknown scale 'LIK7'``: the file,
the line, what is wrong and where.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from coopassess.instrument.checks import cross_check
from coopassess.instrument.schema import Instrument
from coopassess.instrument.yaml_lines import SourceMap, YamlSyntaxError, load_with_lines

INSTRUMENT_FILE = "instrument.yaml"
PROFILE_FILE = "profile.yaml"


class InstrumentError(Exception):
    """The files do not make a valid instrument; ``errors`` lists every problem found."""

    def __init__(self, errors: Sequence[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = list(errors)


class _Sources:
    """Which file each part of the assembled document came from, to locate errors."""

    def __init__(self) -> None:
        self.parts: dict[tuple[str | int, ...], tuple[Any, SourceMap]] = {}

    def add(self, prefix: tuple[str | int, ...], data: Any, source: SourceMap) -> None:
        self.parts[prefix] = (data, source)

    def locate(self, location: Sequence[str | int]) -> str:
        best: tuple[str | int, ...] = ()
        for prefix in self.parts:
            if tuple(location[: len(prefix)]) == prefix and len(prefix) >= len(best):
                best = prefix
        data, source = self.parts[best]
        line = source.line_of(data, list(location[len(best) :]))
        return f"{_display(source.path)}:{line or '?'}"


def _display(path: Path) -> str:
    """``questionnaires/coop.yaml``: the file named from its set's folder."""
    return f"{path.parent.name}/{path.name}"


def load_instrument(directory: Path) -> Instrument:
    """Read, validate and cross-check the instrument stored in ``directory``."""
    errors: list[str] = []
    sources = _Sources()
    head = _read(directory / INSTRUMENT_FILE, errors)
    profile = _read(directory / PROFILE_FILE, errors)
    if head is None or profile is None:
        raise InstrumentError(errors)
    head_data, head_source = head
    if not isinstance(head_data, dict):
        raise InstrumentError([f"{_display(head_source.path)}:1 the file must hold a mapping"])
    document = _with_keyed_ids(dict(head_data))
    files = document.pop("questionnaire_files", [])
    sources.add((), head_data, head_source)
    version = (head_data.get("id"), head_data.get("version"))

    profile_data, profile_source = profile
    document["profile"] = _part(profile_data, "profile", profile_source, version, errors)
    sources.add(("profile",), document["profile"], profile_source)

    questionnaires: dict[str, Any] = {}
    for name in files if isinstance(files, list) else []:
        loaded = _read(directory / str(name), errors)
        if loaded is None:
            continue
        data, source = loaded
        body = _part(data, None, source, version, errors)
        qid = body.get("id") if isinstance(body, dict) else None
        if not isinstance(qid, str):
            errors.append(f"{_display(source.path)}:1 questionnaire without an id")
            continue
        if qid in questionnaires:
            errors.append(f"{_display(source.path)}:1 questionnaire {qid} is defined twice")
            continue
        questionnaires[qid] = _with_item_dimensions(body)
        sources.add(("questionnaires", qid), body, source)
    document["questionnaires"] = questionnaires

    try:
        instrument = Instrument.model_validate(document)
    except ValidationError as error:
        errors.extend(_pydantic_errors(error, document, sources))
        raise InstrumentError(errors) from None
    errors.extend(cross_check(instrument, sources.locate))
    if errors:
        raise InstrumentError(errors)
    return instrument.model_copy(update={"content_hash": content_hash(instrument)})


def content_hash(instrument: Instrument) -> str:
    """sha256 of the canonical JSON of the content: the same files give the same hash."""
    payload = instrument.model_dump(mode="json", exclude={"content_hash"})
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _read(path: Path, errors: list[str]) -> tuple[Any, SourceMap] | None:
    try:
        return load_with_lines(path)
    except YamlSyntaxError as error:
        errors.append(f"{_display(error.path)}:{error.line or '?'} {error.message}")
        return None


def _part(
    data: Any, key: str | None, source: SourceMap, version: tuple[Any, Any], errors: list[str]
) -> Any:
    """The body of a questionnaire or profile file, after checking its instrument header."""
    if not isinstance(data, dict):
        errors.append(f"{_display(source.path)}:1 the file must hold a mapping")
        return {} if key is None else []
    header = data.get("instrument")
    if not isinstance(header, dict) or (header.get("id"), header.get("version")) != version:
        line = source.line_of(data, ["instrument"]) or 1
        errors.append(
            f"{_display(source.path)}:{line} instrument: must be "
            f"{{id: {version[0]}, version: {version[1]}}}, as in {INSTRUMENT_FILE}"
        )
    body = {k: v for k, v in data.items() if k != "instrument"}
    return body.get(key, []) if key is not None else body


def _with_keyed_ids(document: dict[str, Any]) -> dict[str, Any]:
    """Scales and special codes are keyed by their id in the files; the models carry it too."""
    for section, field in (("scales", "id"), ("special_codes", "code")):
        entries = document.get(section)
        if isinstance(entries, dict):
            document[section] = {
                key: {field: key, **value} if isinstance(value, dict) else value
                for key, value in entries.items()
            }
    return document


def _with_item_dimensions(body: dict[str, Any]) -> dict[str, Any]:
    """Items sit under their dimension in the files; the model also names it on each item."""
    for dimension in body.get("dimensions") or []:
        if isinstance(dimension, dict):
            for item in dimension.get("items") or []:
                if isinstance(item, dict):
                    item.setdefault("dimension", dimension.get("id"))
    return body


def _pydantic_errors(error: ValidationError, document: Any, sources: _Sources) -> list[str]:
    messages = []
    for problem in error.errors():
        location = [step for step in problem["loc"] if not isinstance(step, str) or step]
        where = sources.locate(location)
        subject, rest = _subject(document, location)
        field = ".".join(str(step) for step in rest) or "(value)"
        messages.append(f"{where} {subject}{field}: {problem['msg']}")
    return messages


def _subject(document: Any, location: Sequence[str | int]) -> tuple[str, Sequence[str | int]]:
    """(« item COOP-LEA-06: », path below it) for an error inside an item, and so on."""
    node, subject, depth = document, "", 0
    for index, step in enumerate(location):
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            kind = "item" if "order" in node else "dimension" if "items" in node else "id"
            subject, depth = f"{kind} {node['id']}: ", index + 1
    return subject, location[depth:]
