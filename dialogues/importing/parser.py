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

import datetime
import difflib
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from okportal.documents import DocumentError, normalise_newlines

from .structure import (
    ParsedBarometerStatement,
    ParsedDialogue,
    ParsedEvent,
    ParsedNote,
    ParsedQuestion,
    ParsedTopic,
    UnplacedLine,
)

logger = logging.getLogger(__name__)

QUOTES = "\"“”„«»‘’'"
LIST_GLYPHS = "•◦▪▫‣●○■□\u2043\uf0b7\uf0a7\uf076\uf0d8\uf0fc"
MAX_HEADING_WORDS = 6
MAX_HEADING_CHARS = 60
CONTINUABLE_CHARS = 50
PROSE_LINE_CHARS = 60
PROSE_CONTINUATION_CHARS = 70
DOUBLE_SPACED_SHARE = 0.75
PROSE_SHARE = 0.5
FUZZY_TITLE_RATIO = 0.88
# Words a heading does not end with: a line ending in one is the start of a sentence.
TRAILING_FUNCTION_WORDS = frozenset({
    "att", "och", "som", "för", "till", "av", "i", "på", "om", "eller", "men", "en", "ett", "den",
    "det", "de", "the", "and", "of", "to", "a", "an", "for"
})  # fmt: skip
# A note ending in one of these (or in a colon) introduces the items written below it.
INTRODUCING_WORDS = TRAILING_FUNCTION_WORDS | frozenset({
    "med", "mot", "från", "genom", "hos", "inom", "mellan", "utan", "with", "by", "from"
})  # fmt: skip
ABBREVIATIONS = frozenset({
    "ev.", "t.ex.", "m.m.", "bl.a.", "dvs.", "d.v.s.", "osv.", "o.s.v.", "etc.", "ca.", "resp.",
    "inkl.", "exkl.", "s.k.", "p.g.a.", "pga.", "nr.", "jfr.", "m.fl.", "mfl.", "t.o.m.",
    "fr.o.m.", "e.g.", "i.e.", "vs."
})  # fmt: skip

_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^([-*_])(?:\s*\1){2,}\s*$")
_ASCII_BULLET = re.compile(r"^([-*+–—]|\d{1,3}[.)])(?:\s+|$)")
_GLYPH_BULLET = re.compile(rf"^([{LIST_GLYPHS}])\s*")
_TABLE_SEPARATOR = re.compile(r"^\|?(?:\s*:?-+:?\s*\|)+\s*(?::?-+:?)?\s*\|?$")
_HTML_ITALIC = re.compile(r"<\s*(i|em)\s*>(.*?)<\s*/\s*\1\s*>", re.IGNORECASE)
_HTML_BOLD = re.compile(r"<\s*(b|strong)\s*>(.*?)<\s*/\s*\1\s*>", re.IGNORECASE)
_HTML_BREAK = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_ITALIC_CELL = re.compile(r"(\*\*\*|\*|_)(?!\*)\S(?:.*\S)?\1")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
# "LANDSTINGET I VÄRMLAND 2015-10-23  3 (5)", "Sida 3 av 5", "3/5"
_PAGE_OF_PAGES = re.compile(
    r"\b\d{1,4}\s*\(\s*\d{1,4}\s*\)$|^(?:sida|page)\s+\d+(?:\s*(?:av|of|/)\s*\d+)?$"
    r"|^\d{1,4}\s*/\s*\d{1,4}$",
    re.IGNORECASE,
)
_BARE_PAGE_NUMBER = re.compile(r"^-?\s*\d{1,4}\s*-?$")
_LETTERHEAD_WORDS = frozenset({
    "datum", "diarienummer", "dnr", "beteckning", "sida", "handläggare", "page", "date",
    "reference"
})  # fmt: skip
_BARE_LINK = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_LEGEND = re.compile(r"(?:kursiv|italic).*\b(?:inte|ej|not)\b", re.IGNORECASE)
_DATE_LABEL = re.compile(r"^(?:datum|date|dag|när)\s*:\s*(.+)$", re.IGNORECASE)
_PLACE_LABEL = re.compile(r"^(?:plats|lokal|place|venue|ort)\s*:\s*(.+)$", re.IGNORECASE)
_QUESTION_LABEL = re.compile(
    r"^(?:fråga|frågeställning|question)\s*\d*\s*[:.]\s*(.+)$", re.IGNORECASE
)
_QUOTED = re.compile(rf"^[{QUOTES}]([^{QUOTES}]+)[{QUOTES}]\s*(\?)?\s*[.!]?$")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_SWEDISH_DATE = re.compile(
    r"\b(\d{1,2})\s+(jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)[a-zé]*\.?\s+(\d{4})\b",
    re.IGNORECASE,
)
_MONTHS = {
    month: number
    for number, month in enumerate(
        ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"), 1
    )
}
_SECTION_KEYWORDS = (
    ("summary", re.compile(r"^(?:sammanfattning|summering|summary)\b")),
    ("raw", re.compile(r"^(?:råmaterial|rådata|råanteckningar|originalanteckningar|raw)\b")),
    ("barometer", re.compile(r"^(?:åsiktsbarometern?|opinion barometer|värderingsövning)\b")),
    (
        "questions",
        re.compile(r"^(?:frågor|frågeställningar|diskussionsfrågor|guiding questions|questions)$"),
    ),
    ("dialogue", re.compile(r"^dialog(?:ue)?\s*(?:\d+|[:-])")),
)
_SENTENCE_END = re.compile(rf"(?<=[.!?])[{QUOTES})]*\s+(?=[\w{QUOTES}(])")
_COMMENT_LABEL = re.compile(r"\b(?:kommentar(?:er)?|comments?)\s*:\s*", re.IGNORECASE)
_OUTCOME_LABEL = re.compile(r"^(?:utfall|resultat|placering|outcome)\s*:\s*", re.IGNORECASE)
_STATEMENT_LABEL = re.compile(r"^(?:påstående|statement)\s*\d*\s*:\s*", re.IGNORECASE)
_OUTCOME_START = re.compile(
    r"^(?:alla|ingen|samtliga|nästan|spridning|spritt|spridda|gruppering|grupperat|grupperade"
    r"|samlad|samlade|samlat|lätt|klar|tydlig|stor|övervikt|majoritet|flertalet|flest|de flesta"
    r"|hälften|jämnt|jämn|delad|delat|delade|mest|många|några|få|merparten|övervägande"
    r"|most|all|nobody|none|spread|majority|evenly|split)\b"
)
_OUTCOME_SCALE = re.compile(r"håller (?:inte |ej )?med|mitten|instämm|agree|middle|skalan")
_ALL_AGREE = re.compile(r"^(?:alla|ingen|samtliga|nästan alla)\s+(?:håller|instämm|tycker)")


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


