"""Where the shipped data lives: top-level folders in a checkout, package data once installed."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_SOURCE_ROOT = _PACKAGE.parent


def _shipped(folder: str) -> Path:
    """``<checkout>/<folder>`` when running from the source tree, else the copy that
    ``pip install`` puts inside the package (see setup.py)."""
    in_checkout = _SOURCE_ROOT / folder
    if in_checkout.is_dir() and (_SOURCE_ROOT / "pyproject.toml").is_file():
        return in_checkout
    return _PACKAGE / folder


def templates_dir() -> Path:
    return _shipped("templates")


def questionnaires_dir() -> Path:
    return _shipped("questionnaires")


def migrations_dir() -> Path:
    return _shipped("migrations")
