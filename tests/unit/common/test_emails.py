"""The masked form of an address the audit log keeps after an erasure."""

from __future__ import annotations

import pytest

from coopassess.common.emails import masked


@pytest.mark.parametrize(
    ("address", "shown"),
    [
        ("jeanne.martin@ville.fr", "j•••@ville.fr"),
        ("j@ville.fr", "j•••@ville.fr"),
        ('"a@b"@ville.fr', '"•••@ville.fr'),
        ("élise@mairie-été.fr", "é•••@mairie-été.fr"),
        ("sans-arobase", "•••"),
    ],
)
def test_masked_keeps_the_first_character_and_the_domain(address: str, shown: str) -> None:
    assert masked(address) == shown
    assert address not in masked(address) or "@" not in address
