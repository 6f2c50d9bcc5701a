"""Meeting facts: the signature, the header before the first item, and the chair, attendees,
next meeting and season dates found in the items."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from okportal.importing.dates import without_dates_and_times
from okportal.importing.doubts import date_doubt

from ..structure import Doubt, MeetingTime, ParsedAttendee, ParsedMeeting
from .attendance import AttendanceTable, attendees_from_line, table_cells
from .dates import _dates_in, _meeting_times, _times_in, context_year
from .items import _LABEL, _LABELS, _clean_title, _strip_markup
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
    for line in content[: len(content) - len(rest)]:
        meeting.line_roles[line.number] = "signature"
    for line in rest:
        _note_closing_date(line, meeting)
        _unplace(meeting, line, "after_signature")


def _note_closing_date(line: _Line, meeting: ParsedMeeting) -> None:
    """A date in the closing lines ("Karlstad den 4 mars 2019"); beside "Justerat", the
    adjustment's."""
    text = _strip_markup(line.content)
    times = _meeting_times(text, context_year(text))
    if not times:
        return
    if _ADJUSTED.search(text):
        meeting.adjusted_on = meeting.adjusted_on or times[0].date
    else:
        meeting.closing_dates.append(MeetingTime(times[0].date, reading=times[0].reading))
        meeting.closing_lines.append(line.number)


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 6 and not text.endswith((".", "!", "?")) and text[0].isupper()


# --- header and meeting facts ----------------------------------------------------------------


_ADJUSTED = re.compile(r"\bjuster(?:at|ad|as|ing)", re.I)
_LIST_ROLES = {
    "ersättare": "ersättare", "närvarande ersättare": "ersättare", "adjungerade": "adjungerad",
    "adjungerad": "adjungerad", "tjänstepersoner": "tjänsteperson",
}  # fmt: skip
# A person's role written before the name on an attendance list.
_PERSON_ROLES = {"chair": "ordförande", "note_taker": "sekreterare"}
_ROLE_PREFIX = re.compile(r"^(ledamot|ersättare|suppleant|adjungerad)\s*:\s*", re.I)
_STATUSES = {"attendees": "attending", "absent": "absent", "excused": "excused"}
_LABEL_ROLES = {"date": "date", "time": "date", "attendees": "attendee", "absent": "absent"}
_LABEL_ROLES["excused"] = "absent"


@dataclass
class _HeaderState:
    date: datetime.date | None = None
    start: datetime.time | None = None
    end: datetime.time | None = None
    reading: object = None
    date_line: int = 0
    status: str = ""  # the attendance list going on: "attending", "absent", "excused"
    role: str = ""
    one_per_line: bool = False
    waiting: bool = False  # an empty "Närvarande:" label whose names have not come yet
    table: AttendanceTable | None = None


def _read_header(lines: list[_Line], meeting: ParsedMeeting) -> None:
    """Title, group, date, place and the labelled facts before the first item.

    A line that was only partly understood is used and also kept in `unplaced`.
    """
    state = _HeaderState()
    _read_fact_lines(lines, meeting, state, title=True)
    if state.date:
        meeting.when = MeetingTime(state.date, state.start, state.end, state.reading)
        _doubt_about_date(meeting, state.reading, state.date_line)


def _read_fact_lines(
    lines: list[_Line], meeting: ParsedMeeting, state: _HeaderState, title: bool
) -> None:
    for line in lines:
        if not line.content:
            if not state.waiting:
                state.status = ""  # a table goes on over blank lines (Word's rows)
            continue
        if not _read_header_line(line, meeting, state, title):
            _unplace(meeting, line, "header")


def _doubt_about_date(meeting: ParsedMeeting, reading, line_number: int) -> None:
    doubt = date_doubt(reading, line_number)
    if doubt is not None:
        meeting.doubts.append(doubt)


