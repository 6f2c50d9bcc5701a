"""One ranked query over every kind (search/kinds.py): the stored Swedish vectors matched with
`websearch_to_tsquery` ("psykisk hälsa" -covid), and, when no word matches anywhere, trigram
word similarity ("psykisk halsa" finds "Psykisk hälsa"). Each kind's hits are ranked and
counted in the same query (window functions), and only the rows shown get a snippet.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import F
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .fields import CONFIG
from .kinds import BY_KEY, COLUMNS, KINDS, Kind

# ts_headline marks the matches with these (private-use characters, removed from the text
# first); the snippet is escaped and only then are they turned into <mark>.
START, STOP = "\ue000", "\ue001"
HEADLINE_OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12"
MARKUP = re.compile(r"</?i>|\*+|^#+\s*", re.MULTILINE)


@dataclass
class Hit:
    kind: Kind
    pk: int
    title: str
    snippet: SafeString
    day: datetime.date | None
    context: str
    url: str


@dataclass
class KindHits:
    kind: Kind
    total: int = 0
    hits: list[Hit] = field(default_factory=list)


@dataclass
class Results:
    groups: list[KindHits]
    fuzzy: bool = False

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)


def fuzzy_words(text: str) -> str:
    """The query without the web-search syntax: the words a misspelling is looked for in."""
    words = text.replace('"', " ").split()
    return " ".join(w for w in words if not w.startswith("-") and w.lower() != "or")


def highlight(snippet: str) -> SafeString:
    plain = escape(MARKUP.sub("", snippet))
    return mark_safe(plain.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def _matching(kind: Kind, text: str, fuzzy: bool, year: int | None, theme):
    rows = kind.rows()
    if theme is not None:
        rows = kind.on_theme(rows, theme)
    if year is not None:
        rows = rows.filter(s_day__year=year)
    if fuzzy:
        words = fuzzy_words(text)
        rows = rows.filter(**{f"{kind.fuzzy_field}__trigram_word_similar": words}).annotate(
            s_rank=TrigramWordSimilarity(words, kind.fuzzy_field)
        )
    else:
        query = SearchQuery(text, config=CONFIG, search_type="websearch")
        rows = rows.filter(search_vector=query).annotate(
            s_rank=SearchRank(F("search_vector"), query)
        )
    return rows.order_by().values(*COLUMNS, "s_rank")


def applicable(kinds: list[Kind], year: int | None, theme) -> list[Kind]:
    """Kinds without themes leave a theme filter out; kinds without a day, a year filter."""
    return [
        kind
        for kind in kinds
        if (theme is None or kind.on_theme is not None) and (year is None or kind.dated)
    ]


def search(
    text: str,
    *,
    kinds: list[Kind] | None = None,
    year: int | None = None,
    theme=None,
    offset: int = 0,
    limit: int = 5,
) -> Results:
    """Up to `limit` hits of each kind after the first `offset`, with the count of each."""
    kinds = applicable(kinds or KINDS, year, theme)
    results = Results(groups=[KindHits(kind) for kind in kinds])
    if not kinds or not text.strip():
        return results
    for fuzzy in (False, True):
        sql, params = _union(tuple(kind.key for kind in kinds), fuzzy, year, theme is not None)
        words = fuzzy_words(text) if fuzzy else text
        values = {_TEXT: words, _THEME: theme.pk if theme is not None else None}
        params = [values.get(p, p) if isinstance(p, str | int) else p for p in params]
        rows = ranked_rows(text, (sql, params), offset, limit)
        if rows or not fuzzy_words(text):
            break
    results.fuzzy = fuzzy and bool(rows)
    groups = {group.kind.key: group for group in results.groups}
    for row in rows:
        group = groups[row["s_kind"]]
        group.total = row["total"]
        if offset < row["n"] <= offset + limit:
            group.hits.append(
                Hit(
                    kind=group.kind,
                    pk=row["s_pk"],
                    title=MARKUP.sub("", row["s_title"]),
                    snippet=highlight(row["snippet"]),
                    day=row["s_day"],
                    context=row["s_context"],
                    url=group.kind.link(row),
                )
            )
    return results


# Compiling eight querysets costs more than running them: the SQL of each shape of search is
# compiled once, with these stand-ins for the words and the theme, which are then replaced by
# the real values among the parameters.
_TEXT = "\ue002words\ue002"
_THEME = -1_000_000_007


@lru_cache(maxsize=128)
def _union(keys: tuple[str, ...], fuzzy: bool, year: int | None, themed: bool):
    from organisations.models import Theme

    theme = Theme(pk=_THEME) if themed else None
    querysets = [_matching(BY_KEY[key], _TEXT, fuzzy, year, theme) for key in keys]
    return union_sql(querysets)


def union_sql(querysets: list) -> tuple[str, tuple]:
    union = querysets[0].union(*querysets[1:], all=True) if len(querysets) > 1 else querysets[0]
    return union.query.sql_with_params()


def ranked_rows(text: str, hits: tuple[str, list], offset: int, limit: int) -> list[dict]:
    """The hits (the SQL and parameters of the kinds' COLUMNS and s_rank, see union_sql),
    ranked and counted per kind; the rows `offset` < n <= `offset + limit` with their snippet,
    and each kind's first."""
    hits_sql, hits_params = hits
    columns = ", ".join(c for c in COLUMNS if c != "s_body")
    # Only the rows shown get a snippet. The first hit of each kind is always read, so that
    # its total is known on a page past the last hit too.
    sql = f"""
        SELECT {columns}, n, total, ts_headline(
            %s::regconfig, translate(s_body, %s, ''), websearch_to_tsquery(%s::regconfig, %s),
            %s) AS snippet
        FROM (
            SELECT hits.*,
                row_number() OVER (
                    PARTITION BY s_kind ORDER BY s_rank DESC, s_day DESC NULLS LAST, s_pk
                ) AS n,
                count(*) OVER (PARTITION BY s_kind) AS total
            FROM ({hits_sql}) AS hits
        ) AS ranked
        WHERE (n > %s AND n <= %s) OR n = 1
        ORDER BY s_kind, n
    """  # noqa: S608 - the only text put in is the SQL Django compiled; values are parameters
    params = [CONFIG, START + STOP, CONFIG, text, HEADLINE_OPTIONS]
    params += [*hits_params, offset, offset + limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
