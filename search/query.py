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
from django.utils.translation import get_language
from psycopg.adapt import Transformer

from .fields import CONFIG
from .kinds import BY_KEY, COLUMNS, KINDS, Kind

# ts_headline marks the matches with these (private-use characters, removed from the text
# first); the snippet is escaped and only then are they turned into <mark>.
START, STOP = "\ue000", "\ue001"
HEADLINE_OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12"
# A snippet is looked for in the first this many characters of a text: ts_headline's work grows
# with the text, and a snippet of a long text's later part is rarely the best one anyway.
SNIPPET_SOURCE = 5000
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
    """The kind's visible rows that match, with their rank (s_rank)."""
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
        keys = tuple(kind.key for kind in kinds)
        sql, params = _union(keys, fuzzy, year, theme is not None, get_language())
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
_LIMIT = -1_000_000_009  # each kind's rows ranked: offset + limit


@lru_cache(maxsize=128)
def _union(keys: tuple[str, ...], fuzzy: bool, year: int | None, themed: bool, language: str):
    from organisations.models import Theme

    theme = Theme(pk=_THEME) if themed else None
    return union_sql([_matching(BY_KEY[key], _TEXT, fuzzy, year, theme) for key in keys])


def union_sql(matches: list) -> tuple[str, list]:
    """One SELECT of every kind's best hits: of each kind's matching rows (`matches`, querysets
    of COLUMNS and s_rank), the first %s by rank, each with the count of them all. A kind's
    ranks are sorted only as far as the page needs (a top-N sort, not a full one)."""
    selects, params = [], []
    for rows in matches:
        match_sql, match_params = rows.query.sql_with_params()
        selects.append(
            f"""(SELECT m.*, count(*) OVER () AS total FROM ({match_sql}) AS m
            ORDER BY s_rank DESC, s_day DESC NULLS LAST, s_pk LIMIT %s)"""  # noqa: S608
        )
        params += [*match_params, _LIMIT]
    return " UNION ALL ".join(selects), params


def ranked_rows(text: str, hits: tuple[str, list], offset: int, limit: int) -> list[dict]:
    """The hits (SQL and parameters from union_sql) in order, numbered within each kind: the
    rows `offset` < n <= `offset + limit` with their snippet, and each kind's first, so that
    its total is known on a page past its last hit too."""
    hits_sql, hits_params = hits
    columns = ", ".join(c for c in COLUMNS if c != "s_body")
    sql = f"""
        SELECT {columns}, n, total, CASE WHEN n > %s THEN ts_headline(
            %s::regconfig, left(translate(s_body, %s, ''), %s),
            websearch_to_tsquery(%s::regconfig, %s), %s) END AS snippet
        FROM (
            SELECT hits.*, row_number() OVER (
                PARTITION BY s_kind ORDER BY s_rank DESC, s_day DESC NULLS LAST, s_pk
            ) AS n
            FROM ({hits_sql}) AS hits
        ) AS ranked
        WHERE n > %s OR n = 1
        ORDER BY s_kind, n
    """  # noqa: S608 - the only text put in is the SQL Django compiled; values are parameters
    params = [offset, CONFIG, START + STOP, SNIPPET_SOURCE, CONFIG, text, HEADLINE_OPTIONS]
    params += [offset + limit if p == _LIMIT else p for p in hits_params]
    params += [offset]
    with connection.cursor() as cursor:
        cursor.execute(bound(sql, params))
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def bound(sql: str, params: list) -> str:
    """`sql` with its parameters put in as literals, quoted by psycopg as its client-side
    cursor (Django's) quotes them. That cursor splits a statement at its placeholders anew at
    every execution when it is longer than 4 KB (it keeps only shorter ones split): the 8 KB
    of a search cost 0.3 ms a time to split."""
    connection.ensure_connection()
    literals = Transformer(connection.connection)
    return sql % tuple(literals.as_literal(param).decode() for param in params)
