import json
from functools import lru_cache

import rules
from django.core.paginator import EmptyPage, InvalidPage, Paginator
from django.db import connection
from django.db.models import Count, Prefetch, Window
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.generic import DetailView

from okportal.forms import kept_fields, portal_helper
from okportal.page_cache import CachedPage, cached_fragment
from okportal.templatetags.translated import translated

from ..filters import DirectoryFilter
from ..models import (
    LegalForm,
    Level,
    Membership,
    Organisation,
    Representative,
    Sector,
    Theme,
)

PAGE_SIZE = 20
# An OFFSET beyond PostgreSQL's bigint is an error of the database, not an empty page.
_LARGEST_OFFSET = 2**62


class CountedPaginator(Paginator):
    """A page of hits and the count of them all in one query (a window over the hits): a
    ranked search reads every hit to rank it anyway. Only a page with no rows counts on its
    own (a page past the last, or a search that finds nothing)."""

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            return super().page(number)  # Django's message for a page number that is none
        bottom = (number - 1) * self.per_page
        if 0 <= bottom <= _LARGEST_OFFSET:
            counted = self.object_list.annotate(hits=Window(Count("*")))
            rows = list(counted[bottom : bottom + self.per_page])
            if rows:
                self.__dict__["count"] = rows[0].hits
                return self._get_page(rows, number, self)
        return super().page(number)


def directory_page_of(filterset: DirectoryFilter, number):
    """The page `number` of what the filters and the words find; of the names like the words
    when the words find nothing. Raises InvalidPage."""
    if not filterset.words:
        return Paginator(filterset.found, PAGE_SIZE).page(number)
    paginator = CountedPaginator(filterset.found, PAGE_SIZE)
    try:
        page = paginator.page(number)
    except EmptyPage:
        if paginator.count:
            raise
    else:
        if paginator.count:
            return page
    return Paginator(filterset.misspelled(), PAGE_SIZE).page(number)


def with_places_and_themes(organisations: list[Organisation]) -> None:
    """Sets each one's `places` (the names of its municipalities) and `themes_shown` (its
    themes' names in the page's language, as `translated` shows them): one query for the page,
    no model instance of a municipality, one of a theme for each theme shown."""
    if not organisations:
        return
    sql, params = _places_and_themes()
    params = [[o.pk for o in organisations] if p == _KEYS else p for p in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        lists = {pk: (places, themes) for pk, places, themes in cursor.fetchall()}
    shown: dict[int, str] = {}
    for organisation in organisations:
        places, themes = lists[organisation.pk]
        organisation.places = places
        organisation.themes_shown = []
        for theme in map(json.loads, themes):
            if theme["id"] not in shown:
                shown[theme["id"]] = translated(Theme(**theme), "name")
            organisation.themes_shown.append(shown[theme["id"]])


# The rows' keys, a stand-in replaced among the parameters: the query is compiled once (its
# subqueries cost more to compile than to run).
_KEYS = "\ue003keys\ue003"


@lru_cache(maxsize=1)
def _places_and_themes() -> tuple[str, list]:
    keys = RawSQL("SELECT unnest(%s::bigint[])", [_KEYS])
    sql, params = (
        Organisation.objects.filter(pk__in=keys).places_and_themes().query.sql_with_params()
    )
    return sql, list(params)


def directory_body(request) -> str:
    """The filters and one page of results: the same for everybody at this address.

    Queries: the filter form's municipalities and themes (2), the page (1: with the count of
    all rows when the words rank them, else 2), and the page's municipalities and themes (1)
    — the same however many organisations."""
    queryset = (
        Organisation.objects.public()
        .alphabetical()
        .only("name", "slug", "sector", "legal_form", "level", "description")
    )
    filterset = DirectoryFilter(request.GET or None, queryset=queryset)
    try:
        if filterset.is_bound and filterset.is_valid():
            page = directory_page_of(filterset, request.GET.get("page") or 1)
        else:
            page = Paginator(queryset, PAGE_SIZE).page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404 from error
    paginator = page.paginator
    organisations = list(page.object_list)
    with_places_and_themes(organisations)
    # get_FOO_display() hashes every (lazy) label of the field on each call: look them up once
    labels = {
        name: {value: str(label) for value, label in choices}
        for name, choices in (
            ("sector", Sector.choices),
            ("legal_form", LegalForm.choices),
            ("level", Level.choices),
        )
    }
    for organisation in organisations:
        organisation.sector_label = labels["sector"].get(organisation.sector, "")
        organisation.legal_form_label = labels["legal_form"].get(organisation.legal_form, "")
        organisation.level_label = labels["level"].get(organisation.level, "")
    query = request.GET.copy()
    query.pop("page", None)
    form = filterset.form
    choices = [name for name in form.fields if name != "q"]
    return render_to_string(
        "organisations/includes/directory_body.html",
        {
            "filter": filterset,
            "search_helper": portal_helper(form, ["q"]),
            "choices": kept_fields(directory_page, request, form, choices),
            "organisations": organisations,
            "page_obj": page,
            "paginator": paginator,
            "is_paginated": page.has_other_pages(),
            "query_string": query.urlencode(),
            "is_filtered": any(request.GET.dict().values()),
        },
        request=request,
    )


directory_page = CachedPage(
    "organisations:directory",
    reads=[*DirectoryFilter.base_filters, "page"],
    shows=[
        "organisations.Organisation", "organisations.Municipality", "organisations.Theme",
        "agreements.Signature",
    ],
)  # fmt: skip


@directory_page
def directory(request):
    """Approved organisations, filtered and searched, in Swedish alphabetical order; the list
    is a cached fragment (okportal/page_cache.py)."""
    body = cached_fragment(directory_page, "directory", request, lambda: directory_body(request))
    return render(request, "organisations/directory.html", {"body": mark_safe(body)})


class OrganisationDetailView(DetailView):
    template_name = "organisations/detail.html"
    context_object_name = "organisation"

    def get_object(self, queryset=None):
        organisation = (
            Organisation.objects.filter(slug=self.kwargs["slug"])
            .prefetch_related(
                "municipalities",
                "themes",
                Prefetch(
                    "representatives",
                    queryset=Representative.objects.shown_publicly().select_related("user"),
                    to_attr="public_representatives",
                ),
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.active()
                    .filter(group__is_active=True)
                    .select_related("group")
                    .order_by("group__sort_name"),
                    to_attr="active_memberships",
                ),
            )
            .first()
        )
        if organisation is None or not rules.has_perm(
            "organisations.view", self.request.user, organisation
        ):
            raise Http404
        return organisation

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_change"] = user.is_authenticated and rules.has_perm(
            "organisations.change", user, self.object
        )
        return context
