"""Page furniture in text copied out of PDFs and Word: page numbers, letterhead label rows and
running headers or footers repeated on every page. Both importers drop these lines (listing
them with the reason "page header") before they read the structure."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .dates import ISO_DATE

# "Sida 3 av 5", "Page 2 of 4", "3 (5)", "3/5", "- 3 -"
_PAGE_OF_PAGES = re.compile(
    r"^(?:sida|page|s\.)\s*\d{1,4}(?:\s*(?:av|of|/|\()\s*\d{1,4}\)?)?$"
    r"|^\d{1,4}\s*(?:\(\s*\d{1,4}\s*\)|av\s+\d{1,4}|/\s*\d{1,4})$"
    r"|^[-–]\s*\d{1,4}\s*[-–]$",
    re.I,
)
# "REGION VÄRMLAND 2015-10-23  3 (5)": a running header ending in a page count.
_HEADER_WITH_PAGE = re.compile(r"^.{0,80}\s\d{1,3}\s*(?:\(\s*\d{1,3}\s*\)|av\s+\d{1,3})$", re.I)
_BARE_NUMBER = re.compile(r"^\d{1,3}$")
_LETTERHEAD_WORDS = frozenset({
    "datum", "diarienummer", "dnr", "beteckning", "sida", "handläggare", "page", "date",
    "reference", "vår", "referens", "er",
})  # fmt: skip
_ITEM_LIKE = re.compile(r"^(?:[#§]|punkt\b|ärende\b|[-•*]\s)")
# A line that is only a link: a PDF's link annotation, or a URL on a line of its own.
STANDALONE_URL = re.compile(r"^<?((?:https?://|www\.)[^\s<>\"]+)>?$", re.I)
REPEATED_MIN = 3
REPEATED_MAX_LENGTH = 90


def is_page_furniture(text: str, *, bare_numbers: bool = False) -> bool:
    """Whether one line, by its form alone, is a page number or letterhead.

    `bare_numbers`: a lone number counts as a page number (text with a blank line after every
    line, where a number cannot be a list's or an item's).
    """
    text = text.strip()
    if not text:
        return False
    if _PAGE_OF_PAGES.match(text) or (bare_numbers and _BARE_NUMBER.match(text)):
        return True
    words = [word.casefold().strip(":") for word in text.split()]
    if len(words) >= 2 and all(word in _LETTERHEAD_WORDS for word in words):
        return True
    if _HEADER_WITH_PAGE.match(text):
        letters = [char for char in text if char.isalpha()]
        upper = sum(1 for char in letters if char.isupper())
        return bool(ISO_DATE.search(text)) or (bool(letters) and upper >= 0.5 * len(letters))
    return False


def _shape(text: str) -> str:
    """A line with its digits blanked out: page 2's header has the shape of page 3's."""
    return re.sub(r"\d+", "#", " ".join(text.split())).casefold()


def repeated_furniture(lines: Sequence[str]) -> set[int]:
    """Indexes of short lines that recur on every page (the same words, the numbers may change).

    Only lines at least REPEATED_MIN times, ten lines or more apart, that hold a number (a date,
    a page) or are in capitals: "Mötet beslutade att lägga informationen till handlingarna."
    recurs too, and is text.
    """
    shapes = [
        _shape(line) if 0 < len(line.strip()) <= REPEATED_MAX_LENGTH else "" for line in lines
    ]
    counts = Counter(shape for shape in shapes if shape)
    found: set[int] = set()
    for shape, count in counts.items():
        if count < REPEATED_MIN or len(shape) < 8 or not any(c.isalpha() for c in shape):
            continue
        if _ITEM_LIKE.match(shape):  # "§ # information" recurs as items, not as a header
            continue
        if "#" not in shape and not _mostly_capitals(lines[shapes.index(shape)]):
            continue
        indexes = [i for i, candidate in enumerate(shapes) if candidate == shape]
        spread = min(b - a for a, b in zip(indexes, indexes[1:], strict=False))
        if spread >= 10:
            found.update(indexes)
    return found


def _mostly_capitals(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and sum(char.isupper() for char in letters) >= 0.6 * len(letters)
