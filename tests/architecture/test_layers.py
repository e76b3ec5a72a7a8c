"""The layers of docs/architecture.md hold in the code, and the checker catches each kind of
forbidden import (shown on small made-up packages)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.architecture.layers import layer, modules_of, violations

ROOT = Path(__file__).resolve().parents[2]


def test_the_package_follows_its_layers() -> None:
    modules = modules_of(ROOT)
    assert len(modules) > 100
    assert violations(modules) == []


def test_only_the_wiring_and_features_sit_at_the_package_root() -> None:
    root_modules = {name for name in modules_of(ROOT) if name.count(".") == 1}
    plain = {name for name in root_modules if not (ROOT / Path(*name.split("."))).is_dir()}
    assert {layer(name) for name in plain} <= {"wiring", "pure"}


@pytest.mark.parametrize(
    ("modules", "expected"),
    [
        (
            {"coopassess.scoring.levels": "import flask"},
            "the pure core imports only the pure core",
        ),
        (
            {"coopassess.charts.radar": "from sqlalchemy import select"},
            "the pure core imports only the pure core",
        ),
        (
            {
                "coopassess.reports.page": "from coopassess.campaigns.results import x",
                "coopassess.campaigns.results": "",
            },
            "the pure core imports only the pure core",
        ),
        (
            {"coopassess.campaigns.results": "from flask import current_app"},
            "a service knows no request",
        ),
        (
            {"coopassess.consult.reference": "from coopassess.registry import instrument"},
            "a service knows no request",
        ),
        (
            {
                "coopassess.campaigns.results": "from coopassess.campaigns.views import pages",
                "coopassess.campaigns.views.pages": "",
            },
            "a service knows no request, no app and no blueprint",
        ),
        (
            {
                "coopassess.cli.report": "from coopassess.campaigns.views.pages import x",
                "coopassess.campaigns.views.pages": "",
            },
            "only blueprints and the wiring import a view",
        ),
        (
            {
                "coopassess.campaigns.a": "from coopassess.campaigns import b",
                "coopassess.campaigns.b": "from coopassess.campaigns.a import x",
            },
            "cycle: coopassess.campaigns.a → coopassess.campaigns.b",
        ),
    ],
)
def test_each_forbidden_import_is_caught(modules: dict[str, str], expected: str) -> None:
    found = violations(modules)
    assert len(found) == 1 and expected in found[0]


def test_imports_for_type_checking_and_inside_functions_are_not_layers() -> None:
    source = "def f():\n    import flask\n"
    assert violations({"coopassess.scoring.x": source}) == []
