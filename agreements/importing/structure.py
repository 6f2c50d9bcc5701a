"""The result of parsing meeting minutes: plain data, no models, no database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from okportal.importing.dates import DateReading
from okportal.importing.doubts import Doubt


@dataclass(frozen=True)
class MeetingTime:
    date: datetime.date
    start: datetime.time | None = None
    end: datetime.time | None = None
    # How the date was read (its doubt and other readings); not part of what the time is.
    reading: DateReading | None = field(default=None, compare=False, hash=False, repr=False)


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
class ParsedAttendee:
    """A person on an attendance list. `status`: "attending", "absent" or "excused" (anmält
    förhinder); `guessed` when which part is the name and which the organisation was a guess."""

    name: str
    organisation: str = ""
    role: str = ""
    status: str = "attending"
    line_number: int = 0
    guessed: bool = False

    def __str__(self) -> str:
        extra = ", ".join(part for part in (self.organisation, self.role) if part)
        return f"{self.name} ({extra})" if extra else self.name


# Doubts (okportal.importing.doubts.Doubt): "date_compact" (190304: yymmdd or ddmmyy),
# "date_weekday", "date_short_year", "date_no_year", "date_closing_line" (the date is only in the
# closing lines), "date_page_header", "no_date", "heading_guessed" (an unnumbered line taken for
# an item's heading), "attendee_guessed" (name and organisation told apart by guess).


@dataclass
class ParsedItem:
    number: int | None
    title: str
    body: str = ""  # Markdown
    decisions: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    line_number: int = 0
    line_roles: dict[int, str] = field(default_factory=dict)  # body and decision lines


@dataclass
class ParsedMeeting:
    title: str | None = None
    group_name: str | None = None
    when: MeetingTime | None = None
    place: str | None = None
    chair: str | None = None
    note_taker: str | None = None
    attendees: list[ParsedAttendee] = field(default_factory=list)
    adjusters: list[str] = field(default_factory=list)
    adjusted_on: datetime.date | None = None
    items: list[ParsedItem] = field(default_factory=list)
    next_meeting: MeetingTime | None = None
    season_dates: list[MeetingTime] = field(default_factory=list)
    unplaced: list[UnplacedLine] = field(default_factory=list)
    doubts: list[Doubt] = field(default_factory=list)
    closing_dates: list[MeetingTime] = field(default_factory=list)
    closing_lines: list[int] = field(default_factory=list)
    # What each line became: title, date, field, attendee, absent, heading, body, decision,
    # signature, dropped (page furniture), unplaced, ignored (the coordinator said so).
    line_roles: dict[int, str] = field(default_factory=dict)

    def present(self) -> list[ParsedAttendee]:
        return [person for person in self.attendees if person.status == "attending"]

    def absent(self) -> list[ParsedAttendee]:
        return [person for person in self.attendees if person.status != "attending"]
