"""What a running job receives: its own database session, the configuration and the clock."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from coopassess.instrument.registry import InstrumentRegistry


@dataclass
class JobContext:
    """Passed as the first argument of every job function.

    ``session`` is the job's own session: the runner commits it when the job returns and rolls
    it back when the job raises. ``now`` is the worker's clock when the job started (tests run
    the queue at a chosen time). Jobs queued with ``enqueue`` go to the queue only after that
    commit, so the job they start sees what this one wrote.
    """

    session: Session
    config: Mapping[str, Any]
    now: datetime
    load_registry: Callable[[], InstrumentRegistry]
    queued: list[tuple[Callable[..., Any], tuple[Any, ...], datetime | None]] = field(
        default_factory=list
    )

    @property
    def registry(self) -> InstrumentRegistry:
        return self.load_registry()

    def enqueue(self, func: Callable[..., Any], *args: Any, eta: datetime | None = None) -> None:
        """Queue another job once this one has committed (at ``eta`` if given)."""
        self.queued.append((func, args, eta))
