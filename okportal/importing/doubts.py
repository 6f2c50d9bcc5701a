"""What a parser guessed, for an import preview to show beside its line: one shape for both
importers, and the date doubts they share (their wording translated once)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .dates import DateReading

# The doubts a date reading carries (okportal.importing.dates) that a preview must show.
READING_DOUBTS = frozenset({"compact", "weekday", "short_year"})

DATE_DOUBTS = {
    "date_compact": gettext_lazy("The date is written as six digits and can be read two ways."),
    "date_weekday": gettext_lazy("The weekday does not match the date."),
    "date_short_year": gettext_lazy("The year is written with two digits."),
    "date_no_year": gettext_lazy("The date has no year."),
    "date_several": gettext_lazy("The document gives more than one date."),
    "date_unreadable": gettext_lazy("No date could be read from the line you marked as the date."),
}


@dataclass(frozen=True)
class Doubt:
    """`line_number` (0: the document as a whole), a stable `code`, and other readings as
    text (ISO dates for a date)."""

    line_number: int
    code: str
    alternatives: tuple[str, ...] = ()


def date_doubt(reading: DateReading | None, line_number: int) -> Doubt | None:
    """The doubt a date reading carries, if a preview must show it."""
    if reading is None or reading.doubt not in READING_DOUBTS:
        return None
    return Doubt(
        line_number,
        f"date_{reading.doubt}",
        tuple(date.isoformat() for date in reading.alternatives),
    )


def doubts_by_line(doubts, wording: dict) -> dict[int, list[str]]:
    """Each doubt's text (with its other readings) by line number, for a preview."""
    found: dict[int, list[str]] = {}
    for doubt in doubts:
        text = str(wording.get(doubt.code) or DATE_DOUBTS.get(doubt.code, doubt.code))
        if doubt.alternatives:
            text += " " + _("Other reading: %(dates)s.") % {"dates": ", ".join(doubt.alternatives)}
        found.setdefault(doubt.line_number, []).append(text)
    return found
