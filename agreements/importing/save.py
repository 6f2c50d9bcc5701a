"""Store parsed minutes as a meeting with its agenda items: all or nothing, and only once.

The same document imported twice gives the same meeting back (its text's hash is a unique key
in the database); a document that does not say when the meeting was held needs a date.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from okportal import page_cache
from okportal.documents import DocumentError, normalise_newlines
from okportal.importing.history import IMPORT_REASON, changed_by_hand, when_and_who
from organisations.models import Organisation

from ..models import Adjuster, AgendaItem, Attendance, Meeting, SeasonDate
from ..workflow import publish_imported
from .minutes import parse_minutes
from .structure import MeetingTime, ParsedMeeting

DEFAULT_START = datetime.time(9, 0)
DEFAULT_LENGTH = datetime.timedelta(hours=2)
TITLE_MAX = AgendaItem._meta.get_field("title").max_length


@dataclass
class ImportResult:
    parsed: ParsedMeeting
    meeting: Meeting | None = None
    created: bool = False
    replaced: bool = False
    warnings: list[str] = field(default_factory=list)


def import_key(text: str) -> str:
    normalised = "\n".join(line.rstrip() for line in normalise_newlines(text).strip().split("\n"))
    return hashlib.sha256(normalised.encode()).hexdigest()


def meeting_times(
    when: MeetingTime | None,
    date: datetime.date | None,
    warnings: list[str],
    start: datetime.time | None = None,
    end: datetime.time | None = None,
) -> tuple[datetime.datetime, datetime.datetime]:
    if date is None and when is None:
        raise DocumentError(
            "no_date",
            _("The document does not say when the meeting was held. Give the date."),
            field="date",
        )
    day = date or when.date
    start_time = start or (when.start if when and when.date == day and when.start else None)
    end_time = end or (when.end if when and when.date == day and when.end else None)
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


def _attendances(meeting: Meeting, parsed: ParsedMeeting) -> list[Attendance]:
    """The attendance list; an organisation written as in the directory is linked to it."""
    written = {person.organisation for person in parsed.attendees if person.organisation}
    known = {}
    if written:
        matching = Q()
        for name in written:
            matching |= Q(name__iexact=name)
        known = {org.name.casefold(): org for org in Organisation.objects.filter(matching)}
    attendances = []
    for person in parsed.attendees:
        organisation = known.get(person.organisation.casefold())
        attendances.append(
            Attendance(
                meeting=meeting,
                person=_clip(person.name, 200),
                organisation=organisation,
                organisation_name="" if organisation else _clip(person.organisation, 200),
                role=_clip(person.role, 100),
                status=Attendance.Status.ATTENDING
                if person.status == "attending"
                else Attendance.Status.ABSENT,
            )
        )
    return attendances


@dataclass
class MinutesOptions:
    """What the coordinator set in the preview; each wins over what the parser read."""

    date: datetime.date | None = None
    start: datetime.time | None = None
    end: datetime.time | None = None
    title: str = ""
    publish: bool = False
    replace: bool = False  # replace what an earlier import of the same document made


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
    publish: bool = False,
    dry_run: bool = False,
    parsed: ParsedMeeting | None = None,
    options: MinutesOptions | None = None,
    user=None,
) -> ImportResult:
    """Save `text` (or its `parsed` result, with the coordinator's corrections) as a meeting of
    `group`, unless `dry_run`. Nothing is published unless asked (`options.publish`, or
    `publish` from the command line); an earlier import of the same document is
    replaced only when `options.replace` says so.

    Raises DocumentError for unreadable text and for what the person must fix.
    """
    options = options or MinutesOptions(date=date, title=title)
    parsed = parsed or parse_minutes(text)
    result = ImportResult(parsed=parsed)
    if not parsed.items:
        raise DocumentError("no_items", _("No agenda items were found in the document."))
    numbers = item_numbers(parsed)
    if len(set(numbers)) != len(numbers):
        raise DocumentError(
            "duplicate_numbers", _("Two agenda items in the document have the same number.")
        )
    key = import_key(text)
    existing = Meeting.objects.filter(import_key=key).first()
    if existing is not None and not options.replace:
        result.meeting = existing
        result.warnings.append(_("This document has already been imported."))
        return result
    starts, ends = meeting_times(
        parsed.when, options.date, result.warnings, options.start, options.end
    )
    if dry_run:
        return result
    meeting = existing or Meeting(group=group, import_key=key, status=Meeting.Status.DRAFT)
    meeting.group = group
    meeting.title = _clip(options.title or parsed.title or group.name, 200)
    meeting.starts_at, meeting.ends_at = starts, ends
    meeting.place = _clip(parsed.place or "", 200)
    meeting.chair = _clip(parsed.chair or "", 200)
    meeting.note_taker = _clip(parsed.note_taker or "", 200)
    if parsed.next_meeting is not None:
        meeting.next_meeting_at = datetime.datetime.combine(
            parsed.next_meeting.date,
            parsed.next_meeting.start or DEFAULT_START,
            tzinfo=timezone.get_current_timezone(),
        )
    meeting._change_reason = IMPORT_REASON  # history: made by the import, not by hand
    try:
        with transaction.atomic():
            meeting.save()
            if existing is not None:
                meeting.items.all().delete()
                meeting.season_dates.all().delete()
                meeting.attendances.all().delete()
            _fill(meeting, parsed, numbers)
            if (options.publish or publish) and meeting.status != Meeting.Status.PUBLISHED:
                publish_imported(meeting, by=user, reason=IMPORT_REASON)
            for model in (AgendaItem, SeasonDate, Attendance, Adjuster):  # bulk: no signals
                page_cache.changed(model)
    except IntegrityError as error:
        again = Meeting.objects.filter(import_key=key).first()
        if again is not None and existing is None:  # imported at this moment by someone else
            result.meeting = again
            return result
        constraint = getattr(getattr(error.__cause__, "diag", None), "constraint_name", "")
        if constraint == "no_overlapping_meetings_of_a_group":
            raise DocumentError(
                "overlap",
                _("%(group)s already has a meeting at this time.") % {"group": group.name},
            ) from error
        raise
    result.meeting = meeting
    result.created = existing is None
    result.replaced = existing is not None
    return result


def item_numbers(parsed: ParsedMeeting) -> list[int]:
    """The items' numbers as written; by position when a heading the coordinator added has none."""
    if any(item.number is None for item in parsed.items) and any(
        item.number is not None for item in parsed.items
    ):
        return list(range(1, len(parsed.items) + 1))
    return [item.number or position for position, item in enumerate(parsed.items, 1)]


def _fill(meeting: Meeting, parsed: ParsedMeeting, numbers: list[int]) -> None:
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            number=number,
            title=_clip(item.title or _("Item %(n)s") % {"n": number}, TITLE_MAX),
            minutes=item.body,
            decision="\n\n".join(item.decisions),
            links="\n".join(item.links),
        )
        for number, item in zip(numbers, parsed.items, strict=True)
    )
    _suggest_themes(items)
    SeasonDate.objects.bulk_create(
        [SeasonDate(meeting=meeting, date=d) for d in {t.date for t in parsed.season_dates}]
    )
    Attendance.objects.bulk_create(_attendances(meeting, parsed))
    _name_adjusters(meeting, parsed.adjusters)


