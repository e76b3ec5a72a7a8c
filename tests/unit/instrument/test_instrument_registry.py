"""Published versions side by side; a published version never changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopassess.instrument.loader import InstrumentError, load_instrument
from coopassess.instrument.registry import InstrumentRegistry, default_registry
from coopassess.paths import questionnaires_dir
from tests.fixtures.instrument import VERSION, copy_shipped, edit, set_version

WORDING = "montrent des signes d'épuisement"
NEW_WORDING = "montrent des signes de fatigue"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_shipped(tmp_path / "questionnaires")


def _archive(root: Path, version: str, *, reworded: bool = False) -> Path:
    folder = copy_shipped(root / "archive" / version)
    if version != VERSION:
        set_version(folder, version)
    if reworded:
        edit(folder / "coop.yaml", WORDING, NEW_WORDING)
    return folder


def test_two_versions_side_by_side(root: Path) -> None:
    _archive(root, "0.9.0", reworded=True)
    registry = InstrumentRegistry(root)
    assert registry.versions() == ["0.9.0", VERSION]
    assert registry.current().version == VERSION
    old, new = registry.get("0.9.0"), registry.get(VERSION)
    assert old.version == "0.9.0"
    assert NEW_WORDING in old.items_by_id["COOP-VIT-01"].text["commun"].fr
    assert WORDING in new.items_by_id["COOP-VIT-01"].text["commun"].fr
    assert old.content_hash != new.content_hash
    assert registry.current() is new


def test_unknown_version_is_a_key_error(root: Path) -> None:
    with pytest.raises(KeyError):
        InstrumentRegistry(root).get("0.1.0")


def test_versions_sort_numerically(root: Path) -> None:
    _archive(root, "0.10.0")
    _archive(root, "0.9.0")
    assert InstrumentRegistry(root).versions() == ["0.9.0", "0.10.0", VERSION]


def test_identical_copy_of_a_published_version_is_accepted(root: Path) -> None:
    _archive(root, VERSION)
    assert InstrumentRegistry(root).versions() == [VERSION]


def test_same_version_with_other_content_is_refused(root: Path) -> None:
    _archive(root, VERSION, reworded=True)
    with pytest.raises(InstrumentError) as caught:
        InstrumentRegistry(root).versions()
    assert len(caught.value.errors) == 1
    assert f"version {VERSION} is already published with other content" in caught.value.errors[0]


def test_broken_archive_is_reported(root: Path) -> None:
    folder = _archive(root, "0.9.0")
    edit(folder / "coop.yaml", "scale: LIK5", "scale: LIK7")
    with pytest.raises(InstrumentError) as caught:
        InstrumentRegistry(root).current()
    assert any("unknown scale 'LIK7'" in error for error in caught.value.errors)


def test_content_hash_is_stable_and_follows_the_wording(root: Path) -> None:
    first, second = load_instrument(root), load_instrument(root)
    assert first.content_hash == second.content_hash
    assert first.content_hash == load_instrument(questionnaires_dir()).content_hash
    edit(root / "coop.yaml", WORDING, NEW_WORDING)
    assert load_instrument(root).content_hash != first.content_hash


def test_comments_and_layout_do_not_change_the_hash(root: Path) -> None:
    before = load_instrument(root).content_hash
    path = root / "coop.yaml"
    path.write_text("# a comment\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_instrument(root).content_hash == before


def test_default_registry_serves_the_shipped_files() -> None:
    registry = default_registry()
    assert registry is default_registry()
    assert registry.root == questionnaires_dir()
    assert registry.current().version in registry.versions()
