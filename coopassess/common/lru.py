"""The one LRU of the project: a small thread-safe mapping for per-process caches of computed
objects (results, peer groups, charts) keyed by what they depend on, bounded by the number of
entries or, with ``weight``, by their total weight (bytes for charts)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


def _one(_value: object) -> int:
    return 1


class LRU(Generic[T]):
    def __init__(self, capacity: int, weight: Callable[[T], int] = _one) -> None:
        self.capacity = capacity
        self._weight = weight
        self._items: OrderedDict[Hashable, T] = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()

    @property
    def total(self) -> int:
        """The weight held (the number of entries without ``weight``)."""
        return self._total

    def get(self, key: Hashable) -> T | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: T) -> None:
        """Keep ``value``, forgetting the least recently used ones beyond the capacity; a value
        heavier than the whole capacity is not kept."""
        weight = self._weight(value)
        if weight > self.capacity:
            return
        with self._lock:
            previous = self._items.pop(key, None)
            if previous is not None:
                self._total -= self._weight(previous)
            self._items[key] = value
            self._total += weight
            while self._total > self.capacity:
                _, evicted = self._items.popitem(last=False)
                self._total -= self._weight(evicted)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._total = 0
