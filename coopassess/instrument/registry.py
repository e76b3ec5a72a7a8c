"""Every published instrument version, loaded side by side.

The top-level files of ``questionnaires/`` are the current version; earlier published versions
stay in ``questionnaires/archive/<version>/`` as complete sets, so a response started on one
version is finished and scored on it after a new one is published.
"""

from __future__ import annotations

import functools
import re
import threading
from pathlib import Path

from coopassess.instrument.loader import INSTRUMENT_FILE, InstrumentError, load_instrument
from coopassess.instrument.schema import Instrument
from coopassess.paths import questionnaires_dir

ARCHIVE = "archive"


class InstrumentRegistry:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._current: Instrument | None = None
        self._versions: dict[str, Instrument] | None = None

    def _load(self) -> None:
        current = load_instrument(self.root)
        versions = {current.version: current}
        errors: list[str] = []
        archive = self.root / ARCHIVE
        folders = sorted(archive.iterdir()) if archive.is_dir() else []
        for folder in folders:
            if not (folder / INSTRUMENT_FILE).is_file():
                continue
            try:
                published = load_instrument(folder)
            except InstrumentError as error:
                errors.extend(error.errors)
                continue
            known = versions.get(published.version)
            if known is not None and known.content_hash != published.content_hash:
                errors.append(
                    f"{folder}: version {published.version} is already published with other "
                    "content; a published version is immutable — give the change a new version"
                )
                continue
            versions.setdefault(published.version, published)
        if errors:
            raise InstrumentError(errors)
        self._current, self._versions = current, versions

    def _loaded(self) -> tuple[Instrument, dict[str, Instrument]]:
        with self._lock:
            if self._versions is None:
                self._load()
            assert self._current is not None and self._versions is not None
            return self._current, self._versions

    def current(self) -> Instrument:
        return self._loaded()[0]

    def get(self, version: str) -> Instrument:
        """The instrument of ``version``; KeyError when no such version is published."""
        return self._loaded()[1][version]

    def versions(self) -> list[str]:
        """Published versions, oldest first (numbers compared as numbers: 1.9 before 1.10)."""
        return sorted(self._loaded()[1], key=_version_key)


def _version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"[.\-]", version)
    )


@functools.cache
def registry_for(root: Path) -> InstrumentRegistry:
    """One registry per folder, shared by everything in the process."""
    return InstrumentRegistry(root)


def default_registry() -> InstrumentRegistry:
    return registry_for(questionnaires_dir())
