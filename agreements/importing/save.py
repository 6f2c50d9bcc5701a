"""Store parsed minutes as a meeting with its agenda items: all or nothing, and only once.

The same document imported twice gives the same meeting back (its text's hash is a unique key
in the database); a document that does not say when the meeting was held needs a date.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from okportal.documents import normalise_newlines

from ..apps import public_pages
from ..models import AgendaItem, Attendance, Meeting, SeasonDate
from .minutes import parse_minutes
from .structure import MeetingTime, ParsedMeeting

DEFAULT_START = datetime.time(9, 0)
DEFAULT_LENGTH = datetime.timedelta(hours=2)
TITLE_MAX = AgendaItem._meta.get_field("title").max_length


class ImportFailed(Exception):
    """The document cannot become a meeting; the message is for the person importing.

    `field` names the form field the message belongs next to, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class ImportResult:
    parsed: ParsedMeeting
    meeting: Meeting | None = None
    created: bool = False
    warnings: list[str] = field(default_factory=list)


def import_key(text: str) -> str:
    normalised = "\n".join(line.rstrip() for line in normalise_newlines(text).strip().split("\n"))
    return hashlib.sha256(normalised.encode()).hexdigest()


def meeting_times(
    when: MeetingTime | None, date: datetime.date | None, warnings: list[str]
) -> tuple[datetime.datetime, datetime.datetime]:
    if date is None and when is None:
        raise ImportFailed(
            _("The document does not say when the meeting was held. Give the date."), "date"
        )
    day = date or when.date
    start_time = when.start if when and when.date == day and when.start else None
    end_time = when.end if when and when.date == day and when.end else None
    if start_time is None:
        warnings.append(
            _("The document gives no time; the meeting is set to %(time)s.")
            % {"time": DEFAULT_START.strftime("%H.%M")}
        )
    tz = timezone.get_current_timezone()
    starts = datetime.datetime.combine(day, start_time or DEFAULT_START, tzinfo=tz)
    ends = datetime.datetime.combine(day, end_time, tzinfo=tz) if end_time else None
    if ends is None or ends <= starts:
        ends = starts + DEFAULT_LENGTH
    return starts, ends


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _suggest_themes(items: list[AgendaItem]) -> None:
    """Each item gets the themes its text mentions (Theme.mentioned_in)."""
    from organisations.models import Theme

    themes = list(Theme.objects.order_by())
    Through = AgendaItem.themes.through
    Through.objects.bulk_create(
        Through(agendaitem_id=item.pk, theme_id=theme.pk)
        for item in items
        for theme in themes
        if theme.mentioned_in(f"{item.title}\n{item.minutes}\n{item.decision}")
    )


def import_minutes(
    text: str,
    *,
    group,
    date: datetime.date | None = None,
    title: str = "",
    status: str = Meeting.Status.DRAFT,
    dry_run: bool = False,
) -> ImportResult:
    """Parse `text` and save it as a meeting of `group` (unless `dry_run`).

    Raises DocumentError for unreadable text and ImportFailed for what the person must fix.
    """
    parsed = parse_minutes(text)
    result = ImportResult(parsed=parsed)
    if not parsed.items:
        raise ImportFailed(_("No agenda items were found in the document."))
    numbers = [item.number or position for position, item in enumerate(parsed.items, 1)]
    if len(set(numbers)) != len(numbers):
        raise ImportFailed(_("Two agenda items in the document have the same number."))
    key = import_key(text)
    existing = Meeting.objects.filter(import_key=key).first()
    if existing is not None:
        result.meeting = existing
        result.warnings.append(_("This document has already been imported."))
        return result
    starts, ends = meeting_times(parsed.when, date, result.warnings)
    if dry_run:
        return result
    meeting = Meeting(
        group=group,
        title=_clip(title or parsed.title or group.name, 200),
        starts_at=starts,
        ends_at=ends,
        place=_clip(parsed.place or "", 200),
        chair=_clip(parsed.chair or "", 200),
        note_taker=_clip(parsed.note_taker or "", 200),
        status=status,
        import_key=key,
    )
    if status == Meeting.Status.PUBLISHED:
        meeting.published_at = timezone.now()
    if parsed.next_meeting is not None:
        meeting.next_meeting_at = datetime.datetime.combine(
            parsed.next_meeting.date,
            parsed.next_meeting.start or DEFAULT_START,
            tzinfo=timezone.get_current_timezone(),
        )
    try:
        with transaction.atomic():
            meeting.save()
            items = AgendaItem.objects.bulk_create(
                AgendaItem(
                    meeting=meeting,
                    number=item.number or position,
                    title=_clip(item.title or _("Item %(n)s") % {"n": position}, TITLE_MAX),
                    minutes=item.body,
                    decision="\n\n".join(item.decisions),
                    links="\n".join(item.links),
                )
                for position, item in enumerate(parsed.items, 1)
            )
            _suggest_themes(items)
            SeasonDate.objects.bulk_create(
                [SeasonDate(meeting=meeting, date=d) for d in {t.date for t in parsed.season_dates}]
            )
            Attendance.objects.bulk_create(
                Attendance(
                    meeting=meeting, person=_clip(name, 200), status=Attendance.Status.ATTENDING
                )
                for name in parsed.attendees
                if name.strip()
            )
            public_pages.bump()  # bulk_create sends no signals
    except IntegrityError as error:
        again = Meeting.objects.filter(import_key=key).first()
        if again is not None:  # imported at the same moment by someone else
            result.meeting = again
            return result
        constraint = getattr(getattr(error.__cause__, "diag", None), "constraint_name", "")
        if constraint == "no_overlapping_meetings_of_a_group":
            raise ImportFailed(
                _("%(group)s already has a meeting at this time.") % {"group": group.name}
            ) from error
        raise
    result.meeting = meeting
    result.created = True
    return result
