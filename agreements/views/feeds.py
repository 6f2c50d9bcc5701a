"""Calendars (iCalendar, RFC 5545) and the Atom feed of published minutes."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..calendar import meeting_event, new_calendar
from ..models import Meeting

CALENDAR_PAST_DAYS = 365


def calendar_meetings(group=None):
    """Every planned meeting, and the others of the last year, oldest first."""
    since = timezone.now() - datetime.timedelta(days=CALENDAR_PAST_DAYS)
    meetings = Meeting.objects.filter(
        Q(status=Meeting.Status.PLANNED) | Q(starts_at__gte=since)
    ).select_related("group")
    if group is not None:
        meetings = meetings.filter(group=group)
    return meetings.order_by("starts_at")


def build_calendar(meetings, name: str) -> bytes:
    calendar = new_calendar("PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting))
    return calendar.to_ical()


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def calendar(request):
    return _ics_response(
        build_calendar(calendar_meetings(), _("Meetings – ÖK-portalen")), "moten.ics"
    )


def group_calendar(request, slug):
    from organisations.models import WorkingGroup

    group = get_object_or_404(WorkingGroup, slug=slug)
    return _ics_response(
        build_calendar(calendar_meetings(group), f"{group.name} – ÖK-portalen"), f"{slug}.ics"
    )


class MinutesFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Published minutes – ÖK-portalen")
    subtitle = gettext_lazy("Minutes of the council and the working groups, newest first.")

    def link(self):
        return reverse("agreements:meeting_list")

    def items(self):
        return (
            Meeting.objects.with_published_minutes()
            .select_related("group")
            .order_by("-published_at")[:30]
        )

    def item_title(self, item):
        return f"{item.title} {timezone.localtime(item.starts_at):%Y-%m-%d} ({item.group.name})"

    def item_description(self, item):
        return _("Minutes of %(group)s, published %(date)s.") % {
            "group": item.group.name,
            "date": f"{timezone.localtime(item.published_at):%Y-%m-%d}",
        }

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_guid(self, item):
        return item.calendar_uid
