"""The instrument registry of the running app (the shipped questionnaires unless configured)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from coopassess.instrument.registry import InstrumentRegistry, default_registry, registry_for
from coopassess.instrument.schema import Instrument

EXTENSION_KEY = "coopassess.instruments"


def init_app(app: Flask) -> None:
    folder = app.config["QUESTIONNAIRES_DIR"]
    app.extensions[EXTENSION_KEY] = registry_for(Path(folder)) if folder else default_registry()


def registry() -> InstrumentRegistry:
    return current_app.extensions[EXTENSION_KEY]


def instrument(version: str) -> Instrument:
    """A published version; a response or campaign always names the one it uses."""
    return registry().get(version)
