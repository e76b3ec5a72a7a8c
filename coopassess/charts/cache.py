"""Charts cached by the content they draw: a changed answer gives a new chart, an unchanged one
is never redrawn.

In memory: a thread-safe LRU bounded in bytes. Optionally backed by a folder shared by all
workers of a server; files are written atomically (temporary file + rename), so a reader never
sees half a chart, and two workers at worst both draw the same chart once.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import matplotlib

from coopassess.charts.data import RadarData, canonical_json
from coopassess.charts.mpl.output import Format, check_format, render
from coopassess.charts.style import STYLE_VERSION
from coopassess.common.lru import LRU

DEFAULT_MAX_BYTES = 32 * 1024 * 1024

Renderer = Callable[..., bytes]


def chart_key(
    data: RadarData, fmt: Format, *, dpi: int = 200, size: tuple[float, float] | None = None
) -> str:
    """sha256 of everything that changes the bytes: content, format, resolution, style."""
    parts = (STYLE_VERSION, matplotlib.__version__, fmt, str(dpi), repr(size), canonical_json(data))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class ChartCache:
    def __init__(
        self,
        max_bytes: int = DEFAULT_MAX_BYTES,
        directory: Path | str | None = None,
        renderer: Renderer = render,
    ) -> None:
        self.max_bytes = max_bytes
        self.directory = Path(directory) if directory is not None else None
        self.renderer = renderer
        self.renders = 0  # charts actually drawn by this cache (monitoring, tests, benchmarks)
        self._memory: LRU[bytes] = LRU(max_bytes, weight=len)
        self._lock = threading.Lock()
        self._drawing: dict[str, threading.Lock] = {}

    def get_or_render(
        self,
        data: RadarData,
        fmt: Format = "svg",
        *,
        dpi: int = 200,
        size: tuple[float, float] | None = None,
    ) -> bytes:
        check_format(fmt)
        key = chart_key(data, fmt, dpi=dpi, size=size)
        cached = self._memory.get(key)
        if cached is not None:
            return cached
        with self._lock:
            drawing = self._drawing.setdefault(key, threading.Lock())
        with drawing:  # one thread draws a given chart; the others wait for it
            try:
                content = self._memory.get(key) or self._read_disk(key, fmt)
                if content is None:
                    content = self.renderer(data, fmt, dpi=dpi, size=size)
                    with self._lock:
                        self.renders += 1
                    self._write_disk(key, fmt, content)
                self._memory.put(key, content)
            finally:
                with self._lock:
                    self._drawing.pop(key, None)
        return content

    def clear(self) -> None:
        """Forget the in-memory charts (the disk folder is left to its owner)."""
        self._memory.clear()

    @property
    def size(self) -> int:
        """Bytes held in memory."""
        return self._memory.total

    def _path(self, key: str, fmt: str) -> Path | None:
        return self.directory / key[:2] / f"{key}.{fmt}" if self.directory else None

    def _read_disk(self, key: str, fmt: str) -> bytes | None:
        path = self._path(key, fmt)
        if path is None:
            return None
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None

    def _write_disk(self, key: str, fmt: str, content: bytes) -> None:
        path = self._path(key, fmt)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(content)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
