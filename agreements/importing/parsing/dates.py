"""Dates and times as minutes write them: ISO, "3 maj 2021", "3/5 2021", "kl. 13-15"."""

from __future__ import annotations

import datetime
import re

from ..structure import MeetingTime

_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augusti": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_TEXT_DATE = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?::[ae])?\s+({_MONTH_NAMES})\.?(?:\s+(\d{{4}}))?(?!\w)", re.I
)
_NUMERIC_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})[\s-]+(\d{4})(?!\d)")
_CLOCK = re.compile(
    r"\bkl(?:\.|ockan)?\s*(\d{1,2})(?:[.:](\d{2}))?"
    r"(?:\s*(?:[-–—]|till)\s*(?:kl\.?\s*)?(\d{1,2})(?:[.:](\d{2}))?)?",
    re.I,
)
_HHMM = re.compile(r"(?<![\d.:])(\d{1,2})[.:](\d{2})(?:\s*[-–—]\s*(\d{1,2})[.:](\d{2}))?(?!\d)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


# --- dates and times -------------------------------------------------------------------------


def _context_year(text: str) -> int | None:
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


def _dates_in(
    text: str, default_year: int | None, not_before: datetime.date | None = None
) -> list[tuple[int, int, datetime.date]]:
    """Every date in `text` as (start, end, date), in order.

    A date without a year gets `default_year`, or the year after if that would put it
    before `not_before` ("nästa möte 15 januari" in minutes from November).
    """
    found = []
    for match in _ISO_DATE.finditer(text):
        found.append((match, int(match.group(1)), int(match.group(2)), int(match.group(3))))
    for match in _TEXT_DATE.finditer(text):
        month, day = _MONTHS[match.group(2).lower()], int(match.group(1))
        year = int(match.group(3)) if match.group(3) else default_year
        if not match.group(3) and year and not_before:
            guess = _valid_date(year, month, day)
            year = year + 1 if guess and guess < not_before else year
        found.append((match, year, month, day))
    for match in _NUMERIC_DATE.finditer(text):
        found.append((match, int(match.group(3)), int(match.group(2)), int(match.group(1))))
    dates = []
    for match, year, month, day in found:
        valid = _valid_date(year, month, day)
        if valid:
            dates.append((match.start(), match.end(), valid))
    return sorted(dates, key=lambda found_date: found_date[0])


def _valid_date(year: int | None, month: int, day: int) -> datetime.date | None:
    if year is None:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _meeting_times(
    text: str, default_year: int | None, not_before: datetime.date | None = None
) -> list[MeetingTime]:
    dates = _dates_in(text, default_year, not_before)
    result = []
    for position, (_, end, date) in enumerate(dates):
        stop = dates[position + 1][0] if position + 1 < len(dates) else len(text)
        start_time, end_time = _times_in(text[end:stop])
        if start_time is None and len(dates) == 1:
            start_time, end_time = _times_in(text)
        result.append(MeetingTime(date, start_time, end_time))
    return result


def _times_in(text: str) -> tuple[datetime.time | None, datetime.time | None]:
    for pattern in (_CLOCK, _HHMM):
        match = pattern.search(text)
        if match:
            start = _valid_time(match.group(1), match.group(2))
            end = _valid_time(match.group(3), match.group(4))
            if start is not None:
                return start, end
    return None, None


def _valid_time(hour: str | None, minute: str | None) -> datetime.time | None:
    if hour is None:
        return None
    try:
        return datetime.time(int(hour), int(minute or 0))
    except ValueError:
        return None