def _read_header_line(
    line: _Line, meeting: ParsedMeeting, state: _HeaderState, title: bool = True
) -> bool:
    text = _strip_markup(line.content)
    cells = table_cells(line.content) if _may_be_table(line) else None
    if cells is not None:
        if not cells or (state.table is None and AttendanceTable.is_header(cells)):
            state.table = state.table or (AttendanceTable(cells) if cells else None)
            meeting.line_roles[line.number] = "field"
            return True
        if state.table is not None:
            person = state.table.row(cells, line.number)
            if person:
                meeting.attendees.append(person)
            return person is not None
    state.table = None
    label_match = _LABEL.match(text)
    label = _LABELS.get(label_match.group(1).strip().lower()) if label_match else None
    if label is None and _LABELS.get(text.lower().rstrip(":")) in _STATUSES:
        label, label_match = _LABELS[text.lower().rstrip(":")], re.match(r"(.*)()$", text)
    if label in _PERSON_ROLES and label_match and state.status == "attending":
        # "Ordförande: Rut Sten, Folkbildningsförbundet" on an attendance list: present too
        value = label_match.group(2).strip()
        people = attendees_from_line(
            value, "attending", line.number, one_per_line=True, role=_PERSON_ROLES[label]
        )
        _add_attendees(meeting, people)
        meeting.line_roles[line.number] = "attendee"
        return bool(people)
    if label and label_match:
        state.status, state.waiting, state.table = "", False, None
        meeting.line_roles[line.number] = _LABEL_ROLES.get(label, "field")
        return _read_label(label, label_match, line.number, meeting, state)
    if state.status:
        titled = _ROLE_PREFIX.match(text)
        people = attendees_from_line(
            text[titled.end() :] if titled else text,
            state.status,
            line.number,
            one_per_line=state.one_per_line or bool(titled),
            role=titled.group(1).lower() if titled else state.role,
        )
        _add_attendees(meeting, people)
        state.waiting = False
        return True
    if _ADJUSTED.search(text):
        _note_closing_date(line, meeting)
        return False
    if title and meeting.title is None and not _only_date(text):
        meeting.title = _clean_title(text)
        _take_group(text, meeting)
        _take_date(text, state, line.number, compact=True)
        meeting.line_roles[line.number] = "title"
        return True
    group = _take_group(text, meeting) if meeting.group_name is None else ""
    found_date = _take_date(text, state, line.number, compact=True)
    if not (group or found_date):
        return False
    meeting.line_roles[line.number] = "date" if found_date else "field"
    return not without_dates_and_times(text.replace(group, " ") if group else text)


def _may_be_table(line: _Line) -> bool:
    return "|" in line.content or "\t" in line.text.strip() or "   " in line.content


def _add_attendees(meeting: ParsedMeeting, people: list[ParsedAttendee]) -> None:
    for person in people:
        meeting.attendees.append(person)
        if person.guessed:
            meeting.doubts.append(Doubt(person.line_number, "attendee_guessed"))
        if person.role == "ordförande" and meeting.chair is None:
            meeting.chair = person.name
        if person.role == "sekreterare" and meeting.note_taker is None:
            meeting.note_taker = person.name


def _read_label(
    label: str, match: re.Match[str], line_number: int, meeting: ParsedMeeting, state: _HeaderState
) -> bool:
    """Store a labelled value; False when part of it was not understood."""
    value = match.group(2).strip()
    if label in {"date", "time"}:
        found = _take_date(value, state, line_number, compact=True)
        found = _take_time(value, state, labelled=label == "time") or found
        return found and not without_dates_and_times(value)
    if label in {"next", "season"}:
        times = _dates_after_meeting(value, state.date)
        if label == "next" and times:
            meeting.next_meeting = times[0]
        elif times:
            meeting.season_dates.extend(times)
        return bool(times) and not without_dates_and_times(value)
    if label in _STATUSES:
        state.status = _STATUSES[label]
        state.role = _LIST_ROLES.get(match.group(1).strip().lower(), "")
        state.one_per_line = not value
        if value:
            _add_attendees(
                meeting, attendees_from_line(value, state.status, line_number, role=state.role)
            )
        if value and not value.endswith(","):
            state.status = ""
        state.waiting = not value
        return True
    if label == "adjusted":
        times = _meeting_times(value, context_year(value))
        if times:
            meeting.adjusted_on = times[0].date
        names = without_dates_and_times(value).strip()
        if names and not meeting.adjusters:
            meeting.adjusters = _names(_strip_dates(value))
        return True
    if label == "adjuster":
        meeting.adjusters.extend(_names(value))
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


