"""The layout of the whole text: line cleaning, page headers and the typical line width."""

from __future__ import annotations

from okportal.importing.layout import STANDALONE_URL, is_page_furniture, repeated_furniture

from ..structure import ParsedMeeting, UnplacedLine
from .dates import _dates_in
from .shapes import _Context, _Line

_STANDALONE_URL = STANDALONE_URL


# --- layout of the whole text ----------------------------------------------------------------


def _is_double_spaced(lines: list[_Line]) -> bool:
    """Text from some PDFs has a blank line after every line, paragraph or not."""
    content = [i for i, line in enumerate(lines) if line.content]
    if len(content) < 6:
        return False
    followed_by_blank = sum(1 for i in content if i + 1 < len(lines) and not lines[i + 1].content)
    gaps = [(a, b) for a, b in zip(content, content[1:], strict=False) if b > a + 1]
    lowercase = sum(1 for _, b in gaps if lines[b].content[0].islower())
    return followed_by_blank >= 0.6 * len(content) and lowercase >= 0.2 * max(len(gaps), 1)


def _typical_width(lines: list[_Line]) -> int:
    lengths = sorted(
        len(line.content)
        for line in lines
        if line.content and not _STANDALONE_URL.match(line.content)
    )
    if not lengths:
        return 80
    return max(40, lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0])


def _unplace(meeting: ParsedMeeting, line: _Line, reason: str) -> None:
    meeting.unplaced.append(UnplacedLine(line.number, line.content, reason))


def _remove_page_furniture(lines: list[_Line], meeting: ParsedMeeting, context: _Context) -> None:
    repeated = repeated_furniture([line.content for line in lines])
    for index, line in enumerate(lines):
        content = line.content
        if not content:
            continue
        if index in repeated or is_page_furniture(content, bare_numbers=context.double_spaced):
            context.page_dates.extend(reading.date for reading in _dates_in(content, None))
            _unplace(meeting, line, "page_header")
            line.text = ""
        elif not any(char.isalnum() for char in content):
            _unplace(meeting, line, "stray")
            line.text = ""
