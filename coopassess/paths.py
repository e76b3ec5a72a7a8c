"""Where the shipped data lives: top-level folders in a checkout, package data once installed."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def _shipped(folder: str) -> Path:
    in_checkout = _SOURCE_ROOT / folder
    if in_checkout.is_dir():
        return in_checkout
    return Path(str(resources.files(f"coopassess.{folder}")))


def templates_dir() -> Path:
    return _shipped("templates")


def questionnaires_dir() -> Path:
    return _shipped("questionnaires")


def migrations_dir() -> Path:
    return _shipped("migrations")
