"""Options several commands share, declared once so that they read and behave the same."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

FILE = click.Path(dir_okay=False, path_type=Path)
Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def responses_option(help: str) -> Decorator:
    """``--responses FILE.json``: a campaign's answers collected elsewhere (required)."""
    return click.option("--responses", required=True, type=FILE, help=help)


def out_option(
    help: str, *, required: bool = True
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--out FILE``: the file a command writes."""
    return click.option("--out", required=required, type=FILE, help=help)
