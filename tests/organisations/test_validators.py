import re

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from organisations.validators import luhn_valid, normalise_organisation_number


def with_check_digit(nine: str) -> str:
    for digit in "0123456789":
        if luhn_valid(nine + digit):
            return nine + digit
    raise AssertionError


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("232100-0156", "232100-0156"),  # Region Värmland
        ("2321000156", "232100-0156"),
        ("16232100-0156", "232100-0156"),
        (" 202100 3153 ", "202100-3153"),  # Karlstads universitet
    ],
)
def test_valid_numbers_are_stored_in_one_form(typed, stored):
    assert normalise_organisation_number(typed) == stored


@pytest.mark.parametrize(
    "typed, code",
    [
        ("232100-0157", "checksum"),
        ("23210-0156", "format"),
        ("abcdef-ghij", "format"),
        ("800101-1234", "personal_number"),
        ("²³²¹⁰⁰-⁰¹⁵⁶", "format"),  # superscript digits: isdigit(), but no int()
        ("٢٣٢١٠٠-٠١٥٦", "format"),  # Arabic-Indic digits
    ],
)
def test_bad_numbers_are_refused_with_a_reason(typed, code):
    with pytest.raises(ValidationError) as error:
        normalise_organisation_number(typed)
    assert error.value.code == code


@given(st.from_regex(r"\A[1-9][0-9][2-9][0-9]{6}\Z"))
def test_every_number_with_its_check_digit_passes(nine):
    number = with_check_digit(nine)
    assert normalise_organisation_number(number) == f"{number[:6]}-{number[6:]}"


@given(st.from_regex(r"\A[1-9][0-9][2-9][0-9]{6}\Z"), st.integers(1, 9))
def test_a_wrong_check_digit_is_caught(nine, offset):
    number = with_check_digit(nine)
    wrong = number[:9] + str((int(number[9]) + offset) % 10)
    with pytest.raises(ValidationError):
        normalise_organisation_number(wrong)


@given(st.text(max_size=20))
def test_any_text_is_stored_or_refused_with_a_reason_never_an_error(typed):
    try:
        stored = normalise_organisation_number(typed)
    except ValidationError as error:
        assert error.code in {"format", "checksum", "personal_number"}
    else:
        assert re.fullmatch(r"[0-9]{6}-[0-9]{4}", stored)
