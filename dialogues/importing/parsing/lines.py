"""Stage 1 of the dialogue parser: each line cleaned and described, and the document's layout.

A line's list marker, indentation, `#` level and table shape; HTML emphasis as Markdown; the
blank lines before it as a gap kind; whether it could be a heading by its form alone; and page
headers, separators and link annotations as artifacts. Also the text helpers every stage shares.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from okportal.importing.layout import STANDALONE_URL, is_page_furniture

QUOTES = "\"“”„«»‘’'"
LIST_GLYPHS = "•◦▪▫‣●○■□\u2043\uf0b7\uf0a7\uf076\uf0d8\uf0fc"
MAX_HEADING_WORDS = 6
MAX_HEADING_CHARS = 60
CONTINUABLE_CHARS = 50
PROSE_LINE_CHARS = 60
DOUBLE_SPACED_SHARE = 0.75
PROSE_SHARE = 0.5
# Words a heading does not end with: a line ending in one is the start of a sentence.
TRAILING_FUNCTION_WORDS = frozenset({
    "att", "och", "som", "för", "till", "av", "i", "på", "om", "eller", "men", "en", "ett", "den",
    "det", "de", "the", "and", "of", "to", "a", "an", "for"
})  # fmt: skip

_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^([-*_])(?:\s*\1){2,}\s*$")
_ASCII_BULLET = re.compile(r"^([-*+–—]|\d{1,3}[.)])(?:\s+|$)")
_GLYPH_BULLET = re.compile(rf"^([{LIST_GLYPHS}])\s*")
_HTML_ITALIC = re.compile(r"<\s*(i|em)\s*>(.*?)<\s*/\s*\1\s*>", re.IGNORECASE)
_HTML_BOLD = re.compile(r"<\s*(b|strong)\s*>(.*?)<\s*/\s*\1\s*>", re.IGNORECASE)
_HTML_BREAK = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_BARE_LINK = STANDALONE_URL
_LEGEND = re.compile(r"(?:kursiv|italic).*\b(?:inte|ej|not)\b", re.IGNORECASE)


# --- helpers shared with the importer --------------------------------------------------------


def strip_emphasis(text: str) -> str:
    if "*" not in text and "_" not in text:
        return text
    text = _STRONG.sub(r"\2", text)
    return _EMPHASIS.sub(r"\2", text)


def normalise_title(title: str) -> str:
    """The form two spellings of one topic heading share: case, dashes, spacing, emphasis."""
    text = unicodedata.normalize("NFC", strip_emphasis(title)).casefold()
    text = _DASHES.sub("-", text)
    return " ".join(text.split()).strip(" .:;,!?")


# --- lines -------------------------------------------------------------------------------------


@dataclass
class _Line:
    no: int
    raw: str
    text: str = ""  # stripped, HTML emphasis as Markdown
    content: str = ""  # without list marker (numbers kept), spaces collapsed
    indent: int = 0
    marker: str | None = None
    arrow_only: bool = False
    atx: int = 0
    table: bool = False
    gap: str = "none"  # blank lines before it: start, none, soft, hard, page
    blank: bool = field(init=False)

    def __post_init__(self) -> None:
        self.blank = not self.raw.strip()

    @cached_property
    def heading_shaped(self) -> bool:
        """Whether the line, by its form alone and wherever it is indented, could be a heading."""
        if (
            self.blank
            or self.marker
            or self.table
            or self.atx
            or len(self.text) > 2 * MAX_HEADING_CHARS
        ):
            return False
        text = strip_emphasis(self.text)
        if "  " in text or _BARE_LINK.match(text) or _LEGEND.search(text):
            return False
        text = text.rstrip(":").strip()
        if not text or len(text) > MAX_HEADING_CHARS or text[-1] in ".,;!?…" or ": " in text:
            return False
        words = [word for word in text.split() if any(char.isalnum() for char in word)]
        first_letter = next((char for char in text if char.isalpha()), "")
        return (
            1 <= len(words) <= MAX_HEADING_WORDS
            and text[0].isalnum()
            and first_letter.isupper()
            and words[-1].casefold() not in TRAILING_FUNCTION_WORDS
        )


def _scan(raw_lines: list[str]) -> list[_Line]:
    return [_scan_line(number, raw) for number, raw in enumerate(raw_lines, 1)]


def _scan_line(number: int, raw: str) -> _Line:
    line = _Line(no=number, raw=raw)
    if line.blank:
        return line
    line.text = _html_to_markdown(raw.strip())
    stripped = raw.lstrip()
    line.indent = len(raw[: len(raw) - len(stripped)].expandtabs(4))
    heading = _ATX.match(line.text)
    if heading and heading.group(2):
        line.atx = len(heading.group(1))
        line.content = " ".join(heading.group(2).split())
        return line
    line.table = line.text.startswith("|") and line.text.count("|") >= 2
    body = line.text
    if not line.table and not _RULE.match(body):
        body = _take_marker(line, body)
    line.content = " ".join(body.split())
    return line


def _take_marker(line: _Line, body: str) -> str:
    match = _ASCII_BULLET.match(body) or _GLYPH_BULLET.match(body)
    if match:
        line.marker = match.group(1)
        body = body[match.end() :]
        if line.marker[0].isdigit():
            body = f"{line.marker} {body}" if body else ""
    if body.startswith("↳"):
        line.arrow_only = line.marker is None
        line.marker = line.marker or "↳"
        body = body[1:].lstrip()
    return body


def _html_to_markdown(text: str) -> str:
    text = _HTML_BREAK.sub(" ", text)
    text = _HTML_BOLD.sub(lambda m: _wrap(m.group(2), "**"), text)
    return _HTML_ITALIC.sub(lambda m: _wrap(m.group(2), "*"), text)


def _wrap(inner: str, marker: str) -> str:
    core = inner.strip()
    return f"{marker}{core}{marker}" if core else inner


def _last_char(text: str) -> str:
    return strip_emphasis(text).rstrip(f" {QUOTES}")[-1:]


def _terminated(text: str) -> bool:
    return _last_char(text) in (".", "!", "?", ":", ";")


def _artifact_reason(line: _Line, double_spaced: bool) -> str | None:
    text = line.text
    if _RULE.match(text):
        return "separator"
    if is_page_furniture(text, bare_numbers=double_spaced):
        return "page_artifact"
    if double_spaced and _BARE_LINK.match(text):
        return "bare_link"
    if line.marker and not line.content:
        return "empty_item"
    return None


# --- layout --------------------------------------------------------------------------------


@dataclass
class _Layout:
    double_spaced: bool
    prose: bool


def _detect_layout(lines: list[_Line]) -> _Layout:
    body = [line for line in lines if not line.blank and not line.table]
    if not body:
        return _Layout(double_spaced=False, prose=False)
    has_atx = any(line.atx for line in body)
    followed_by_empty = sum(1 for line in body if line.no < len(lines) and lines[line.no].raw == "")
    double_spaced = (
        not has_atx and len(body) >= 4 and followed_by_empty >= DOUBLE_SPACED_SHARE * len(body)
    )
    long_plain = sum(
        1 for line in body if not line.marker and len(line.content) >= PROSE_LINE_CHARS
    )
    return _Layout(double_spaced=double_spaced, prose=long_plain >= PROSE_SHARE * len(body))


def _assign_gaps(lines: list[_Line], layout: _Layout) -> None:
    seen_text = False
    empty_run = longest_empty_run = blanks = whitespace_only = 0
    for line in lines:
        if line.blank:
            blanks += 1
            whitespace_only += line.raw != ""
            empty_run = empty_run + 1 if line.raw == "" else 0
            longest_empty_run = max(longest_empty_run, empty_run)
            continue
        line.gap = _gap_kind(
            seen_text, blanks, whitespace_only, longest_empty_run, layout.double_spaced
        )
        seen_text = True
        empty_run = longest_empty_run = blanks = whitespace_only = 0


def _gap_kind(
    seen_text: bool, blanks: int, whitespace_only: int, longest_empty_run: int, double: bool
) -> str:
    if not seen_text:
        return "start"
    if not blanks:
        return "none"
    if longest_empty_run >= 2:
        return "page"
    if double and not whitespace_only and blanks == 1:
        return "soft"
    return "hard"
