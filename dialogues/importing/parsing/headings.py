"""Headings: `#` lines, named sections and grid topics, or, without either, the layout."""

from __future__ import annotations

import re
from dataclasses import dataclass

from okportal.importing.casing import sentence_case, vocabulary
from okportal.importing.doubts import Doubt

from .grid import _Grid
from .lines import (
    CONTINUABLE_CHARS,
    MAX_HEADING_CHARS,
    MAX_HEADING_WORDS,
    _Layout,
    _Line,
    _terminated,
    normalise_title,
    strip_emphasis,
)

_SECTION_KEYWORDS = (
    ("summary", re.compile(r"^(?:sammanfattning|summering|summary)\b")),
    ("raw", re.compile(r"^(?:råmaterial|rådata|råanteckningar|originalanteckningar|raw)\b")),
    ("barometer", re.compile(r"^(?:åsiktsbarometern?|opinion barometer|värderingsövning)\b")),
    (
        "questions",
        re.compile(
            r"^(?:(?:vägledande|styrande|samtals|diskussions)?\s*(?:frågor|fråga)"
            r"|frågeställningar?|diskussionsfrågor|samtalsfrågor|guiding questions|questions)"
            r"(?:\s+(?:vi|som|att|för|till\s+samtalet)\b[\w\s]{0,25})?$"
        ),
    ),
    # "Dialog 2: …", "Dialog – …", and the other names of a dialogue's group in a summary:
    # "Grupp 1: …", "Workshop A – …", "Tema 2 – …", "Rum 1 – …", "Samtalsgrupp 3", "Bord 4: …".
    (
        "dialogue",
        re.compile(
            r"^(?:dialog(?:ue)?\s*(?:\d+|[:-])"
            r"|(?:grupp|samtalsgrupp|dialoggrupp|workshop|tema|rum|bord|pass|session)"
            r"\s*(?:\d{1,2}|[a-h]\b)\s*(?:[:.-]|$))"
        ),
    ),
)


# Corrected roles that make a line (or a run of lines) a heading, and that make a run of lines
# a section of text under the heading before it.
HEADING_ROLES = frozenset({"dialogue", "topic"})
TEXT_ROLES = frozenset({"summary", "raw", "note"})


# A section's label with its text on the same line: "Sammanfattning: …", "**Råmaterial:** …".
LABELLED_TEXT = re.compile(
    r"^[*_]*(sammanfattning|summering|råmaterial|råanteckningar)[*_]*\s*:[*_]*\s*(?=\S)", re.I
)


@dataclass
class _Heading:
    title: str
    kind: str  # topic, prose, summary, raw, barometer, questions, dialogue
    lines: list[int]
    grid_key: str | None = None
    # Set by a coordinator's correction: a run of lines that is a summary, raw material or notes
    # without a heading line of its own ("summary", "raw", "note"), or the text after such a
    # run, which goes on with the section before it ("resume").
    forced: bool = False


def _keyword_kind(title: str) -> str | None:
    key = normalise_title(title)
    for kind, pattern in _SECTION_KEYWORDS:
        if pattern.match(key):
            return kind
    return None


def _shaped(line: _Line, max_indent: int = 0) -> bool:
    return line.indent <= max_indent and line.heading_shaped


class _HeadingFinder:
    def __init__(
        self,
        lines: list[_Line],
        layout: _Layout,
        grid: _Grid | None,
        corrections: dict[int, str] | None = None,
    ) -> None:
        self.lines = lines
        self.corrections = corrections or {}
        self.layout = layout
        self.grid = grid
        self.headings: dict[int, _Heading] = {}  # by index of the first line
        self.fragments: dict[int, str] = {}  # line number → unplaced reason
        self.doubts: list[Doubt] = []
        self.title_index = self._title_index()
        self.vocabulary = vocabulary(line.content for line in lines)

    def find(self) -> tuple[dict[int, _Heading], dict[int, str]]:
        explicit = [i for i, line in enumerate(self.lines) if line.atx and i != self.title_index]
        for index in explicit:
            self._add(index, [index], self.lines[index].content)
        for index, line in enumerate(self.lines):
            if index not in self.headings and self._is_named_section(line):
                self._add(index, [index], line.content)
            elif index not in self.headings and LABELLED_TEXT.match(line.content):
                # "**Sammanfattning:** Engagemanget finns …": the text starts on the label's line
                label = LABELLED_TEXT.match(line.content).group(1)
                self.headings[index] = _Heading(label, _keyword_kind(label) or "summary", [])
        if not explicit and self.grid is None:
            self._find_by_layout()
        self._apply_corrections()
        return self.headings, self.fragments

    # The coordinator's corrections win over what the layout and the words say.

    def _apply_corrections(self) -> None:
        corrected = set(self.corrections)
        for index in [i for i in self.headings if self.lines[i].no in corrected]:
            del self.headings[index]
        self.doubts = [doubt for doubt in self.doubts if doubt.line_number not in corrected]
        for role, run in self._runs():
            first = run[0] - 1
            if role in HEADING_ROLES:
                title = " ".join(self.lines[number - 1].content for number in run)
                self._add(first, [number - 1 for number in run], title)
                self.headings[first].kind = role
            elif role in TEXT_ROLES:
                self.headings[first] = _Heading("", role, [], forced=True)
                after = self._next_text_line(run[-1])
                if after is not None and after not in self.headings:
                    self.headings[after] = _Heading("", "resume", [], forced=True)

    def _runs(self) -> list[tuple[str, list[int]]]:
        """Corrected lines grouped into runs of one role (blank lines between do not part
        them)."""
        runs: list[tuple[str, list[int]]] = []
        for number in sorted(self.corrections):
            role = self.corrections[number]
            if not 1 <= number <= len(self.lines) or self.lines[number - 1].blank:
                continue
            if runs and runs[-1][0] == role and self._next_text_line(runs[-1][1][-1]) == number - 1:
                runs[-1][1].append(number)
            else:
                runs.append((role, [number]))
        return runs

    def _next_text_line(self, number: int) -> int | None:
        """The index of the first non-blank line after line `number`."""
        for index in range(number, len(self.lines)):
            if not self.lines[index].blank:
                return index
        return None

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
        label = strip_emphasis(line.content).rstrip(":")
        if not plain or len(line.content) > 80 or _terminated(label):
            return False
        if len(line.content.split()) > MAX_HEADING_WORDS + 2:
            return False
        return bool(_keyword_kind(line.content) or (self.grid and self.grid.match(line.content)))

    def _add(self, index: int, indices: list[int], title: str) -> None:
        title = " ".join(strip_emphasis(title).split()) or title
        cased = sentence_case(title, self.vocabulary)
        if cased != title:
            self.doubts.append(Doubt(self.lines[index].no, "sentence_case"))
        title = cased
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
                self.doubts.append(Doubt(line.no, "heading_guessed"))
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
