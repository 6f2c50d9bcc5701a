"""A section's lines as blocks (list items, paragraphs, table rows), and blocks as Markdown.

Lines broken by the page width are joined back into one block; a note introducing the items
below it adopts them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from okportal.importing.wrapping import last_char, reads_on

from ..structure import ParsedNote
from .grid import _TABLE_SEPARATOR, _table_cells
from .lines import (
    CONTINUABLE_CHARS,
    TRAILING_FUNCTION_WORDS,
    _artifact_reason,
    _Layout,
    _Line,
    strip_emphasis,
)

PROSE_CONTINUATION_CHARS = 70
# A note ending in one of these (or in a colon) introduces the items written below it.
INTRODUCING_WORDS = TRAILING_FUNCTION_WORDS | frozenset({
    "med", "mot", "från", "genom", "hos", "inom", "mellan", "utan", "with", "by", "from"
})  # fmt: skip


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
        lower = line.content[0].islower()
        if lower and self.layout.prose and last_char(last) == "?":
            return True  # minutes list questions in lower case: "hanteras? vem gör något?"
        if not lower and (not self.layout.prose or line.indent):
            return False
        return reads_on(
            last, line.content, long_line=len(last) >= PROSE_CONTINUATION_CHARS, paragraph=False
        )


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
