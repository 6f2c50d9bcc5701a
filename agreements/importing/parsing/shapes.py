"""The internal shapes the parsing stages pass between them: lines, context, item starts,
sections and body blocks."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

# --- internal shapes -----------------------------------------------------------------------


class _Line:
    """One line of the source: `text` keeps the indentation, `content` is stripped."""

    __slots__ = ("number", "joined", "content", "_text")

    def __init__(self, number: int, text: str) -> None:
        self.number = number
        self.joined = False
        self.text = text

    @property
    def text(self) -> str:
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._text = value.rstrip()
        self.content = self._text.strip()


@dataclass
class _Context:
    double_spaced: bool = False
    width: int = 80
    link_targets: dict[str, str] = field(default_factory=dict)
    corrections: dict[int, str] = field(default_factory=dict)  # line number: role
    page_dates: list[datetime.date] = field(default_factory=list)


@dataclass
class _Start:
    index: int
    number: int | None
    title: str  # "" when the title is on a following line
    consumed: tuple[int, ...] = ()


@dataclass
class _Section:
    number: int | None
    title: str
    line_number: int
    lines: list[_Line]


@dataclass
class _Block:
    kind: str  # "para", "bullet", "ordered", "heading"
    lines: list[str]
    level: int = 0
    number: int = 1
    implicit: bool = False
    after_gap: bool = False
    numbers: list[int] = field(default_factory=list)  # the source lines it was made of
