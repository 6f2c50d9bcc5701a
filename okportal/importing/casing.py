"""Headings written in capitals, shown in sentence case: "DIALOG 2: HÖK OCH ÖK I PRAKTIKEN" →
"Dialog 2: HÖK och ÖK i praktiken".

Acronyms stay in capitals: the known ones of the field, and any word the same document also
writes in capitals inside ordinary text. A word the document writes with a capital inside a
sentence (a place, a name: "Arvika", "Skåne") keeps its capital.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ACRONYMS = frozenset({
    "HÖK", "IOP", "ÖK", "SKR", "EU", "FN", "RF", "SISU", "ABF", "NBV", "SV", "PRO", "SPF",
    "RFSU", "RFSL", "KFUM", "KFUK", "IT", "HBTQ", "HBTQI", "LSS", "BUP", "SFI", "ESF", "ANDT",
})  # fmt: skip
# Places a heading in capitals names more often than the text below it does.
PLACES = {
    name.lower(): name
    for name in (
        "Sverige", "Värmland", "Skåne", "Örebro", "Halland", "Stockholm", "Uppsala", "Göteborg",
        "Malmö", "Karlstad", "Dalarna", "Gävleborg", "Jämtland", "Västerbotten", "Norrbotten",
        "Blekinge", "Kalmar", "Kronoberg", "Jönköping", "Östergötland", "Södermanland",
        "Västmanland", "Gotland", "Västernorrland", "Arvika", "Kristinehamn", "Sunne", "Torsby",
    )
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


def is_capitals(text: str) -> bool:
    """Whether the text is written in capitals (at least two letters, none small)."""
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


def vocabulary(lines: Iterable[str]) -> dict[str, str]:
    """How the document spells words inside ordinary (not all-capitals) text: acronyms and
    capitalised names after a sentence's first word, keyed by their lower-case form."""
    known: dict[str, str] = {}
    for line in lines:
        if is_capitals(line):
            continue
        for position, match in enumerate(_WORD.finditer(line)):
            word = match.group()
            if (
                len(word) >= 2
                and word.isupper()
                or position
                and word[0].isupper()
                and word.lower() not in known
            ):
                known[word.lower()] = word
    return known


def sentence_case(text: str, known: dict[str, str] | None = None) -> str:
    """A heading in capitals in sentence case; any other text as it is. A colon, a full stop
    or a dash between spaces ("TEMA 1 – FINANSIERING") starts a new sentence."""
    if not is_capitals(text):
        return text
    known = known or {}
    first = True

    def word(match: re.Match[str]) -> str:
        nonlocal first
        original = match.group()
        lower = original.lower()
        if original in ACRONYMS:
            result = original
        elif lower in known:
            result = known[lower]
        elif lower in PLACES:
            result = PLACES[lower]
        else:
            result = lower
        if first:
            result = result[:1].upper() + result[1:]
            first = False
        return result

    out = []
    for sentence in re.split(r"(?<=[:.!?])(\s+)|(\s+[–—]\s+)", text):
        if sentence is None:
            continue
        first = True
        out.append(_WORD.sub(word, sentence) if sentence.strip() else sentence)
    return "".join(out)
