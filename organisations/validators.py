"""Swedish organisationsnummer: ten digits, the last a Luhn check digit."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-+]")


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(digits):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_organisation_number(value: str) -> str:
    """Return NNNNNN-NNNN, or raise ValidationError with a message for the person typing."""
    digits = _SEPARATORS.sub("", value or "")
    if len(digits) == 12 and digits.startswith("16"):
        digits = digits[2:]
    if not (digits.isascii() and digits.isdigit()) or len(digits) != 10:
        raise ValidationError(
            _("An organisation number has ten digits, written like 802000-1234."),
            code="format",
        )
    if int(digits[2]) < 2:
        raise ValidationError(
            _(
                "This looks like a personal identity number. Enter the number of the "
                "organisation (its third digit is 2 or higher)."
            ),
            code="personal_number",
        )
    if not luhn_valid(digits):
        raise ValidationError(
            _("The check digit does not match. Please check the number for typing errors."),
            code="checksum",
        )
    return f"{digits[:6]}-{digits[6:]}"


def validate_organisation_number(value: str) -> None:
    normalise_organisation_number(value)
