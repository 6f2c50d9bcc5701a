import rules
from django.core.paginator import InvalidPage
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.generic import DetailView

from okportal.forms import kept_fields, words_field
from okportal.page_cache import CachedPage, cached_fragment

from ..filters import DirectoryFilter
from ..listing import directory_rows, listed, page_of_keys
from ..models import Membership, Organisation, Representative


def directory_body(request) -> str:
    """The filters and one page of results: the same for everybody at this address.

    Queries: the filter form's municipalities and themes (2); the page's keys and the count
    of all (2), or a search's keys, not counted (1); the page's rows with their municipalities
    and themes (1) — the same however many organisations."""
    queryset = directory_rows()
    filterset = DirectoryFilter(request.GET or None, queryset=queryset)
    valid = filterset.is_bound and filterset.is_valid()
    try:
        page = page_of_keys(filterset if valid else None, queryset, request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404 from error
    query = request.GET.copy()
    query.pop("page", None)
    form = filterset.form
    choices = [name for name in form.fields if name != "q"]
    return render_to_string(
        "organisations/includes/directory_body.html",
        {
            "search_field": words_field(form),
            "choices": kept_fields(directory_choices, request, form, choices),
            "organisations": listed(list(page.object_list)),
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "query_string": query.urlencode(),
            "is_filtered": any(request.GET.dict().values()),
        },
        request=request,
    )


# The filters' choices, kept as a fragment: they show the municipalities and the themes.
directory_choices = CachedPage(
    "organisations:directory-choices", shows=["organisations.Municipality", "organisations.Theme"]
)

directory_page = CachedPage(
    "organisations:directory",
    reads=[*DirectoryFilter.base_filters, "page"],
    fragments_of=[directory_choices],
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
