"""Identifiers of an organisation, checked as people type them."""

from __future__ import annotations

import pytest

from coopassess.organisations.fields import compact, insee_problem, siren_problem


@pytest.mark.parametrize("typed", ["213 105 554", "213.105.554", "552100554", "732829320"])
def test_real_sirens_pass(typed: str) -> None:
    assert siren_problem(compact(typed)) is None


@pytest.mark.parametrize("typed", ["213105555", "12345678", "21310555A", "1234567890"])
def test_a_wrong_key_or_shape_is_named(typed: str) -> None:
    problem = siren_problem(compact(typed))
    assert problem is not None and "SIREN" in problem


@pytest.mark.parametrize("code", ["31555", "2A004", "2b033", "97411"])
def test_insee_codes(code: str) -> None:
    assert insee_problem(compact(code)) is None


@pytest.mark.parametrize("code", ["3155", "2C004", "ABCDE", "315555"])
def test_bad_insee_codes(code: str) -> None:
    assert insee_problem(compact(code)) is not None
