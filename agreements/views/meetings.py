"""Meetings in public: upcoming and archive, one meeting with its agenda and minutes."""

from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from okportal.page_cache import cached_public_page

from ..apps import public_pages
from ..models import AgendaItem, Attendance, Meeting, Section


@cached_public_page(public_pages)
def meeting_list(request):
    # queries: groups that meet, the chosen group, archive years, upcoming, archive of one year
    from organisations.models import WorkingGroup

    groups = list(WorkingGroup.objects.filter(meetings__isnull=False).distinct().alphabetical())
    group = None
    meetings = Meeting.objects.select_related("group").annotate(item_count=Count("items"))
    if slug := request.GET.get("grupp"):
        group = next((g for g in groups if g.slug == slug), None)
        if group is None:
            raise Http404("no such group with meetings")
        meetings = meetings.filter(group=group)
    now = timezone.now()
    years = [d.year for d in meetings.past(now).dates("starts_at", "year", order="DESC")]
    year = years[0] if years else None
    if (wanted := request.GET.get("ar", "")).isdigit() and int(wanted) in years:
        year = int(wanted)
    archive = []
    if year is not None:
        archive = list(
            meetings.past(now)
            .filter(starts_at__year=year)
            .prefetch_related(
                Prefetch("items", queryset=AgendaItem.objects.only("meeting_id", "number", "title"))
            )
        )
    return render(
        request,
        "agreements/meeting_list.html",
        {
            "groups": groups,
            "group": group,
            "upcoming": list(meetings.upcoming(now)[:50]),
            "archive": archive,
            "years": years,
            "year": year,
        },
    )


def _meeting(slug):
    return get_object_or_404(Meeting.objects.select_related("group"), slug=slug)


@cached_public_page(public_pages)
def meeting_detail(request, slug):
    # queries: meeting with group, items, attachments, agreement sections, season dates,
    # adjusters, attendance
    meeting = _meeting(slug)
    show_minutes = meeting.minutes_visible_to(request.user)
    return render(
        request,
        "agreements/meeting_detail.html",
        _meeting_context(meeting, show_minutes),
    )


def meeting_print(request, slug):
    meeting = _meeting(slug)
    if not meeting.minutes_visible_to(request.user):
        raise Http404("minutes not published")
    return render(request, "agreements/meeting_print.html", _meeting_context(meeting, True))


def _meeting_context(meeting, show_minutes):
    items = list(
        meeting.items.prefetch_related(
            "attachments",
            Prefetch(
                "agreement_sections",
                queryset=Section.objects.select_related("version").order_by("-version__number"),
            ),
        )
    )
    context = {
        "meeting": meeting,
        "items": items,
        "show_minutes": show_minutes,
        "preview": show_minutes and not meeting.minutes_are_public,
    }
    if show_minutes:
        context["season_dates"] = list(meeting.season_dates.all())
        context["adjusters"] = [a for a in meeting.adjusters.all() if a.approved_at]
        listed = list(
            meeting.attendances.filter(
                status__in=[Attendance.Status.ATTENDING, Attendance.Status.ABSENT]
            ).select_related("organisation")
        )
        context["present"] = [a for a in listed if a.status == Attendance.Status.ATTENDING]
        context["absent"] = [a for a in listed if a.status == Attendance.Status.ABSENT]
    return context
