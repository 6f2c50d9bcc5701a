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

from .parsing.lines import normalise_title, strip_emphasis
from .parsing.sections import _EventBuilder
from .structure import ParsedEvent, UnplacedLine

__all__ = ["normalise_title", "parse_dialogue", "strip_emphasis"]

logger = logging.getLogger(__name__)


def parse_dialogue(text: str, filename: str = "") -> ParsedEvent:
    """The structure of a dialogue document. Raises DocumentError only for empty text.

    The filename, when given, names a dialogue the document leaves untitled (minutes in prose).

    Should the parser itself fail on some input, the error is logged and every line comes
    back unplaced (reason "parser_error"), so an import never loses what the document says.
    """
    if not text or not text.strip():
        raise DocumentError("empty")
    lines = normalise_newlines(text).split("\n")
    try:
        return _EventBuilder(lines, filename).build()
    except Exception:
        # An importer must never fail on a document; keep every line for the coordinator.
        logger.exception("Dialogue parser failed; returning every line unplaced")
        return _everything_unplaced(lines)


def parse_upload(text: str, filename: str, corrections: dict[int, str]) -> ParsedEvent:
    """The parser as okportal.importing.uploads calls it, with the coordinator's corrections:
    a line called a guiding question is read as one, a line left out is listed as "ignored"."""
    lines = normalise_newlines(text).split("\n")
    ignored = []
    for number, role in corrections.items():
        if not 1 <= number <= len(lines) or not lines[number - 1].strip():
            continue
        if role == "ignore":
            ignored.append(UnplacedLine(number, lines[number - 1].strip(), "ignored"))
            lines[number - 1] = ""
        elif role == "question":
            lines[number - 1] = _as_question(lines[number - 1])
    event = parse_dialogue("\n".join(lines), filename)
    event.unplaced = sorted(event.unplaced + ignored, key=lambda line: line.line)
    return event


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
