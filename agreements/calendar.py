"""A meeting as an iCalendar event (RFC 5545): for the calendar feeds and the invitations."""

import datetime

from django.conf import settings
from icalendar import Calendar, Event

from .models import Meeting


def meeting_heading(meeting: Meeting) -> str:
    """The title, with the group's name added only when the title does not already say it (a
    dialogue event invited to, read as a meeting, has no group)."""
    if meeting.group is None or meeting.group.name.casefold() in meeting.title.casefold():
        return meeting.title
    return f"{meeting.title} ({meeting.group.name})"


def meeting_event(meeting: Meeting, description: str = "") -> Event:
    event = Event()
    event.add("uid", meeting.calendar_uid)
    event.add("dtstamp", meeting.updated_at.astimezone(datetime.UTC))
    event.add("last-modified", meeting.updated_at.astimezone(datetime.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(datetime.UTC))
    event.add("dtend", meeting.ends_at.astimezone(datetime.UTC))
    event.add("summary", meeting_heading(meeting))
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    location = ", ".join(part for part in (meeting.place, meeting.online_url) if part)
    if location:
        event.add("location", location)
    url = settings.SITE_URL + meeting.get_absolute_url()
    event.add("url", url)
    event.add("description", f"{description}\n\n{url}".strip())
    return event


def new_calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//ÖK-portalen//agreements//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar
