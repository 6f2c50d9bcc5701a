"""Joining lines that a hard wrap broke (text copied out of a PDF, or typed with line breaks):
the one rule both importers use to tell whether a line goes on from the one above it.

Lists keep their line breaks: the callers ask only about lines that are not list items.
"""

from __future__ import annotations

QUOTES = "\"“”„«»‘’'"
# A line ending in one of these is cut off in the middle of a sentence.
OPEN_END = (",", "-", "–", "—", ";", "&", "/", "(")
SENTENCE_END = (".", "!", "?", ":", ";", "…")
ABBREVIATIONS = frozenset({
    "ev.", "t.ex.", "m.m.", "bl.a.", "dvs.", "d.v.s.", "osv.", "o.s.v.", "etc.", "ca.", "resp.",
    "inkl.", "exkl.", "s.k.", "p.g.a.", "pga.", "nr.", "jfr.", "m.fl.", "mfl.", "t.o.m.",
    "fr.o.m.", "e.g.", "i.e.", "vs."
})  # fmt: skip


def last_char(text: str) -> str:
    """The last character of the text, closing quotes and emphasis marks set aside."""
    return text.rstrip(f" *_{QUOTES}")[-1:]


def ends_with_abbreviation(text: str) -> bool:
    words = text.split()
    return bool(words) and words[-1].casefold() in ABBREVIATIONS


def reads_on(previous: str, following: str, *, long_line: bool, paragraph: bool) -> bool:
    """Whether `following` is the rest of the text of `previous`, broken by a hard wrap.

    `long_line`: `previous` reaches (nearly) the width the text is wrapped at, so the break is
    the wrap's, not the writer's. `paragraph`: a block holds several sentences (the body of a
    minutes item, a summary in prose), so a long line goes on whatever it ends with, and a line
    starting in small letters always goes on; else (one note, one sentence) a line in small
    letters goes on after a full stop only when the stop is an abbreviation's, and a long line
    only when it does not end a sentence.
    """
    if not previous or not following:
        return False
    end = last_char(previous)
    if following[0].islower():
        if paragraph:
            return True
        if end == ".":
            return ends_with_abbreviation(previous)
        return end not in ("!", "?")
    if previous.rstrip().endswith(OPEN_END):
        return True
    return long_line and (paragraph or end not in SENTENCE_END)
