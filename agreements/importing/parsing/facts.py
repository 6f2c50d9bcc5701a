"""Meeting facts: the signature, the header before the first item, and the chair, attendees,
next meeting and season dates found in the items."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from ..structure import MeetingTime, ParsedMeeting
from .dates import (
    _CLOCK,
    _HHMM,
    _ISO_DATE,
    _NUMERIC_DATE,
    _TEXT_DATE,
    _context_year,
    _dates_in,
    _meeting_times,
    _times_in,
)
from .items import _BULLET, _LABEL, _LABELS, _clean_title, _strip_markup
from .lines import _unplace
from .shapes import _Context, _Line, _Section

SIGNATURE_TAIL_MAX = 10

_SIGNATURE = re.compile(
    r"^(?:vid\s+(?:anteckningarna|protokollet|pennan)|antecknat\s+av|antecknare"
    r"|minnesanteckningar\s+förda\s+av)\b[\s,:.\-–]*(.*)$",
    re.I,
)

_WEEKDAYS = r"(?:mån|tis|ons|tors|fre|lör|sön)dag(?:en)?"
_DATE_FILLER = re.compile(rf"\b(?:{_WEEKDAYS}|den|kl|klockan|till|och)\b|[\W_]", re.I)

_NAME = r"([A-ZÅÄÖÉ][\w'-]+(?:\s+(?:af\s+|von\s+|de\s+|van\s+)?[A-ZÅÄÖÉ][\w'-]+){1,3})"
_CHAIR_PATTERNS = (
    re.compile(r"(?i:mötesordförande|ordförande|ordf\.)\s*[:,]?\s+" + _NAME),
    re.compile(_NAME + r",?\s+(?:\w+\s+){0,4}?(?i:öppnar|öppnade|förklarar)\s+(?i:mötet)"),
    re.compile(r"(?i:mötet|sammanträdet)\s+(?i:öppnades|öppnas)\s+av\s+(?:\w+\s+)?" + _NAME),
)
_GROUP = re.compile(
    r"((?:\w*(?<!om)rådet|\w*gruppen|nätverket|styrelsen|beredningen|kommittén)"
    r"(?:\s+(?:för|i|inom)\s+[^\d,.;:()|–\-]+)?)",
    re.I,
)
_GROUP_TAIL = re.compile(r"\s+(?:den|i|på|via|kl|klockan|datum|möte|mötet|sammanträde)$", re.I)
_NEXT_MEETING = re.compile(r"\bnästa\s+(?:möte|sammanträde|träff|rådsmöte)", re.I)
_SEASON = re.compile(
    r"\b(?:mötestider|mötesdatum|mötesplan|sammanträdesdagar|sammanträdestider"
    r"|kommande\s+möten|datum\s+för\s+(?:kommande\s+)?möten)",
    re.I,
)


# --- signature -------------------------------------------------------------------------------


def _split_signature(lines: list[_Line]) -> tuple[list[_Line], list[_Line]]:
    """Split off "Vid anteckningarna, NN" and what follows it, if it closes the minutes."""
    content = [i for i, line in enumerate(lines) if line.content]
    for position in range(len(content) - 1, -1, -1):
        index = content[position]
        if len(content) - position - 1 > SIGNATURE_TAIL_MAX:
            break
        if _SIGNATURE.match(lines[index].content):
            return lines[:index], lines[index:]
    return lines, []


def _read_signature(tail: list[_Line], meeting: ParsedMeeting) -> None:
    content = [line for line in tail if line.content]
    if not content:
        return
    same_line = _SIGNATURE.match(content[0].content)
    name = same_line.group(1).strip() if same_line else ""
    rest = content[1:]
    if not name and rest and _looks_like_name(rest[0].content):
        name, rest = rest[0].content, rest[1:]
    meeting.note_taker = name.rstrip(",.") or None
    for line in rest:
        _unplace(meeting, line, "after_signature")


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 6 and not text.endswith((".", "!", "?")) and text[0].isupper()


# --- header and meeting facts ----------------------------------------------------------------


@dataclass
class _HeaderState:
    date: datetime.date | None = None
    start: datetime.time | None = None
    end: datetime.time | None = None
    attendees: str = ""  # "split" or "lines" while names go on after a "Närvarande:" label
    waiting: bool = False  # an empty "Närvarande:" label whose names have not come yet


def _read_header(lines: list[_Line], meeting: ParsedMeeting) -> None:
    """Title, group, date, place and the labelled facts before the first item.

    A line that was only partly understood is used and also kept in `unplaced`.
    """
    state = _HeaderState()
    for line in lines:
        if not line.content:
            if not state.waiting:
                state.attendees = ""
            continue
        if not _read_header_line(_strip_markup(line.content), meeting, state):
            _unplace(meeting, line, "header")
    if state.date:
        meeting.when = MeetingTime(state.date, state.start, state.end)


def _read_header_line(text: str, meeting: ParsedMeeting, state: _HeaderState) -> bool:
    label_match = _LABEL.match(text)
    label = _LABELS.get(label_match.group(1).strip().lower()) if label_match else None
    if label and label_match:
        state.attendees, state.waiting = "", False
        return _read_label(label, label_match.group(2).strip(), meeting, state)
    if state.attendees:
        meeting.attendees.extend(_attendees(text, split=state.attendees == "split"))
        state.waiting = False
        return True
    if meeting.title is None and not _only_date(text):
        meeting.title = _clean_title(text)
        _take_group(text, meeting)
        _take_date(text, state)
        return True
    group = _take_group(text, meeting) if meeting.group_name is None else ""
    found_date = _take_date(text, state)
    if not (group or found_date):
        return False
    return not _leftover_after_dates(text.replace(group, " ") if group else text)


def _read_label(label: str, value: str, meeting: ParsedMeeting, state: _HeaderState) -> bool:
    """Store a labelled value; False when part of it was not understood."""
    if label in {"date", "time"}:
        found = _take_date(value, state) or _take_time(value, state)
        return found and not _leftover_after_dates(value)
    if label in {"next", "season"}:
        times = _dates_after_meeting(value, state.date)
        if label == "next" and times:
            meeting.next_meeting = times[0]
        elif times:
            meeting.season_dates.extend(times)
        return bool(times) and not _leftover_after_dates(value)
    if label == "attendees":
        meeting.attendees.extend(_attendees(value, split=True))
        state.attendees = "lines" if not value else ("split" if value.endswith(",") else "")
        state.waiting = not value
        return True
    name, *tail = re.split(r"(?=[,(])", value, maxsplit=1)
    name, rest = name.strip(), "".join(tail).strip()
    if label == "chair":
        meeting.chair = name or None
    elif label == "note_taker":
        meeting.note_taker = meeting.note_taker or name or None
    elif label == "place":
        meeting.place, rest = value or None, ""
    elif label == "group":
        meeting.group_name, rest = value or None, ""
    return not rest


def _attendees(text: str, split: bool) -> list[str]:
    text = _BULLET.sub(r"\3", text).strip()
    if not split:
        return [text] if text else []
    parts = re.split(r"[,;](?![^()]*\))", text)
    names: list[str] = []
    for part in parts:
        names.extend(re.split(r"\s+och\s+(?=[A-ZÅÄÖ])", part.strip()))
    return [name.strip().rstrip(".") for name in names if name.strip().rstrip(".")]


def _take_group(text: str, meeting: ParsedMeeting) -> str:
    """Set the group's name if `text` has one; return it as written, or ""."""
    match = _GROUP.search(text)
    if not match:
        return ""
    name = match.group(1).strip()
    while _GROUP_TAIL.search(name):
        name = _GROUP_TAIL.sub("", name).strip()
    meeting.group_name = name[:1].upper() + name[1:]
    return name


