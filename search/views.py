from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from okportal.forms import kept_fields, words_field
from okportal.page_cache import CachedPage
from organisations.models import Theme

from .forms import FILTERS, SearchForm
from .kinds import BY_KEY, KINDS
from .query import search
from .timeline import timeline

PER_KIND = 5  # hits of each kind on the first page of everything
PAGE_SIZE = 20  # hits on a page of one kind


# The search page's filters, kept as a fragment: they show the themes.
search_filters = CachedPage("search:filters", shows=["organisations.Theme"])


def search_page(request):
    """/sok/?q=: every kind's best hits, or one kind page by page.

    Queries: the themes of the filter (1, once for each choice made), the theme asked for (0–1),
    the search (1; 2 when no word matched and misspellings are looked for)."""
    form = SearchForm(request.GET or None)
    context = {
        "form": form,
        "query_field": words_field(form),
        "filters": kept_fields(search_filters, request, form, FILTERS),
        "results": None,
    }
    if not form.is_bound:
        return render(request, "search/search.html", context)
    if not form.is_valid():
        return render(request, "search/search.html", context, status=400)
    data = form.cleaned_data
    if not data["q"]:
        return render(request, "search/search.html", context)
    kind = BY_KEY.get(data["kind"])
    page_number = data["page"] or 1
    limit = PAGE_SIZE if kind else PER_KIND
    results = search(
        data["q"],
        kinds=[kind] if kind else KINDS,
        year=data["year"],
        theme=data["theme"],
        offset=(page_number - 1) * limit if kind else 0,
        limit=limit,
    )
    context["results"] = results
    if kind and results.groups:
        paginator = Paginator(range(results.groups[0].total), PAGE_SIZE)
        if page_number > max(paginator.num_pages, 1):
            raise Http404
        context["page_obj"] = paginator.page(page_number)
    query = request.GET.copy()
    query.pop("page", None)
    context["query_string"] = query.urlencode()
    query.pop("kind", None)
    context["all_kinds_query"] = query.urlencode()
    return render(request, "search/search.html", context)


THEME_PAGE_SIZE = 100

# What the theme pages show: everything on a theme, from every app.
theme_pages = CachedPage(
    "search:themes",
    reads=("page",),
    shows=[
        "organisations.Theme", "organisations.Organisation",
        "dialogues.DialogueEvent", "dialogues.Topic", "dialogues.GuidingQuestion",
        "dialogues.Dialogue", "dialogues.Note",
        "agreements.AgreementVersion", "agreements.Section", "agreements.Meeting",
        "agreements.AgendaItem",
    ],
)  # fmt: skip


@theme_pages
def theme_list(request):
    """/teman/: every theme. Queries: the themes (1)."""
    return render(request, "search/theme_list.html", {"themes": Theme.objects.all()})


@theme_pages
def theme_detail(request, slug):
    """/teman/<slug>/: the theme's timeline. Queries: the theme (1), the timeline (1)."""
    theme = get_object_or_404(Theme, slug=slug)
    number = request.GET.get("page") or "1"
    if not number.isdigit() or int(number) < 1:
        raise Http404
    number = int(number)
    found = timeline(theme, offset=(number - 1) * THEME_PAGE_SIZE, limit=THEME_PAGE_SIZE)
    paginator = Paginator(range(found.total), THEME_PAGE_SIZE)
    if number > max(paginator.num_pages, 1):
        raise Http404
    return render(
        request,
        "search/theme_detail.html",
        {"theme": theme, "timeline": found, "page_obj": paginator.page(number)},
    )


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /accounts/
Disallow: /en/accounts/
Disallow: /mina-uppgifter/
Disallow: /en/mina-uppgifter/
Disallow: /sok/
Disallow: /en/sok/
Disallow: /b/
Disallow: /en/b/

Sitemap: {site}/sitemap.xml
"""


def robots_txt(request):
    """Crawlers may read every public page; not the search results, accounts or admin."""
    return HttpResponse(ROBOTS.format(site=settings.SITE_URL), content_type="text/plain")
