"""Parse a dialogue document into a ParsedEvent: pure Python, no Django, no database.

The documents come in three shapes, and the parser recognises each by its layout:

* Markdown or .docx-converted text: `#` headings, `-`/`*`/`•` lists nested by indentation,
  `**bold**`/`*italic*` (HTML `<i>`/`<b>` become Markdown), and a topic grid as a Markdown table
  whose italic cells, when the legend says so, are topics not discussed on their own.
* Text copied out of a PDF: every line followed by an empty line, bullets lost or turned into
  glyphs, headings only recognisable by the gap before them or by the text that follows them
  directly, page headers and link annotations mixed in.
* Minutes in prose: sections become the summary of a dialogue instead of topics.

Section headings named Sammanfattning, Råmaterial, Frågor, Åsiktsbarometer or Dialog … route
their text to dialogues, questions and opinion barometer statements. Every non-blank line ends up
in the result or in `unplaced`, with its line number. An Åsiktsbarometer section's lines become
statements, never also a dialogue's summary: the paragraphs before the first statement become the
barometer's introduction; in minutes, a paragraph after the last statement becomes a comment on
the statement it is about or, when it is about none (a new topic), goes back to the summary; what
is left is unplaced ("not_a_statement").
"""

from __future__ import annotations

import logging

from okportal.documents import DocumentError, normalise_newlines
from okportal.importing.casing import sentence_case
from okportal.importing.dates import find_dates
from okportal.importing.doubts import READING_DOUBTS, Doubt, date_doubt

from .parsing.lines import normalise_title, strip_emphasis
from .parsing.sections import _EventBuilder
from .structure import ParsedEvent, UnplacedLine

__all__ = ["normalise_title", "parse_dialogue", "strip_emphasis"]

logger = logging.getLogger(__name__)


def parse_dialogue(
    text: str, filename: str = "", corrections: dict[int, str] | None = None
) -> ParsedEvent:
    """The structure of a dialogue document. Raises DocumentError only for empty text.

    The filename, when given, names a dialogue the document leaves untitled (minutes in prose).
    `corrections` (line number: one of CORRECTABLE_ROLES) are the coordinator's say over what a
    line is, and win over what the parser would have guessed.

    Should the parser itself fail on some input, the error is logged and every line comes
    back unplaced (reason "parser_error"), so an import never loses what the document says.
    """
    if not text or not text.strip():
        raise DocumentError("empty")
    lines = normalise_newlines(text).split("\n")
    corrections = {
        number: role
        for number, role in (corrections or {}).items()
        if role in CORRECTABLE_ROLES and 1 <= number <= len(lines) and lines[number - 1].strip()
    }
    set_apart = {n: lines[n - 1] for n, role in corrections.items() if role in _SET_APART}
    for number in set_apart:
        lines[number - 1] = ""
    for number, role in corrections.items():
        if role == "question":
            lines[number - 1] = _as_question(lines[number - 1])
    try:
        event = _EventBuilder(lines, filename, corrections).build()
    except Exception:
        # An importer must never fail on a document; keep every line for the coordinator.
        logger.exception("Dialogue parser failed; returning every line unplaced")
        return _everything_unplaced(normalise_newlines(text).split("\n"))
    _apply_set_apart(event, set_apart, corrections)
    return event


def parse_upload(text: str, filename: str, corrections: dict[int, str]) -> ParsedEvent:
    """The parser as okportal.importing.uploads calls it, with the coordinator's corrections."""
    return parse_dialogue(text, filename, corrections)


# What a coordinator can say a line is (okportal.importing.forms.LineCorrectionForm's roles).
CORRECTABLE_ROLES = frozenset({
    "title", "date", "dialogue", "topic", "question", "summary", "note", "raw", "ignore",
})  # fmt: skip
# Roles whose lines are taken out of the text before it is parsed.
_SET_APART = frozenset({"title", "date", "ignore"})


def _apply_set_apart(event: ParsedEvent, lines: dict[int, str], corrections) -> None:
    """The lines called the title or the date give the event its title and date; lines left
    out are listed as "ignored"."""
    by_role: dict[str, list[int]] = {}
    for number in sorted(lines):
        by_role.setdefault(corrections[number], []).append(number)
    for number in by_role.get("ignore", []):
        event.unplaced.append(UnplacedLine(number, lines[number].strip(), "ignored"))
    event.unplaced.sort(key=lambda line: line.line)
    if by_role.get("title"):
        title = " ".join(
            strip_emphasis(lines[n]).strip().lstrip("#").strip() for n in by_role["title"]
        )
        event.title = sentence_case(" ".join(title.split()))
        event.title_lines = by_role["title"]
        event.lines.extend(by_role["title"])
    if by_role.get("date"):
        _apply_date(event, [lines[n] for n in by_role["date"]], by_role["date"])


def _apply_date(event: ParsedEvent, texts: list[str], numbers: list[int]) -> None:
    found = find_dates(" ".join(texts))
    date_codes = {"no_date", "date_several", *(f"date_{code}" for code in READING_DOUBTS)}
    event.doubts = [doubt for doubt in event.doubts if doubt.code not in date_codes]
    event.date_lines = numbers
    event.lines.extend(numbers)
    if not found:
        event.date = None
        event.doubts.insert(0, Doubt(numbers[0], "date_unreadable"))
        return
    event.date = found[0].date
    doubt = date_doubt(found[0], numbers[0])
    if doubt is not None:
        event.doubts.insert(0, doubt)


def _as_question(line: str) -> str:
    text = strip_emphasis(line).strip().lstrip("-*•–").strip().strip('”“"«»').strip()
    return f"”{text.rstrip(' .?!:')}?”"


def _everything_unplaced(lines: list[str]) -> ParsedEvent:
    return ParsedEvent(
        unplaced=[
            UnplacedLine(number, line.strip(), "parser_error")
            for number, line in enumerate(lines, 1)
            if line.strip()
        ]
    )
