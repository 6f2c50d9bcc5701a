"""A page of the directory: the keys of its rows (a search's not counted: one query that reads
no more hits than the page shows), then the rows as they are shown (one query, compiled once)."""

import json
from functools import lru_cache, partial

from django.core.paginator import EmptyPage, Paginator
from django.db import connection
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.translation import get_language

from okportal.pagination import OpenEndedPaginator
from okportal.templatetags.translated import translated

from .filters import DirectoryFilter
from .models import LegalForm, Level, Organisation, Sector, Theme
from .models.organisation import as_typed

PAGE_SIZE = 20


def directory_rows():
    """What the directory lists, in its order, before any filter."""
    return Organisation.objects.public().alphabetical()


def page_of_keys(filterset: DirectoryFilter | None, queryset, number):
    """The page `number` of the keys of what the filters and the words find (of `queryset`
    when the filters are not valid), a search's not counted; of the names like the words when
    the words find nothing. Raises InvalidPage."""
    if filterset is None or not filterset.words:
        found = queryset if filterset is None else filterset.found
        return Paginator(found.values_list("pk", flat=True), PAGE_SIZE).page(number)
    paginator = OpenEndedPaginator(partial(search_keys, filterset), PAGE_SIZE)
    try:
        return paginator.page(number)
    except EmptyPage:
        if paginator.count:
            raise
    misspelled = filterset.misspelled().values_list("pk", flat=True)
    return Paginator(misspelled, PAGE_SIZE).page(number)


def search_keys(filterset: DirectoryFilter, offset: int, limit: int) -> list[int]:
    """The keys of the search's rows `offset` to `offset + limit` (`search_page` of the
    filters' rows), by SQL compiled once for the filters' values and the page's place."""
    values = tuple((name, v) for name, v in filterset.form.cleaned_data.items() if name != "q")
    sql, params = _search_sql(values, offset, limit)
    words = filterset.words
    given = {_WORDS: words, as_typed(_WORDS): as_typed(words)}
    with connection.cursor() as cursor:
        cursor.execute(sql, [given.get(p, p) if isinstance(p, str) else p for p in params])
        return [key for key, _part, _name in cursor.fetchall()]


# The words of a search, a stand-in replaced among the parameters of its compiled SQL.
_WORDS = "\ue005words\ue005"


@lru_cache(maxsize=256)
def _search_sql(values: tuple, offset: int, limit: int) -> tuple[str, list]:
    """The SQL of a page of a search with these filters' values (their rows compare by key);
    the union of two filtered queries cost more to compile than to run."""
    filters = DirectoryFilter(queryset=directory_rows())
    found = filters.unsearched(dict(values)).search_page(_WORDS, offset, limit)
    sql, params = found.query.sql_with_params()
    return sql, list(params)


def listed(keys: list[int]) -> list[dict]:
    """The organisations of `keys`, in that order, as the directory shows them: name, address,
    labels, description, the names of their places and of their themes in the page's language
    (as `translated` shows them)."""
    if not keys:
        return []
    sql, params = _listed()
    params = [keys if p == _KEYS else p for p in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [column.name for column in cursor.description]
        rows = {row[0]: dict(zip(columns, row, strict=True)) for row in cursor.fetchall()}
    language = get_language()
    labels = _labels(language)
    # every address is the same but for the slug (letters, digits, hyphens): reversed once
    before, after = reverse("organisations:detail", args=[_SLUG]).split(_SLUG)
    shown = []
    for row in (rows[key] for key in keys if key in rows):  # (one deleted since is left out)
        for name, label in labels.items():
            row[f"{name}_label"] = label.get(row[name], "")
        row["url"] = before + row["slug"] + after
        themes = map(json.loads, row.pop("theme_rows"))
        row["themes"] = [_theme_name(language, **theme) for theme in themes]
        shown.append(row)
    return shown


@lru_cache(maxsize=8)
def _labels(language: str) -> dict[str, dict[str, str]]:
    """The labels of the choices in `language` (get_FOO_display() looks every lazy label of
    the field up on each call)."""
    return {
        name: {value: str(label) for value, label in choices}
        for name, choices in (
            ("sector", Sector.choices),
            ("legal_form", LegalForm.choices),
            ("level", Level.choices),
        )
    }


@lru_cache(maxsize=256)
def _theme_name(language: str, **theme) -> str:
    """A theme's name as `translated` shows it in `language` (a Swedish fallback marked as
    Swedish), from its key and its names in every language: the same names give the same
    answer, so it is kept; a theme renamed is another key of the cache."""
    return translated(Theme(**theme), "name")


_SLUG = "slug-of-the-organisation"


# The rows' keys, a stand-in replaced among the parameters: the query is compiled once (its
# subqueries cost more to compile than to run).
_KEYS = "\ue003keys\ue003"


@lru_cache(maxsize=1)
def _listed() -> tuple[str, list]:
    keys = RawSQL("SELECT unnest(%s::bigint[])", [_KEYS])
    sql, params = (
        Organisation.objects.filter(pk__in=keys).order_by().listed().query.sql_with_params()
    )
    return sql, list(params)