def _name_adjusters(meeting: Meeting, names: list[str]) -> None:
    """The `Justerare:` of the minutes become the meeting's adjusters, as the admin's inline
    makes them: by name, without an account or an approval (the approvals of minutes
    adjusted on paper are not invented). On a re-import, adjusters the document no longer
    names go unless they have approved."""
    wanted = {_clip(name, 200): None for name in names if name}
    meeting.adjusters.exclude(name__in=wanted).filter(approved_at__isnull=True).delete()
    Adjuster.objects.bulk_create(
        [Adjuster(meeting=meeting, name=name) for name in wanted], ignore_conflicts=True
    )


def changes_since_import(meeting: Meeting) -> list[str]:
    """Edits made by hand to an imported meeting and its items since the import, as lines for
    the confirmation of a re-import."""
    imported_at = (
        meeting.history.filter(history_change_reason=IMPORT_REASON)
        .order_by("-history_date")
        .values_list("history_date", flat=True)
        .first()
    ) or meeting.created_at
    edits = [
        _("%(date)s: the meeting was changed by %(user)s") % when_and_who(record)
        for record in changed_by_hand(meeting.history.all(), imported_at)
    ]
    item_history = AgendaItem.history.filter(meeting_id=meeting.pk, history_date__gt=imported_at)
    for record in item_history.exclude(history_type="+").order_by("history_date"):
        edits.append(
            _("%(date)s: item “%(title)s” was changed by %(user)s")
            % {**when_and_who(record), "title": record.title}
        )
    return edits
