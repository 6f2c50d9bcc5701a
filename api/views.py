"""/api/: read-only open data, JSON, paged; each list reuses its app's public queryset."""

import csv
from functools import lru_cache
from itertools import chain

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Prefetch
from django.db.models.functions import JSONObject
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from rest_framework import generics

from agreements.models import AgreementVersion, Meeting, Principle, Section, Signature
from dialogues.models import DialogueEvent, Note, Topic
from organisations.filters import DirectoryFilter
from organisations.models import Membership, Organisation, WorkingGroup
from search.localized import localized

from . import filters, serializers
from .freshness import conditional, data_version, open_data
from .pagination import CompiledPages, CountInPagePagination


def organisations():
    """The public columns only (not the search vector), with the names of their places and
    themes, as rows: one query for a page of them, built in the database, no model instances."""
    return _organisations(get_language()).all()


@lru_cache(maxsize=8)
def _organisations(language: str):
    """organisations() in `language` (the names of themes), built once: building the
    queryset costs more than running it."""
    return (
        Organisation.objects.public()
        .alphabetical()
        .values(*serializers.ORGANISATION_COLUMNS)
        .annotate(
            area=named_rows(Organisation.municipalities.through, "municipality"),
            theme_rows=named_rows(
                Organisation.themes.through, "theme", localized("theme__name", language)
            ),
        )
    )


@lru_cache(maxsize=8)
def _organisation_pages(language: str) -> CompiledPages:
    """The page query of organisations() in `language`, compiled once."""
    return CompiledPages(_organisations(language), json=("area", "theme_rows"))


def named_rows(through, related: str, name=None) -> ArraySubquery:
    """The organisation's municipalities or themes in their order, each {"id", "name"}."""
    return ArraySubquery(
        through.objects.filter(organisation=OuterRef("pk"))
        .order_by(f"{related}__sort_name")
        .values(row=JSONObject(id=f"{related}__slug", name=name or f"{related}__name"))
    )


def signatures():
    return (
        Signature.objects.filter(organisation__in=Organisation.objects.public())
        .select_related("organisation", "version")
        .order_by("organisation__sort_name", "organisation__pk", "-version__number")
    )


class OrganizationList(generics.ListAPIView):
    """Approved organisations, in Swedish alphabetical order; the directory's filters."""

    serializer_class = serializers.OrganizationSerializer
    filterset_class = DirectoryFilter
    pagination_class = CountInPagePagination

    def get_queryset(self):
        return organisations()

    def filter_queryset(self, queryset):
        """The filters' form is made only when a filter is asked for; without one, the pages
        are read by their keys, which are kept for this version of the data."""
        if self.request.GET.keys() & DirectoryFilter.base_filters.keys():
            return super().filter_queryset(queryset)
        return _organisation_pages(get_language()).at(data_version(self.request))


class OrganizationDetail(generics.RetrieveAPIView):
    serializer_class = serializers.OrganizationSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return organisations()


class GroupList(generics.ListAPIView):
    """Active working groups, councils and networks."""

    serializer_class = serializers.GroupSerializer
    queryset = WorkingGroup.objects.active().alphabetical().prefetch_related("themes")


class GroupDetail(generics.RetrieveAPIView):
    serializer_class = serializers.GroupSerializer
    queryset = GroupList.queryset
    lookup_field = "slug"


class MembershipList(generics.ListAPIView):
    """Approved organisations' active memberships of the active groups."""

    serializer_class = serializers.MembershipSerializer
    filterset_class = filters.MembershipFilter
    queryset = (
        Membership.objects.active()
        .filter(organisation__in=Organisation.objects.public(), group__is_active=True)
        .select_related("organisation", "group")
        .order_by("group__sort_name", "organisation__sort_name", "pk")
    )


class MeetingList(generics.ListAPIView):
    """Meetings whose minutes are published, newest first."""

    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter
    queryset = (
        Meeting.objects.with_published_minutes().select_related("group").order_by("-starts_at")
    )


