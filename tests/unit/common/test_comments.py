"""The comment's rules (pure): what is stored of a typed text, the limit and its message."""

from __future__ import annotations

import pytest

from coopassess.common.comments import (
    COMMENT_MAX_LENGTH,
    CommentTooLong,
    clean_comment,
    thousands,
)


@pytest.mark.parametrize("typed", ["", "   ", "\r\n\t \n", "\x00\x01 \x08", None])
def test_nothing_but_spaces_or_controls_is_no_comment(typed: str | None) -> None:
    assert clean_comment(typed) is None


def test_line_breaks_are_one_character_and_the_text_is_kept_as_typed() -> None:
    assert clean_comment("  Ligne 1\r\nLigne 2\rLigne 3 <b>x</b> =A1  ") == (
        "Ligne 1\nLigne 2\nLigne 3 <b>x</b> =A1"
    )


def test_controls_that_no_reader_sees_are_dropped_others_kept() -> None:
    assert clean_comment("a\x00b\x07c\x0bd\te\u202ef 👍") == "abcd\te\u202ef 👍"


def test_the_limit_counts_characters_after_cleaning() -> None:
    assert clean_comment("é" * COMMENT_MAX_LENGTH) == "é" * COMMENT_MAX_LENGTH
    # An emoji is one character (two in UTF-16): 2,000 of them are allowed.
    assert clean_comment("👍" * COMMENT_MAX_LENGTH) is not None
    # A Windows line break counts once; surrounding spaces not at all.
    assert clean_comment("  " + "a\r\n" * 1000 + "  ") == ("a\n" * 1000).strip()
    with pytest.raises(CommentTooLong) as refused:
        clean_comment("x" * (COMMENT_MAX_LENGTH + 1))
    assert refused.value.length == 2001
    message = str(refused.value)
    assert "2\u202f001 caractères" in message and "2\u202f000 au plus" in message
    assert "conservé" in message


def test_thousands_are_grouped_the_french_way() -> None:
    assert thousands(2000) == "2\u202f000" and thousands(999) == "999"
