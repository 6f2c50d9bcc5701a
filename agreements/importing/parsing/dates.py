"""The meeting's dates and times, read with the import toolkit's Swedish dates
(okportal.importing.dates): a date with the time that follows it is a MeetingTime."""

from __future__ import annotations

import datetime

from okportal.importing.dates import DateReading, context_year, find_dates, find_times

from ..structure import MeetingTime


def _dates_in(
    text: str,
    default_year: int | None,
    not_before: datetime.date | None = None,
    *,
    compact: bool = False,
) -> list[DateReading]:
    return find_dates(text, default_year, not_before, compact=compact)


def _meeting_times(
    text: str,
    default_year: int | None,
    not_before: datetime.date | None = None,
    *,
    compact: bool = False,
) -> list[MeetingTime]:
    """Each date in `text` with the time written after it (before the next date)."""
    dates = _dates_in(text, default_year, not_before, compact=compact)
    result = []
    for position, reading in enumerate(dates):
        stop = dates[position + 1].start if position + 1 < len(dates) else len(text)
        start_time, end_time = _times_in(text[reading.end : stop])
        if start_time is None and len(dates) == 1:
            start_time, end_time = _times_in(text[: reading.start])
        result.append(MeetingTime(reading.date, start_time, end_time, reading))
    return result


def _times_in(
    text: str, *, labelled: bool = False
) -> tuple[datetime.time | None, datetime.time | None]:
    times = find_times(text, labelled=labelled)
    return (times[0].begins, times[0].ends) if times else (None, None)


__all__ = ["_dates_in", "_meeting_times", "_times_in", "context_year"]