def _only_date(text: str) -> bool:
    return bool(_dates_in(text, 2000)) and not _leftover_after_dates(text)


def _leftover_after_dates(text: str) -> str:
    for pattern in (_ISO_DATE, _TEXT_DATE, _NUMERIC_DATE, _CLOCK, _HHMM):
        text = pattern.sub(" ", text)
    return _DATE_FILLER.sub("", text)


def _take_date(text: str, state: _HeaderState) -> bool:
    if state.date is not None:
        return False
    times = _meeting_times(text, _context_year(text))
    if not times:
        return False
    state.date, state.start, state.end = times[0].date, times[0].start, times[0].end
    return True


def _take_time(text: str, state: _HeaderState) -> bool:
    start, end = _times_in(text)
    if start is None:
        return False
    state.start, state.end = start, end
    return True


def _read_meeting_facts(
    meeting: ParsedMeeting, sections: list[_Section], context: _Context
) -> None:
    if meeting.when is None and context.page_dates:
        meeting.when = MeetingTime(context.page_dates[0])
    held = meeting.when.date if meeting.when else None
    if meeting.chair is None and sections:
        meeting.chair = _find_chair(sections[0])
    if not meeting.attendees:
        meeting.attendees = _find_attendees(sections[:3])
    if meeting.next_meeting is None:
        meeting.next_meeting = _find_next_meeting(sections, held)
    if not meeting.season_dates:
        meeting.season_dates = _find_season_dates(sections, held)
    meeting.season_dates = sorted(set(meeting.season_dates), key=lambda time: time.date)


