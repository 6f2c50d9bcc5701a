"""The topic grid: the first Markdown table near the top, its cells topics, italic ones marked."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .lines import _Line, normalise_title, strip_emphasis

FUZZY_TITLE_RATIO = 0.88
_TABLE_SEPARATOR = re.compile(r"^\|?(?:\s*:?-+:?\s*\|)+\s*(?::?-+:?)?\s*\|?$")
_ITALIC_CELL = re.compile(r"(\*\*\*|\*|_)(?!\*)\S(?:.*\S)?\1")


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
