"""Charts cached by the content they draw: same data, same bytes, never redrawn.

An in-memory LRU bounded in bytes, optionally backed by a folder shared by all workers
(atomic writes: a reader never sees half a file).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

from coopassess.charts.data import RadarData
from coopassess.charts.radar import STYLE_VERSION, render

DEFAULT_MEMORY_BYTES = 32 * 1024 * 1024


def chart_key(data: RadarData, fmt: str, dpi: int) -> str:
    payload = json.dumps(
        [STYLE_VERSION, fmt, dpi, dataclasses.asdict(data)], ensure_ascii=False, sort_keys=True
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ChartCache:
    def __init__(
        self, directory: Path | None = None, max_bytes: int = DEFAULT_MEMORY_BYTES
    ) -> None:
        self.directory = directory
        self.max_bytes = max_bytes
        self.renders = 0  # how many charts were actually drawn (for tests and benchmarks)
        self._memory: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get_or_render(self, data: RadarData, fmt: str = "svg", *, dpi: int = 200) -> bytes:
        key = chart_key(data, fmt, dpi)
        with self._lock:
            cached = self._memory.get(key)
            if cached is not None:
                self._memory.move_to_end(key)
                return cached
        content = self._read_disk(key, fmt)
        if content is None:
            content = render(data, fmt, dpi=dpi)
            with self._lock:
                self.renders += 1
            self._write_disk(key, fmt, content)
        self._remember(key, content)
        return content

    def _remember(self, key: str, content: bytes) -> None:
        with self._lock:
            if key in self._memory:
                return
            self._memory[key] = content
            self._size += len(content)
            while self._size > self.max_bytes and self._memory:
                _, evicted = self._memory.popitem(last=False)
                self._size -= len(evicted)

    def _path(self, key: str, fmt: str) -> Path | None:
        return self.directory / key[:2] / f"{key}.{fmt}" if self.directory else None

    def _read_disk(self, key: str, fmt: str) -> bytes | None:
        path = self._path(key, fmt)
        try:
            return path.read_bytes() if path else None
        except FileNotFoundError:
            return None

    def _write_disk(self, key: str, fmt: str, content: bytes) -> None:
        path = self._path(key, fmt)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(content)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
