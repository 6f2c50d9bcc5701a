"""Swedish dates and times as secretaries write them, for every importer.

Dates: `2019-03-04`, `20190304`, `4 mars 2019`, `den 4:e mars 2019`, `4:E MARS 2019`,
`måndag 4 mars 2019`, `4/3 2019`, `4/3-2019`, `4.3.2019`, a compact `190304` after a name,
ranges of days (`4–5 mars 2019`, `4-5/3 2019`) and dates without a year (`4 mars`, `4/3`), which
take the year the caller knows from the context. Times: `kl. 13.00–15.30`, `kl 9`, `klockan 9-12`,
`13:00`, `09.30 - 12`, and after a `Tid:` label a bare `13-15`.

When a text can be read in two ways — `190304` is 4 March 2019 (yymmdd, the Swedish habit) or
19 March 2004 (ddmmyy); a weekday that does not match its date; a two-digit year — the reading
carries its `alternatives` and a `doubt`, so that a preview can say so instead of choosing
silently.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augusti": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
MONTH_NAMES = (
    "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
    "oktober", "november", "december",
)  # fmt: skip
WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")

_MONTH_ALTERNATION = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:(?P<weekday>mån|tis|ons|tors|fre|lör|sön)dag(?:en)?,?\s+(?:den\s+)?)?"
_DASH = r"\s*[-–—]\s*"
_ORDINAL = r"(?:\s*:\s*[aeAE]|[eE](?!\w)|\s*:\s*(?:de|DE))?"

ISO_DATE = re.compile(
    rf"{_WEEKDAY}(?<!\d)(?P<year>(?:19|20)\d{{2}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})(?!\d)"
    rf"(?:{_DASH}(?P<until>(?:19|20)\d{{2}}-\d{{1,2}}-\d{{1,2}})(?!\d))?",
    re.I,
)
TEXT_DATE = re.compile(
    rf"{_WEEKDAY}(?<![\d:])(?P<day>\d{{1,2}}){_ORDINAL}"
    rf"(?:{_DASH}(?P<until_day>\d{{1,2}}){_ORDINAL})?"
    rf"\s*(?P<month>{_MONTH_ALTERNATION})\.?(?:\s+(?P<year>(?:19|20)\d{{2}}))?(?![\wåäö])",
    re.I,
)
NUMERIC_DATE = re.compile(
    rf"{_WEEKDAY}(?<![\d/.:])(?P<day>\d{{1,2}})(?:{_DASH}(?P<until_day>\d{{1,2}}))?"
    r"(?P<sep>[/.])(?P<month>\d{1,2})"
    r"(?:(?:\s+|\s*-\s*|[/.])(?P<year>(?:19|20)\d{2}|\d{2}))?(?![\d/.]\d|[\d])",
    re.I,
)
COMPACT_DATE = re.compile(r"(?<![\d\-/.:,])(?P<digits>\d{8}|\d{6})(?![\d\-/.:,]\d|\d)")

_TIME = r"(?P<{0}h>[012]?\d)(?:[.:](?P<{0}m>[0-5]\d))?"
CLOCK = re.compile(
    r"\b(?:kl(?:ockan)?\.?|tid(?:punkt)?\s*:)\s*"
    + _TIME.format("s")
    + rf"(?:(?:{_DASH}|\s+(?:till|to)\s+)(?:kl\.?\s*)?"
    + _TIME.format("e")
    + ")?(?![\\d.:]\\d)",
    re.I,
)
HHMM = re.compile(
    r"(?<![\d.:/\-])(?P<sh>[012]?\d)[.:](?P<sm>[0-5]\d)"
    rf"(?:{_DASH}(?P<eh>[012]?\d)(?:[.:](?P<em>[0-5]\d))?)?(?![\d.:/]\d|\d)"
)
BARE_HOURS = re.compile(rf"^(?P<sh>[012]?\d)(?:{_DASH}(?P<eh>[012]?\d))?$")

YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_FILLER = re.compile(
    r"\b(?:(?:mån|tis|ons|tors|fre|lör|sön)dag(?:en)?|den|kl|klockan|till|och|tid|datum)\b|[\W_]",
    re.I,
)


@dataclass(frozen=True)
class DateReading:
    """A date found in a text: where it stands, what it says, and what else it could say."""

    start: int
    end: int
    date: datetime.date
    until: datetime.date | None = None  # the last day of a range of days
    alternatives: tuple[datetime.date, ...] = ()
    doubt: str = ""  # a stable code: "compact", "weekday", "short_year", "no_year"


@dataclass(frozen=True)
class TimeReading:
    start: int
    end: int
    begins: datetime.time
    ends: datetime.time | None = None


def valid_date(year: int | None, month: int, day: int) -> datetime.date | None:
    if year is None:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def context_year(text: str) -> int | None:
    """The first four-digit year in the text, if any."""
    match = YEAR.search(text)
    return int(match.group(1)) if match else None


def find_dates(
    text: str,
    default_year: int | None = None,
    not_before: datetime.date | None = None,
    *,
    compact: bool = True,
) -> list[DateReading]:
    """Every date in `text`, in order, none overlapping another.

    A date without a year takes `default_year`, or the year after when that would put it before
    `not_before` ("nästa möte 15 januari" in minutes from November); without either it is left
    out. `compact`: whether bare 6- and 8-digit numbers may be dates.
    """
    found: list[DateReading] = []
    for match in ISO_DATE.finditer(text):
        date = valid_date(int(match["year"]), int(match["month"]), int(match["day"]))
        if date:
            until = _iso(match["until"]) if match["until"] else None
            found.append(_checked(match, date, until if until and until > date else None))
    for pattern in (TEXT_DATE, NUMERIC_DATE):
        for match in pattern.finditer(text):
            reading = _day_month_reading(match, default_year, not_before)
            if reading:
                found.append(reading)
    if compact:
        found.extend(_compact_readings(text))
    found.sort(key=lambda reading: (reading.start, -(reading.end - reading.start)))
    kept: list[DateReading] = []
    for reading in found:
        if kept and reading.start < kept[-1].end:
            continue
        kept.append(reading)
    return kept


def _iso(text: str) -> datetime.date | None:
    year, month, day = (int(part) for part in text.split("-"))
    return valid_date(year, month, day)


def _day_month_reading(
    match: re.Match[str], default_year: int | None, not_before: datetime.date | None
) -> DateReading | None:
    month_text = match["month"]
    month = MONTHS.get(month_text.lower()) if not month_text.isdigit() else int(month_text)
    if not month or not 1 <= month <= 12:
        return None
    if match.re is NUMERIC_DATE and match["sep"] == "." and not match["year"]:
        return None  # "13.30" is a time, "4.3" alone too unsure to be a date
    day = int(match["day"])
    doubt = ""
    year_text = match["year"]
    if year_text and len(year_text) == 2:
        year: int | None = 2000 + int(year_text)
        doubt = "short_year"
    elif year_text:
        year = int(year_text)
    else:
        year = default_year
        doubt = "no_year"
        guess = valid_date(year, month, day) if year else None
        if guess and not_before and guess < not_before:
            year = year + 1 if year else None
    date = valid_date(year, month, day)
    if date is None:
        return None
    until = valid_date(year, month, int(match["until_day"])) if match["until_day"] else None
    return _checked(match, date, until if until and until > date else None, doubt)


def _checked(
    match: re.Match[str], date: datetime.date, until: datetime.date | None, doubt: str = ""
) -> DateReading:
    """The reading, with a doubt when its weekday does not match the date."""
    weekday = match["weekday"]
    alternatives: tuple[datetime.date, ...] = ()
    if weekday and not WEEKDAYS[date.weekday()].startswith(weekday.lower()):
        doubt = "weekday"
        wanted = next(i for i, name in enumerate(WEEKDAYS) if name.startswith(weekday.lower()))
        shift = (wanted - date.weekday() + 3) % 7 - 3  # the nearest day with that name
        alternatives = (date + datetime.timedelta(days=shift),)
    return DateReading(match.start(), match.end(), date, until, alternatives, doubt)


def _compact_readings(text: str) -> list[DateReading]:
    readings = []
    for match in COMPACT_DATE.finditer(text):
        digits = match["digits"]
        if len(digits) == 8:
            date = valid_date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
            if date and 1900 < date.year < 2100:
                readings.append(DateReading(match.start(), match.end(), date))
            continue
        first = valid_date(2000 + int(digits[:2]), int(digits[2:4]), int(digits[4:]))
        other = valid_date(2000 + int(digits[4:]), int(digits[2:4]), int(digits[:2]))
        if first is None and other is None:
            continue
        date = first or other
        alternatives = (other,) if first and other and other != first else ()
        readings.append(
            DateReading(match.start(), match.end(), date, None, alternatives, "compact")
        )
    return readings


def find_times(text: str, *, labelled: bool = False) -> list[TimeReading]:
    """Every time or span of time in `text`. `labelled`: the text is a `Tid:` field's value,
    so a bare `13` or `13-15` counts as hours."""
    found: list[TimeReading] = []
    taken: list[tuple[int, int]] = []
    patterns = (CLOCK, HHMM, BARE_HOURS) if labelled else (CLOCK, HHMM)
    for pattern in patterns:
        for match in pattern.finditer(text.strip() if pattern is BARE_HOURS else text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            if pattern is HHMM and _is_inside_date(text, match):
                continue
            begins = _time(match["sh"], match.groupdict().get("sm"))
            if begins is None:
                continue
            ends = _time(match["eh"], match.groupdict().get("em"))
            found.append(TimeReading(match.start(), match.end(), begins, ends))
            taken.append((match.start(), match.end()))
    return sorted(found, key=lambda reading: reading.start)


def _is_inside_date(text: str, match: re.Match[str]) -> bool:
    return any(
        reading.start <= match.start() < reading.end
        for reading in find_dates(text, 2000, compact=False)
    )


def _time(hour: str | None, minute: str | None) -> datetime.time | None:
    if hour is None:
        return None
    try:
        return datetime.time(int(hour), int(minute or 0))
    except ValueError:
        return None


def without_dates_and_times(text: str) -> str:
    """What is left of `text` once its dates, times and their filler words are taken out."""
    for pattern in (ISO_DATE, TEXT_DATE, NUMERIC_DATE, CLOCK, HHMM, COMPACT_DATE):
        text = pattern.sub(" ", text)
    return _FILLER.sub("", text)


def swedish_date(date: datetime.date) -> str:
    """'23 oktober 2015'."""
    return f"{date.day} {MONTH_NAMES[date.month - 1]} {date.year}"