def _dates_after_meeting(
    text: str, held: datetime.date | None, context_year: int | None = None
) -> list[MeetingTime]:
    """Dates in `text`; without a year they take the year given or the one after the meeting."""
    year = _context_year(text) or context_year
    if year:
        return _meeting_times(text, year)
    return _meeting_times(text, held.year if held else None, not_before=held)


def _section_texts(section: _Section) -> list[str]:
    return [section.title] + [line.content for line in section.lines if line.content]


def _find_chair(section: _Section) -> str | None:
    text = " ".join(_section_texts(section))
    for pattern in _CHAIR_PATTERNS:
        match = pattern.search(text)
        if match:
            return match.group(1)
    return None


def _find_attendees(sections: list[_Section]) -> list[str]:
    """From an item called "Närvarande" or a "Närvarande: …" line in the first items."""
    for section in sections:
        texts = [line.content for line in section.lines if line.content]
        if _LABELS.get(section.title.lower()) == "attendees":
            # One name a line ("Anna Andersson, Forum"), or all on one line with commas.
            split = len(texts) == 1
            return [name for text in texts for name in _attendees(text, split=split)]
        for text in texts:
            label = _LABEL.match(_strip_markup(text))
            if label and _LABELS.get(label.group(1).strip().lower()) == "attendees":
                return _attendees(label.group(2), split=True)
    return []


def _find_next_meeting(sections: list[_Section], held: datetime.date | None) -> MeetingTime | None:
    """A line saying "nästa möte" with a date, else the first date in a "Nästa möte" item."""
    for section in sections:
        for text in _section_texts(section):
            times = _dates_after_meeting(text, held) if _NEXT_MEETING.search(text) else []
            if times:
                return times[0]
    for section in sections:
        if _NEXT_MEETING.match(section.title):
            for text in _section_texts(section):
                times = _dates_after_meeting(text, held)
                if times:
                    return times[0]
    return None


def _find_season_dates(sections: list[_Section], held: datetime.date | None) -> list[MeetingTime]:
    """Dates in an item called "Mötestider …", or on a line that speaks of mötestider."""
    found: list[MeetingTime] = []
    for section in sections:
        texts = _section_texts(section)
        if _SEASON.search(section.title):
            year = next((year for text in texts if (year := _context_year(text))), None)
            for text in texts[1:]:
                found.extend(_dates_after_meeting(text, held, year))
            continue
        for text in texts:
            if _SEASON.search(text):
                found.extend(_dates_after_meeting(text, held))
    return found