def _everything_unplaced(lines: list[str]) -> ParsedEvent:
    return ParsedEvent(
        unplaced=[
            UnplacedLine(number, line.strip(), "parser_error")
            for number, line in enumerate(lines, 1)
            if line.strip()
        ]
    )


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


def _ends_with_abbreviation(text: str) -> bool:
    words = text.split()
    return bool(words) and words[-1].casefold() in ABBREVIATIONS


def _artifact_reason(line: _Line, double_spaced: bool) -> str | None:
    text = line.text
    if _RULE.match(text):
        return "separator"
    if _PAGE_OF_PAGES.search(text) or (double_spaced and _BARE_PAGE_NUMBER.match(text)):
        return "page_artifact"
    words = [word.casefold() for word in text.split()]
    if words and all(word in _LETTERHEAD_WORDS for word in words):
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


# --- topic grid ----------------------------------------------------------------------------


@dataclass
class _GridCell:
    title: str
    italic: bool
    row: int
    column: int
    line: int


@dataclass
class _Grid:
    cells: list[_GridCell]
    lines: list[int]
    by_key: dict[str, _GridCell] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for cell in self.cells:
            self.by_key.setdefault(normalise_title(cell.title), cell)

    def match(self, text: str) -> str | None:
        """The grid key a heading refers to, allowing for a typo or two."""
        key = normalise_title(text)
        if not key:
            return None
        if key in self.by_key:
            return key
        for candidate in self.by_key:
            if abs(len(candidate) - len(key)) > max(3, len(key) // 5):
                continue
            matcher = difflib.SequenceMatcher(None, key, candidate)
            if matcher.quick_ratio() >= FUZZY_TITLE_RATIO and matcher.ratio() >= FUZZY_TITLE_RATIO:
                return candidate
        return None


def _table_cells(text: str) -> list[str]:
    inner = text.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [cell.strip() for cell in inner.split("|")]


def _is_italic_cell(cell: str) -> bool:
    return bool(_ITALIC_CELL.fullmatch(cell))


def _find_grid(lines: list[_Line]) -> _Grid | None:
    """The first Markdown table near the top of the document, if its cells look like topics."""
    text_before = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.table:
            end = index
            while end < len(lines) and lines[end].table:
                end += 1
            return _grid_from_rows(lines[index:end])
        if not line.blank:
            if line.marker or text_before >= 5:
                return None
            text_before += 1
        index += 1
    return None


def _grid_from_rows(rows: list[_Line]) -> _Grid | None:
    cells: list[_GridCell] = []
    row_number = 0
    for line in rows:
        if _TABLE_SEPARATOR.match(line.text):
            continue
        values = _table_cells(line.text)
        if not any(values):
            continue
        row_number += 1
        for column, value in enumerate(values, 1):
            if value:
                cells.append(_grid_cell(value, row_number, column, line.no))
    if len(cells) < 2 or len(cells) > 200:
        return None
    if any(len(cell.title) > 80 or len(cell.title.split()) > 10 for cell in cells):
        return None
    return _Grid(cells=cells, lines=[line.no for line in rows])


def _grid_cell(value: str, row: int, column: int, line: int) -> _GridCell:
    title = " ".join(strip_emphasis(value).split()) or value
    return _GridCell(title=title, italic=_is_italic_cell(value), row=row, column=column, line=line)


# --- headings ------------------------------------------------------------------------------


@dataclass
class _Heading:
    title: str
    kind: str  # topic, prose, summary, raw, barometer, questions, dialogue
    lines: list[int]
    grid_key: str | None = None


def _keyword_kind(title: str) -> str | None:
    key = normalise_title(title)
    for kind, pattern in _SECTION_KEYWORDS:
        if pattern.match(key):
            return kind
    return None


def _shaped(line: _Line, max_indent: int = 0) -> bool:
    return line.indent <= max_indent and line.heading_shaped


class _HeadingFinder:
    def __init__(self, lines: list[_Line], layout: _Layout, grid: _Grid | None) -> None:
        self.lines = lines
        self.layout = layout
        self.grid = grid
        self.headings: dict[int, _Heading] = {}  # by index of the first line
        self.fragments: dict[int, str] = {}  # line number → unplaced reason
        self.title_index = self._title_index()

    def find(self) -> tuple[dict[int, _Heading], dict[int, str]]:
        explicit = [i for i, line in enumerate(self.lines) if line.atx and i != self.title_index]
        for index in explicit:
            self._add(index, [index], self.lines[index].content)
        for index, line in enumerate(self.lines):
            if index not in self.headings and self._is_named_section(line):
                self._add(index, [index], line.content)
        if not explicit and self.grid is None:
            self._find_by_layout()
        return self.headings, self.fragments

    def _title_index(self) -> int | None:
        atx = [i for i, line in enumerate(self.lines) if line.atx]
        if not atx or self.lines[atx[0]].atx != 1:
            return None
        if sum(1 for i in atx if self.lines[i].atx == 1) > 1:
            return None
        first_text = next((i for i, line in enumerate(self.lines) if not line.blank), None)
        return atx[0] if atx[0] == first_text else None

    def _is_named_section(self, line: _Line) -> bool:
        """A plain line naming a section (Sammanfattning, Dialog 2 …) or a topic of the grid."""
        plain = not (line.blank or line.marker or line.table or line.atx)
        if not plain or len(line.content) > 80 or _terminated(line.content.rstrip(":")):
            return False
        if len(line.content.split()) > MAX_HEADING_WORDS + 2:
            return False
        return bool(_keyword_kind(line.content) or (self.grid and self.grid.match(line.content)))

    def _add(self, index: int, indices: list[int], title: str) -> None:
        title = " ".join(strip_emphasis(title).split()) or title
        kind, grid_key = self._classify(title)
        numbers = [self.lines[i].no for i in indices]
        self.headings[index] = _Heading(title=title, kind=kind, lines=numbers, grid_key=grid_key)

    def _classify(self, title: str) -> tuple[str, str | None]:
        key = normalise_title(title)
        if self.grid and key in self.grid.by_key:
            return "topic", key
        keyword = _keyword_kind(title)
        if keyword:
            return keyword, None
        grid_key = self.grid.match(title) if self.grid else None
        if grid_key:
            return "topic", grid_key
        return ("prose" if self.layout.prose else "topic"), None

    # Layout rules, for documents with neither `#` headings nor a topic grid.

    def _find_by_layout(self) -> None:
        text_indices = [i for i, line in enumerate(self.lines) if not line.blank]
        inherited_gap: str | None = None
        for position, index in enumerate(text_indices):
            line = self.lines[index]
            gap = inherited_gap or line.gap
            inherited_gap = None
            if index in self.headings or index == self.title_index:
                continue
            following = text_indices[position + 1] if position + 1 < len(text_indices) else None
            if self._is_page_fragment(line, gap, following):
                self.fragments[line.no] = "page_artifact"
                inherited_gap = gap
            elif self._after_gap(line, gap) or self._before_text(line, following):
                self._add(index, [index], line.content)
            elif self._is_parenthetical_heading(line, following, text_indices, position):
                previous = text_indices[position - 1]
                title = f"{self.lines[previous].content} {line.content}"
                self.headings.pop(previous, None)
                self._add(previous, [previous, index], title)

    def _after_gap(self, line: _Line, gap: str) -> bool:
        if self.layout.double_spaced:
            return gap in ("start", "hard", "page") and _shaped(line)
        return False

    def _before_text(self, line: _Line, following: int | None) -> bool:
        """A heading-shaped line after a blank, with its text directly below it."""
        if line.gap == "none" or following is None or not _shaped(line, max_indent=1):
            return False
        below = self.lines[following]
        if below.gap == "none":
            if below.marker:
                return not self.layout.double_spaced
            return len(below.content) >= CONTINUABLE_CHARS
        return not self.layout.double_spaced and below.gap == "hard" and bool(below.marker)

    def _is_page_fragment(self, line: _Line, gap: str, following: int | None) -> bool:
        """A lone word after a page break, right above a heading: a page header or logo."""
        if not self.layout.double_spaced or gap != "page" or following is None:
            return False
        below = self.lines[following]
        return (
            _shaped(line)
            and len(line.content.split()) == 1
            and below.gap in ("none", "soft")
            and _shaped(below)
        )

    def _is_parenthetical_heading(
        self, line: _Line, following: int | None, text_indices: list[int], position: int
    ) -> bool:
        """`Heading` + `(what it stands for)` on the next line, with the text right below."""
        if position == 0 or following is None or line.gap != "soft":
            return False
        text = line.content
        if not (text.startswith("(") and text.endswith(")") and len(text) <= MAX_HEADING_CHARS):
            return False
        below = self.lines[following]
        previous = self.lines[text_indices[position - 1]]
        return (
            below.gap == "none"
            and len(below.content) >= CONTINUABLE_CHARS
            and previous.gap != "none"
            and _shaped(previous)
        )


# --- blocks: a section's lines as notes or paragraphs ------------------------------------------


@dataclass
class _Block:
    kind: str  # item, para, table, artifact
    text: str
    lines: list[int]
    indent: int = 0
    marker: str | None = None
    arrow_only: bool = False
    gap: str = "none"
    reason: str = ""
    last_line: str = ""


class _BlockBuilder:
    def __init__(self, layout: _Layout, fragments: dict[int, str]) -> None:
        self.layout = layout
        self.fragments = fragments

    def build(self, lines: Iterable[_Line]) -> list[_Block]:
        blocks: list[_Block] = []
        current: _Block | None = None
        crossed_artifact = False
        for line in lines:
            if line.blank:
                continue
            reason = self.fragments.get(line.no) or _artifact_reason(
                line, self.layout.double_spaced
            )
            if reason:
                blocks.append(_Block("artifact", line.raw.strip(), [line.no], reason=reason))
                crossed_artifact = True
                continue
            if line.table:
                self._add_table_row(blocks, line)
                current = None
                continue
            if current and self._continues(current, line, crossed_artifact):
                current.text = f"{current.text} {line.content}"
                current.lines.append(line.no)
                current.last_line = line.content
            else:
                current = self._new_block(line)
                blocks.append(current)
            crossed_artifact = False
        return blocks

    @staticmethod
    def _new_block(line: _Line) -> _Block:
        return _Block(
            kind="item" if line.marker else "para",
            text=line.content,
            lines=[line.no],
            indent=line.indent,
            marker=line.marker,
            arrow_only=line.arrow_only,
            gap=line.gap,
            last_line=line.content,
        )

    @staticmethod
    def _add_table_row(blocks: list[_Block], line: _Line) -> None:
        cells = [cell for cell in _table_cells(line.text) if cell]
        previous = blocks[-1] if blocks and blocks[-1].kind == "table" else None
        if _TABLE_SEPARATOR.match(line.text) or not cells:
            if previous:
                previous.lines.append(line.no)
            else:
                blocks.append(_Block("artifact", line.text, [line.no], reason="separator"))
            return
        blocks.append(_Block("table", " | ".join(cells), [line.no], gap=line.gap))

    def _continues(self, block: _Block, line: _Line, crossed_artifact: bool) -> bool:
        """Whether a line is the rest of a sentence broken by the page width."""
        if line.marker or line.atx or block.kind not in ("item", "para"):
            return False
        double = self.layout.double_spaced
        lazy = not double and line.gap == "none" and block.kind == "item"
        if lazy and line.indent > block.indent:
            return True  # Markdown: an indented line right below an item belongs to it
        allowed = ("none", "soft", "page") if double else ("none",)
        if line.gap not in allowed and not crossed_artifact:
            return False
        return self._reads_on(block.last_line, line)

    def _reads_on(self, last: str, line: _Line) -> bool:
        if len(last) < CONTINUABLE_CHARS or not line.content:
            return False
        end = _last_char(last)
        if line.content[0].islower():
            if end == ".":
                return _ends_with_abbreviation(last)
            if end in ("!", "?"):
                # Minutes list questions in lower case: "hanteras? vem gör något?"
                return end == "?" and self.layout.prose
            return True
        if not self.layout.prose or line.indent:
            return False
        if end == ",":
            return True
        return not _terminated(last) and len(last) >= PROSE_CONTINUATION_CHARS


def _render_markdown(blocks: list[_Block]) -> str:
    parts: list[str] = []
    previous: _Block | None = None
    for block in blocks:
        text = _block_markdown(block)
        if previous is not None:
            tight = (block.kind == previous.kind == "item") or block.gap == "none"
            parts.append("\n" if tight else "\n\n")
        parts.append(text)
        previous = block
    return "".join(parts)


def _block_markdown(block: _Block) -> str:
    numbered = bool(block.marker and block.marker[0].isdigit())
    if block.kind != "item" or numbered:
        return block.text
    indent = " " * (block.indent + (2 if block.arrow_only else 0))
    return f"{indent}- {block.text}"


def _introduces_items(note: ParsedNote) -> bool:
    text = strip_emphasis(note.text).rstrip()
    words = text.split()
    return text.endswith(":") or (bool(words) and words[-1].casefold() in INTRODUCING_WORDS)


def _adopt_introduced_items(siblings: list[ParsedNote], items: set[int]) -> None:
    """`En gemensam plattform med` followed by items at its own level: the items are its own.

    Walls and PDFs rarely indent what a half sentence introduces; its list items read on from it.
    """
    index = 0
    while index < len(siblings):
        note = siblings[index]
        if not note.children and _introduces_items(note):
            end = index + 1
            while end < len(siblings) and id(siblings[end]) in items:
                end += 1
            note.children.extend(siblings[index + 1 : end])
            del siblings[index + 1 : end]
        _adopt_introduced_items(note.children, items)
        index += 1


# --- questions and barometer -------------------------------------------------------------------


def _question_text(text: str) -> str | None:
    plain = strip_emphasis(text).strip()
    labelled = _QUESTION_LABEL.match(plain)
    if labelled:
        return _unquote(labelled.group(1))
    quoted = _QUOTED.match(plain)
    if quoted and (quoted.group(1).rstrip().endswith("?") or quoted.group(2)):
        return quoted.group(1).strip() + ("?" if quoted.group(2) else "")
    return None


def _unquote(text: str) -> str:
    text = text.strip()
    quoted = _QUOTED.match(text)
    if quoted:
        return quoted.group(1).strip() + ("?" if quoted.group(2) else "")
    return text


def _is_outcome(sentence: str) -> bool:
    text = strip_emphasis(sentence).strip(f" –—-{QUOTES}").casefold()
    if _ALL_AGREE.match(text):
        return True
    return bool(_OUTCOME_START.match(text) and _OUTCOME_SCALE.search(text))


def _split_sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


@dataclass
class _BarometerUnit:
    statement: str
    outcome: str
    comments: list[str]


def _read_barometer_unit(text: str) -> tuple[str, _BarometerUnit]:
    """Classify one paragraph: a statement (with outcome), an outcome, a comment, or other."""
    text = " ".join(text.split())
    if _COMMENT_LABEL.match(text):
        return "comment", _BarometerUnit("", "", [_COMMENT_LABEL.sub("", text, count=1)])
    parts = _COMMENT_LABEL.split(text)
    body, comments = parts[0].strip(), [part.strip() for part in parts[1:] if part.strip()]
    if _OUTCOME_LABEL.match(body):
        return "outcome", _BarometerUnit("", _OUTCOME_LABEL.sub("", body), comments)
    labelled = bool(_STATEMENT_LABEL.match(body))
    body = _STATEMENT_LABEL.sub("", body)
    unit = _split_statement(body, comments)
    if unit.outcome or labelled:
        return "statement", unit
    if _is_outcome(body) and len(_split_sentences(body)) == 1:
        return "outcome", _BarometerUnit("", body, comments)
    return ("candidate" if body else "other"), unit


STEM_CHARS = 6
_WORD = re.compile(r"\w+")


def _content_stems(text: str) -> set[str]:
    """The beginnings of a text's longer words: "avgränsad" and "avgränsades" share one."""
    return {
        word[:STEM_CHARS]
        for word in _WORD.findall(strip_emphasis(text).casefold())
        if len(word) >= STEM_CHARS and not word.isdigit()
    }


def _split_statement(body: str, comments: list[str]) -> _BarometerUnit:
    sentences = _split_sentences(body)
    for index, sentence in enumerate(sentences[1:], 1):
        if _is_outcome(sentence):
            statement = " ".join(sentences[:index])
            rest = " ".join(sentences[index + 1 :])
            return _BarometerUnit(statement, sentence, ([rest] if rest else []) + comments)
    if sentences:
        match = re.match(r"^(.+?)\s+[–—-]\s+(.+)$", sentences[0])
        if match and _is_outcome(match.group(2)):
            rest = " ".join(sentences[1:])
            return _BarometerUnit(
                match.group(1), match.group(2), ([rest] if rest else []) + comments
            )
    return _BarometerUnit(body, "", comments)


class _BarometerReader:
    """Statements with the outcome and comments that follow them; the rest is handed back.

    What is not a statement is sorted by where it stands: before the first statement
    (`leading`: the section's introduction), after the last one (`trailing`) or between them.
    """

    def __init__(self) -> None:
        self.statements: list[ParsedBarometerStatement] = []
        self.other: list[_Block] = []
        self.pending: tuple[_Block, _BarometerUnit] | None = None
        self.leading: list[_Block] = []
        self.trailing: list[_Block] = []
        self.stems: list[set[str]] = []

    def read(self, blocks: list[_Block]) -> None:
        for block in blocks:
            kind, unit = _read_barometer_unit(block.text)
            if kind in ("outcome", "comment") and self._attach(block, unit, kind):
                continue
            self._flush()
            if kind == "statement":
                self._add(block, unit)
            elif kind == "candidate":
                self.pending = (block, unit)
            else:
                self.other.append(block)
        self._flush()
        self._sort_other()

    def _sort_other(self) -> None:
        first = min((min(s.lines) for s in self.statements if s.lines), default=None)
        last = max((max(s.lines) for s in self.statements if s.lines), default=None)
        if first is None or last is None:
            return  # No statement: nothing to introduce, nothing comes after.
        middle: list[_Block] = []
        for block in self.other:
            if max(block.lines) < first and block.kind != "item":
                self.leading.append(block)  # Paragraphs, not a list of would-be statements.
            elif min(block.lines) > last:
                self.trailing.append(block)
            else:
                middle.append(block)
        self.other = middle
        # Taken once, as written in the section, so comments added later do not sway it.
        self.stems = [
            _content_stems(f"{s.statement} {' '.join(s.comments)}") for s in self.statements
        ]

    def about_statement(self, text: str) -> ParsedBarometerStatement | None:
        """The one statement a paragraph clearly speaks of: it shares two or more words with it
        (compared by their beginnings, leaving out words several statements use) and fewer with
        every other statement."""
        stems = self.stems
        shared_by_many = {
            stem for stem in set().union(*stems) if sum(stem in other for other in stems) > 2
        }
        own = _content_stems(text) - shared_by_many
        scores = sorted(
            ((len(own & statement_stems), index) for index, statement_stems in enumerate(stems)),
            reverse=True,
        )
        if not scores or scores[0][0] < 2 or (len(scores) > 1 and scores[1][0] == scores[0][0]):
            return None
        return self.statements[scores[0][1]]

    def _attach(self, block: _Block, unit: _BarometerUnit, kind: str) -> bool:
        if self.pending:
            pending_block, pending_unit = self.pending
            self.pending = None
            self._add(pending_block, pending_unit)
        if not self.statements:
            return False
        statement = self.statements[-1]
        if kind == "outcome" and statement.outcome:
            return False
        if kind == "outcome":
            statement.outcome = unit.outcome
        statement.comments.extend(unit.comments)
        statement.lines.extend(block.lines)
        return True

    def _add(self, block: _Block, unit: _BarometerUnit) -> None:
        self.statements.append(
            ParsedBarometerStatement(
                statement=unit.statement,
                outcome=unit.outcome,
                comments=list(unit.comments),
                lines=list(block.lines),
            )
        )

    def _flush(self) -> None:
        if self.pending:
            self.other.append(self.pending[0])
            self.pending = None


# --- the event ---------------------------------------------------------------------------------


def _find_date(text: str) -> datetime.date | None:
    for match in _ISO_DATE.finditer(text):
        found = _valid_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if found:
            return found
    for match in _SWEDISH_DATE.finditer(text):
        month = _MONTHS[match.group(2).casefold()]
        found = _valid_date(int(match.group(3)), month, int(match.group(1)))
        if found:
            return found
    return None


_MONTH_NAMES = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
_FILENAME_DATE = re.compile(r"[-_ ]*\d{4}-\d{2}-\d{2}[-_ ]*")


def _title_from_filename(filename: str, date: datetime.date | None) -> str:
    """'inspirationsdag-2015-10-23.txt' → 'Inspirationsdag 23 oktober 2015'; '' without a name."""
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    words = " ".join(_FILENAME_DATE.sub(" ", stem).replace("-", " ").replace("_", " ").split())
    if not words:
        return ""
    words = words[0].upper() + words[1:]
    if date is None:
        return words
    return f"{words} {date.day} {_MONTH_NAMES[date.month - 1]} {date.year}"


def _valid_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


class _EventBuilder:
    def __init__(self, raw_lines: list[str], filename: str = "") -> None:
        self.filename = filename
        self.lines = _scan(raw_lines)
        self.layout = _detect_layout(self.lines)
        _assign_gaps(self.lines, self.layout)
        self.grid = _find_grid(self.lines)
        finder = _HeadingFinder(self.lines, self.layout, self.grid)
        self.headings, fragments = finder.find()
        self.blocks = _BlockBuilder(self.layout, fragments)
        self.event = ParsedEvent()
        self.topics: dict[str, ParsedTopic] = {}
        self.dialogue: ParsedDialogue | None = None
        self.default_dialogue: ParsedDialogue | None = None
        self.date_candidates: list[tuple[int, datetime.date]] = []
        self.headed_topics: set[str] = set()
        self.italic_topics: set[str] = set()

    def build(self) -> ParsedEvent:
        preamble, sections = self._sections()
        self._add_grid_topics()
        self._read_preamble(preamble)
        for heading, lines in sections:
            self._read_section(heading, self.blocks.build(lines))
        self._finish()
        return self.event

    def _sections(self) -> tuple[list[_Line], list[tuple[_Heading, list[_Line]]]]:
        """The lines before the first heading, and each heading with the lines under it."""
        preamble: list[_Line] = []
        sections: list[tuple[_Heading, list[_Line]]] = []
        heading_lines = {number for heading in self.headings.values() for number in heading.lines}
        for index, line in enumerate(self.lines):
            heading = self.headings.get(index)
            if heading:
                sections.append((heading, []))
            elif line.no not in heading_lines:
                (sections[-1][1] if sections else preamble).append(line)
        return preamble, sections

    # Preamble: title, date, place, legend, intro, event questions.

    def _read_preamble(self, lines: list[_Line]) -> None:
        grid_lines = set(self.grid.lines) if self.grid else set()
        first = True
        for block in self.blocks.build(line for line in lines if line.no not in grid_lines):
            if block.kind == "artifact":
                self._unplace(block)
            else:
                self._read_preamble_block(block, may_be_title=first)
                first = False
        self.event.lines.extend(grid_lines)

    def _read_preamble_block(self, block: _Block, may_be_title: bool) -> None:
        event = self.event
        text = block.text
        date_label = _DATE_LABEL.match(strip_emphasis(text))
        place_label = _PLACE_LABEL.match(strip_emphasis(text))
        question = _question_text(text)
        if _LEGEND.search(text) and event.legend is None:
            event.legend = text
        elif date_label and _find_date(date_label.group(1)):
            self._note_date(date_label.group(1), priority=0)
        elif place_label and event.place is None:
            event.place = place_label.group(1).strip()
        elif question:
            event.questions.append(ParsedQuestion(question, list(block.lines)))
            return
        elif may_be_title and event.title is None and block.kind == "para" and len(text) <= 150:
            event.title = " ".join(strip_emphasis(text).split())
            self._note_date(text, priority=1)
        else:
            event.intro.append(_block_markdown(block))
            self._note_date(text, priority=2)
        event.lines.extend(block.lines)

    def _note_date(self, text: str, priority: int) -> None:
        found = _find_date(text)
        if found:
            self.date_candidates.append((priority, found))

    # Sections.

    def _read_section(self, heading: _Heading, blocks: list[_Block]) -> None:
        if heading.kind == "topic":
            self._read_topic(heading, blocks)
        elif heading.kind == "dialogue":
            self.dialogue = ParsedDialogue(title=heading.title, lines=list(heading.lines))
            self.event.dialogues.append(self.dialogue)
            self._append_text(self.dialogue, blocks, "summary")
        elif heading.kind in ("summary", "raw"):
            dialogue = self._current_dialogue()
            dialogue.lines.extend(heading.lines)
            field_name = "summary" if heading.kind == "summary" else "raw_material"
            self._append_text(dialogue, blocks, field_name)
        elif heading.kind == "questions":
            self._read_questions(heading, blocks)
        elif heading.kind == "barometer":
            self._read_barometer(heading, blocks)
        else:
            self._append_prose(heading, blocks)

    def _read_topic(self, heading: _Heading, blocks: list[_Block]) -> None:
        key = heading.grid_key or normalise_title(heading.title) or heading.title
        topic = self.topics.setdefault(key, ParsedTopic(title=heading.title))
        if key not in self.headed_topics:
            # The heading over the notes is spelt with more care than the grid cell.
            topic.title = heading.title
            self.headed_topics.add(key)
        topic.lines.extend(heading.lines)
        notes = self._notes(blocks)
        if notes:
            topic.note_groups.append(notes)

    def _notes(self, blocks: list[_Block]) -> list[ParsedNote]:
        """Notes nested by indentation (flat in PDF text, where indentation is noise)."""
        roots: list[ParsedNote] = []
        stack: list[tuple[int, ParsedNote]] = []
        items: set[int] = set()  # id() of notes written as list items
        for block in blocks:
            if block.kind == "artifact":
                self._unplace(block)
                continue
            note = ParsedNote(text=block.text, lines=list(block.lines))
            if block.kind == "item" or (self.layout.double_spaced and block.indent):
                items.add(id(note))
            indent = 0 if self.layout.double_spaced else block.indent
            if block.arrow_only:
                indent = stack[-1][0] + 1 if stack else 0
            while stack and stack[-1][0] >= indent:
                stack.pop()
            (stack[-1][1].children if stack else roots).append(note)
            stack.append((indent, note))
        _adopt_introduced_items(roots, items)
        return roots

    def _current_dialogue(self) -> ParsedDialogue:
        if self.dialogue is not None:
            return self.dialogue
        if self.default_dialogue is None:
            self.default_dialogue = ParsedDialogue(title="")
            self.event.dialogues.append(self.default_dialogue)
        return self.default_dialogue

    def _append_text(
        self, dialogue: ParsedDialogue, blocks: list[_Block], field_name: str, heading: str = ""
    ) -> None:
        """Add Markdown to the dialogue's summary or raw material; quoted questions go apart."""
        kept: list[_Block] = []
        for block in blocks:
            question = _question_text(block.text) if block.kind != "artifact" else None
            if block.kind == "artifact":
                self._unplace(block)
            elif question:
                dialogue.questions.append(ParsedQuestion(question, list(block.lines)))
            else:
                kept.append(block)
                dialogue.lines.extend(block.lines)
        text = _render_markdown(kept)
        if heading:
            text = f"## {heading}\n\n{text}" if text else f"## {heading}"
        if text:
            existing = getattr(dialogue, field_name)
            setattr(dialogue, field_name, f"{existing}\n\n{text}" if existing else text)

    def _append_prose(self, heading: _Heading, blocks: list[_Block]) -> None:
        dialogue = self._current_dialogue()
        dialogue.lines.extend(heading.lines)
        self._append_text(dialogue, blocks, "summary", heading=heading.title)

    def _read_questions(self, heading: _Heading, blocks: list[_Block]) -> None:
        target = self.dialogue.questions if self.dialogue else self.event.questions
        lines = self.dialogue.lines if self.dialogue else self.event.lines
        lines.extend(heading.lines)
        for block in blocks:
            if block.kind == "artifact":
                self._unplace(block)
            else:
                text = _question_text(block.text) or _unquote(strip_emphasis(block.text))
                target.append(ParsedQuestion(text, list(block.lines)))

    def _read_barometer(self, heading: _Heading, blocks: list[_Block]) -> None:
        for block in blocks:
            if block.kind == "artifact":
                self._unplace(block)
        reader = _BarometerReader()
        reader.read([block for block in blocks if block.kind != "artifact"])
        self.event.barometer_statements.extend(reader.statements)
        # The section's lines go to the statements only, never also to a summary (in minutes too):
        # the event page shows the statements on their own, so the text would appear twice.
        self.event.lines.extend(heading.lines)
        if reader.leading:
            intro = _render_markdown(reader.leading)
            existing = self.event.barometer_intro
            self.event.barometer_intro = f"{existing}\n\n{intro}" if existing else intro
            for block in reader.leading:
                self.event.lines.extend(block.lines)
        other = reader.other
        if self.layout.prose:
            # Minutes: a paragraph after the last statement speaks of one of them, or of something
            # new (a conference, a guest) that belongs to the summary like the rest of the day.
            to_summary: list[_Block] = []
            for block in reader.trailing:
                statement = reader.about_statement(block.text)
                if statement is None:
                    to_summary.append(block)
                else:
                    statement.comments.append(" ".join(block.text.split()))
                    statement.lines.extend(block.lines)
            if to_summary:
                self._append_text(self._current_dialogue(), to_summary, "summary")
        else:
            other = sorted(other + reader.trailing, key=lambda block: block.lines[0])
        for block in other:
            self._unplace(block, "not_a_statement")

    def _unplace(self, block: _Block, reason: str | None = None) -> None:
        for number in block.lines:
            raw = self.lines[number - 1].raw.strip()
            self.event.unplaced.append(UnplacedLine(number, raw, reason or block.reason))
        if block.reason == "page_artifact":
            self._note_date(block.text, priority=3)

    # Topics from the grid, and what only the whole document tells.

    def _add_grid_topics(self) -> None:
        if self.grid is None:
            return
        for key, cell in self.grid.by_key.items():
            self.topics[key] = ParsedTopic(
                title=cell.title,
                grid_row=cell.row,
                grid_column=cell.column,
                lines=[cell.line],
            )
            if cell.italic:
                self.italic_topics.add(key)

    def _finish(self) -> None:
        event = self.event
        for key, topic in self.topics.items():
            topic.discussed_on_own = not (event.legend is not None and key in self.italic_topics)
        event.topics = list(self.topics.values())
        if self.date_candidates:
            event.date = min(self.date_candidates, key=lambda item: item[0])[1]
        if self.default_dialogue is not None and not self.default_dialogue.title:
            self.default_dialogue.title = event.title or _title_from_filename(
                self.filename, event.date
            )
            self.default_dialogue.title_is_fallback = True
        event.unplaced.sort(key=lambda item: item.line)
