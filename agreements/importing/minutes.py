"""Turn meeting minutes (plain text or Markdown) into a ParsedMeeting.

Written for text as it comes out of PDFs and Word: items numbered "1", "1.", "1)", "§ 1" or
marked by headings; lines wrapped at a fixed width, sometimes with a blank line after every
line; URLs broken over two lines; link targets dumped as extra lines; page headers in the
middle of a sentence. Nothing is dropped: a line that has no place ends up in `unplaced`.
"""

from __future__ import annotations

from okportal.documents import DocumentError, normalise_newlines

from .parsing.body import _build_item
from .parsing.facts import _read_header, _read_meeting_facts, _read_signature, _split_signature
from .parsing.items import _heading_starts, _numbered_starts, _split_sections
from .parsing.lines import _is_double_spaced, _remove_page_furniture, _typical_width
from .parsing.links import _join_broken_urls, _set_aside_duplicate_links
from .parsing.shapes import _Context, _Line
from .structure import ParsedMeeting

# --- entry point ---------------------------------------------------------------------------


def parse_minutes(text: str) -> ParsedMeeting:
    if not text or not text.strip():
        raise DocumentError("empty")
    lines = [
        _Line(number, raw.rstrip())
        for number, raw in enumerate(normalise_newlines(text).split("\n"), 1)
    ]
    meeting = ParsedMeeting()
    context = _Context(double_spaced=_is_double_spaced(lines), width=_typical_width(lines))
    _remove_page_furniture(lines, meeting, context)
    _join_broken_urls(lines, context)
    _set_aside_duplicate_links(lines, meeting, context)
    body, tail = _split_signature(lines)
    _read_signature(tail, meeting)
    starts = _numbered_starts(body) or _heading_starts(body, context)
    header, sections = _split_sections(body, starts)
    _read_header(header, meeting)
    meeting.items = [_build_item(section, context) for section in sections]
    _read_meeting_facts(meeting, sections, context)
    meeting.unplaced.sort(key=lambda line: line.line_number)
    return meeting
