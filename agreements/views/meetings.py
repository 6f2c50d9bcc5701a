"""Meetings in public: upcoming and archive, one meeting with its agenda and minutes."""

import rules
from django import forms
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okportal.forms import PortalForm
from okportal.markdown import fill_markdown_html
from okportal.page_cache import CachedPage, Fields

from ..models import AgendaItem, Attendance, Meeting, Section

# Five minutes at most: coming meetings move to the archive by the clock, not by a change.
meeting_list_page = CachedPage(
    "agreements:meeting_list",
    reads=("grupp", "ar"),
    shows=["agreements.Meeting", "agreements.AgendaItem", "organisations.WorkingGroup"],
    timeout=300,
)


class ArchiveYearForm(forms.Form):
    """The year of the archive asked for: a number, or nothing (`"²".isdigit()` is true, but
    `int("²")` fails; a form field parses it the one way)."""

    ar = forms.IntegerField(required=False, min_value=1, max_value=9999)


class GroupChoiceForm(PortalForm, forms.Form):
    """The group whose meetings are shown: one of the groups that meet (given by the view)."""

    grupp = forms.ChoiceField(label=_("Group"), required=False)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grupp"].choices = [("", _("All groups")), *((g.slug, g.name) for g in groups)]


@meeting_list_page
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
    group_form = GroupChoiceForm(initial={"grupp": slug}, groups=groups)
    now = timezone.now()
    years = [d.year for d in meetings.past(now).dates("starts_at", "year", order="DESC")]
    year = years[0] if years else None
    asked = ArchiveYearForm(request.GET)
    if asked.is_valid() and asked.cleaned_data["ar"] in years:
        year = asked.cleaned_data["ar"]
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
            "group_form": group_form,
            "group": group,
            "upcoming": list(meetings.upcoming(now)[:50]),
            "archive": archive,
            "years": years,
            "year": year,
        },
    )


def _meeting(slug):
    return get_object_or_404(Meeting.objects.select_related("group"), slug=slug)


meeting_page = CachedPage(
    "agreements:meeting",
    reads=(),
    shows=[
        "agreements.Meeting", "agreements.AgendaItem", "agreements.Attachment",
        # the sections of the agreement that cite its items
        Fields("agreements.Section", "slug", "heading", "version"),
        Fields("agreements.AgreementVersion", "number"),
        "agreements.SeasonDate",
        "agreements.Adjuster", "agreements.Attendance",
        Fields("organisations.Organisation", "name"),  # of those present
        "organisations.WorkingGroup",
    ],
    timeout=300,
)  # fmt: skip


@meeting_page
def meeting_detail(request, slug):
    # queries: meeting with group, items, attachments, agreement sections, season dates,
    # adjusters, attendance
    meeting = _meeting(slug)
    show_minutes = rules.has_perm("agreements.view_minutes", request.user, meeting)
    return render(
        request,
        "agreements/meeting_detail.html",
        _meeting_context(request, meeting, show_minutes),
    )


def meeting_print(request, slug):
    meeting = _meeting(slug)
    if not rules.has_perm("agreements.view_minutes", request.user, meeting):
        raise Http404("minutes not published")
    return render(
        request, "agreements/meeting_print.html", _meeting_context(request, meeting, True)
    )


def _published_items(meeting):
    """The items as published last: what the public reads while a correction is under way."""
    items = []
    for data in meeting.published_items:
        item = AgendaItem(meeting=meeting, **data)
        item._state.adding = False
        fill_markdown_html(item)
        items.append(item)
    return items


def _meeting_context(request, meeting, show_minutes):
    # The public reads the published text of minutes under correction; coordinators the new one.
    can_preview = rules.has_perm("agreements.preview_minutes", request.user, meeting)
    published_text = meeting.correction_under_way and not can_preview
    related = (
        Prefetch("attachments", to_attr="attachment_list"),
        Prefetch(
            "agreement_sections",
            queryset=Section.objects.select_related("version")
            .order_by("-version__number")
            .only("slug", "heading", "version", "version__number"),
            to_attr="section_list",
        ),
    )
    if published_text:
        items = _published_items(meeting)
        prefetch_related_objects(items, *related)
    else:
        items = list(meeting.items.prefetch_related(*related))
    context = {
        "meeting": meeting,
        "items": items,
        "show_minutes": show_minutes,
        "preview": show_minutes and can_preview and meeting.status != Meeting.Status.PUBLISHED,
        "correction": meeting.correction_under_way,
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
