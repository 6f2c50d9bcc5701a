"""Turn meeting minutes (plain text or Markdown) into a ParsedMeeting.

Written for text as it comes out of PDFs and Word: items numbered "1", "1.", "1)", "§ 1" or
marked by headings; lines wrapped at a fixed width, sometimes with a blank line after every
line; URLs broken over two lines; link targets dumped as extra lines; page headers in the
middle of a sentence. Nothing is dropped: a line that has no place ends up in `unplaced`.
"""

from __future__ import annotations

from okportal.documents import DocumentError, normalise_newlines

from .parsing.attendance import attendees_from_line
from .parsing.body import _build_item
from .parsing.facts import _read_header, _read_meeting_facts, _read_signature, _split_signature
from .parsing.items import _heading_starts, _numbered_starts, _split_sections
from .parsing.lines import _is_double_spaced, _remove_page_furniture, _typical_width, _unplace
from .parsing.links import _join_broken_urls, _set_aside_duplicate_links
from .parsing.shapes import _Context, _Line, _Start
from .structure import Doubt, ParsedMeeting

# --- entry point ---------------------------------------------------------------------------


CORRECTABLE_ROLES = ("heading", "body", "decision", "attendee", "absent", "title", "ignore")


def parse_minutes(text: str, corrections: dict[int, str] | None = None) -> ParsedMeeting:
    """Parse minutes; `corrections` (line number: one of CORRECTABLE_ROLES) are the coordinator's
    say over what a line is, and win over what the parser would have guessed."""
    if not text or not text.strip():
        raise DocumentError("empty")
    lines = [
        _Line(number, raw.rstrip())
        for number, raw in enumerate(normalise_newlines(text).split("\n"), 1)
    ]
    meeting = ParsedMeeting()
    context = _Context(
        double_spaced=_is_double_spaced(lines),
        width=_typical_width(lines),
        corrections=dict(corrections or {}),
    )
    _apply_line_corrections(lines, meeting, context)
    _remove_page_furniture(lines, meeting, context)
    _join_broken_urls(lines, context)
    _set_aside_duplicate_links(lines, meeting, context)
    body, tail = _split_signature(lines)
    _read_signature(tail, meeting)
    starts = _numbered_starts(body) or _heading_starts(body, context)
    if not _numbered_starts_were_used(starts):
        meeting.doubts.extend(
            Doubt(body[start.index].number, "heading_guessed") for start in starts
        )
    starts = _corrected_starts(body, starts, context.corrections)
    header, sections = _split_sections(body, starts)
    _read_header(header, meeting)
    meeting.items = [_build_item(section, context) for section in sections]
    _read_meeting_facts(meeting, sections, context)
    meeting.unplaced.sort(key=lambda line: line.line_number)
    _record_roles(meeting, lines)
    return meeting


def parse_upload(text: str, filename: str, corrections: dict[int, str]) -> ParsedMeeting:
    """The parser as okportal.importing.uploads calls it."""
    return parse_minutes(text, corrections)


def _numbered_starts_were_used(starts: list[_Start]) -> bool:
    return any(start.number is not None for start in starts)


def _apply_line_corrections(lines: list[_Line], meeting: ParsedMeeting, context: _Context) -> None:
    """Lines the coordinator called the title, attendees or not part of the minutes."""
    for line in lines:
        role = context.corrections.get(line.number)
        if not line.content or role not in {"title", "attendee", "absent", "ignore"}:
            continue
        if role == "title":
            meeting.title = line.content
        elif role == "ignore":
            _unplace(meeting, line, "ignored")
        else:
            status = "attending" if role == "attendee" else "absent"
            meeting.attendees.extend(attendees_from_line(line.content, status, line.number))
        meeting.line_roles[line.number] = role
        line.text = ""


def _corrected_starts(
    lines: list[_Line], starts: list[_Start], corrections: dict[int, str]
) -> list[_Start]:
    """Item starts as the coordinator corrected them: lines called headings start an item,
    lines called body text or decisions do not."""
    if not corrections:
        return starts
    kept = [s for s in starts if corrections.get(lines[s.index].number) not in _NOT_HEADINGS]
    taken = {start.index for start in kept}
    for index, line in enumerate(lines):
        if corrections.get(line.number) == "heading" and index not in taken and line.content:
            kept.append(_Start(index, None, line.content))
    return sorted(kept, key=lambda start: start.index)


_NOT_HEADINGS = frozenset({"body", "decision"})


def _record_roles(meeting: ParsedMeeting, lines: list[_Line]) -> None:
    """What each line of the source became, for the preview."""
    roles = meeting.line_roles
    for line in meeting.unplaced:
        roles.setdefault(
            line.line_number, "dropped" if line.reason == "page_header" else "unplaced"
        )
    for person in meeting.attendees:
        roles.setdefault(
            person.line_number, "attendee" if person.status == "attending" else "absent"
        )
    for item in meeting.items:
        roles.setdefault(item.line_number, "heading")
        for number, role in item.line_roles.items():
            roles.setdefault(number, role)