def _strip_dates(text: str) -> str:
    for reading in reversed(_dates_in(text, 2000)):
        text = text[: reading.start] + text[reading.end :]
    return text


def _names(text: str) -> list[str]:
    parts = re.split(r"\s*[,;]\s*|\s+och\s+", text)
    return [part.strip(" .") for part in parts if part.strip(" .")]


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
    return bool(_dates_in(text, 2000, compact=True)) and not without_dates_and_times(text)


def _take_date(text: str, state: _HeaderState, line_number: int, *, compact: bool) -> bool:
    if state.date is not None:
        return False
    times = _meeting_times(text, context_year(text), compact=compact)
    if not times:
        return False
    first = times[0]
    state.date, state.reading, state.date_line = first.date, first.reading, line_number
    state.start, state.end = first.start or state.start, first.end or state.end
    return True


def _take_time(text: str, state: _HeaderState, *, labelled: bool = False) -> bool:
    start, end = _times_in(text, labelled=labelled)
    if start is None:
        return False
    state.start, state.end = start, end
    return True


def _read_meeting_facts(
    meeting: ParsedMeeting, sections: list[_Section], context: _Context
) -> None:
    if meeting.when is None and context.page_dates:
        meeting.when = MeetingTime(context.page_dates[0])
        meeting.doubts.append(Doubt(0, "date_page_header"))
    if meeting.when is None:
        _date_from_closing_lines(meeting, sections)
    if meeting.when is None:
        meeting.doubts.append(Doubt(0, "no_date"))
    held = meeting.when.date if meeting.when else None
    if not meeting.attendees:
        _find_attendees(meeting, sections[:3])
    if meeting.chair is None and sections:
        meeting.chair = _find_chair(sections[0])
    if meeting.next_meeting is None:
        meeting.next_meeting = _find_next_meeting(sections, held)
    if not meeting.season_dates:
        meeting.season_dates = _find_season_dates(sections, held)
    meeting.season_dates = sorted(set(meeting.season_dates), key=lambda time: time.date)


def _date_from_closing_lines(meeting: ParsedMeeting, sections: list[_Section]) -> None:
    """ "Karlstad 4 mars 2019" as the last lines of the minutes, when nothing above gave a date."""
    if not meeting.closing_dates and sections:
        tail = [line for line in sections[-1].lines if line.content][-3:]
        for line in tail:
            _note_closing_date(line, meeting)
    if meeting.closing_dates:
        meeting.when = meeting.closing_dates[0]
        meeting.doubts.append(Doubt(meeting.closing_lines[0], "date_closing_line"))


def _dates_after_meeting(
    text: str, held: datetime.date | None, year_hint: int | None = None
) -> list[MeetingTime]:
    """Dates in `text`; without a year they take the year given or the one after the meeting."""
    year = context_year(text) or year_hint
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


def _find_attendees(meeting: ParsedMeeting, sections: list[_Section]) -> None:
    """From an item called "Närvarande" (its lines read as the header's would be), or a
    "Närvarande: …" line in the first items."""
    for section in sections:
        status = _STATUSES.get(_LABELS.get(section.title.lower().rstrip(":"), ""))
        if status:
            state = _HeaderState(status=status, one_per_line=True, waiting=True)
            for line in section.lines:
                if line.content:
                    _read_header_line(line, meeting, state, title=False)
            continue
        for line in section.lines:
            label = _LABEL.match(_strip_markup(line.content))
            if label and _LABELS.get(label.group(1).strip().lower()) in _STATUSES:
                _read_label(
                    _LABELS[label.group(1).strip().lower()],
                    label,
                    line.number,
                    meeting,
                    _HeaderState(),
                )


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
            year = next((year for text in texts if (year := context_year(text))), None)
            for text in texts[1:]:
                found.extend(_dates_after_meeting(text, held, year))
            continue
        for text in texts:
            if _SEASON.search(text):
                found.extend(_dates_after_meeting(text, held))
    return found