class MeetingDetail(generics.RetrieveAPIView):
    serializer_class = serializers.MeetingDetailSerializer
    lookup_field = "slug"
    queryset = MeetingList.queryset.prefetch_related("items")


class DialogueEventList(generics.ListAPIView):
    """Published dialogue events, newest first."""

    serializer_class = serializers.DialogueEventSerializer
    filterset_class = filters.DialogueEventFilter
    queryset = DialogueEvent.objects.published().order_by("-date", "pk")


class DialogueEventDetail(generics.RetrieveAPIView):
    """A published event with its guiding questions, and its topics with their notes."""

    serializer_class = serializers.DialogueEventDetailSerializer
    lookup_field = "slug"
    queryset = DialogueEventList.queryset.prefetch_related(
        "questions",
        Prefetch(
            "topics",
            queryset=Topic.objects.prefetch_related(
                "themes", Prefetch("notes", queryset=Note.objects.order_by("group", "position"))
            ),
        ),
    )


class VersionList(generics.ListAPIView):
    """The agreement's versions (not withdrawn ones), newest first, with their sections."""

    serializer_class = serializers.VersionSerializer
    queryset = AgreementVersion.objects.public().prefetch_related(
        Prefetch("sections", queryset=Section.objects.prefetch_related("principles"))
    )


class PrincipleList(generics.ListAPIView):
    serializer_class = serializers.PrincipleSerializer
    queryset = Principle.objects.all()


class SignatureList(generics.ListAPIView):
    """Who signed which version of the agreement, when, and by whom."""

    serializer_class = serializers.SignatureSerializer

    def get_queryset(self):
        return signatures()


class _Echo:
    def write(self, value):
        return value


def _csv(rows, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def organisations_csv(request):
    """The directory as CSV, with the directory's filters."""
    filterset = DirectoryFilter(request.GET or None, queryset=organisations())
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else organisations()
    header = [_("name"), "id", _("sector"), _("legal form"), _("level"), _("municipalities"),
              _("themes"), _("organisation number"), _("website"), _("address")]  # fmt: skip
    rows = (
        [
            o["name"],
            o["slug"],
            o["sector"],
            o["legal_form"],
            o["level"],
            "; ".join(m["name"] for m in o["area"]),
            "; ".join(t["name"] for t in o["theme_rows"]),
            o["organisation_number"],
            o["website"],
            request.build_absolute_uri(reverse("organisations:detail", args=[o["slug"]])),
        ]  # fmt: skip
        for o in queryset.iterator(chunk_size=500)
    )
    return _csv(chain([[str(h) for h in header]], rows), "organisationer.csv")


def signatures_csv(request):
    header = [_("organisation"), "id", _("version"), _("signed"), _("signed by"),
              _("title of the signatory"), _("decision reference")]  # fmt: skip
    rows = (
        [
            s.organisation.name,
            s.organisation.slug,
            s.version.number,
            s.signed_on.isoformat(),
            s.signed_by,
            s.signatory_title,
            s.decision_reference,
        ]  # fmt: skip
        for s in signatures().iterator(chunk_size=500)
    )
    return _csv(chain([[str(h) for h in header]], rows), "undertecknare.csv")


def overview(request):
    """/api/: what there is, in words, for people."""
    return render(request, "api/overview.html")


# Answered 304 when the client has the current version; else, for clients without a session (any
# script), the answer kept for its address until the data changes (okportal/page_cache.py).
conditional_views = {
    name: open_data(conditional(view.as_view()))
    for name, view in {
        "organizations": OrganizationList,
        "organization": OrganizationDetail,
        "groups": GroupList,
        "group": GroupDetail,
        "memberships": MembershipList,
        "events": MeetingList,
        "event": MeetingDetail,
        "dialogue_events": DialogueEventList,
        "dialogue_event": DialogueEventDetail,
        "versions": VersionList,
        "principles": PrincipleList,
        "signatures": SignatureList,
    }.items()
}
