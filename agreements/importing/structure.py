"""The result of parsing meeting minutes: plain data, no models, no database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class MeetingTime:
    date: datetime.date
    start: datetime.time | None = None
    end: datetime.time | None = None


@dataclass(frozen=True)
class UnplacedLine:
    """A line of the source the parser did not put into the structure.

    `reason` is a stable code: "header" (before the first item, not understood or only
    partly), "page_header", "stray" (no letters or digits), "duplicate_link" (a link target
    the PDF export repeated on a line of its own) or "after_signature".
    """

    line_number: int
    text: str
    reason: str


@dataclass
class ParsedItem:
    number: int | None
    title: str
    body: str = ""  # Markdown
    decisions: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    line_number: int = 0


@dataclass
class ParsedMeeting:
    title: str | None = None
    group_name: str | None = None
    when: MeetingTime | None = None
    place: str | None = None
    chair: str | None = None
    note_taker: str | None = None
    attendees: list[str] = field(default_factory=list)
    items: list[ParsedItem] = field(default_factory=list)
    next_meeting: MeetingTime | None = None
    season_dates: list[MeetingTime] = field(default_factory=list)
    unplaced: list[UnplacedLine] = field(default_factory=list)
