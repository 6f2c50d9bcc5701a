"""A theme through everything (/teman/<slug>/): the organisations, dialogue topics, questions,
summaries and notes, agreement sections and minutes items on the theme, on one timeline,
oldest first — how a question moved from an Open Space wall to a council decision.

One query: the kinds' public rows on the theme (search/kinds.py), in one UNION, counted and
paged by the database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import FloatField, Value

from .kinds import COLUMNS, KINDS, Kind
from .query import MARKUP

EXCERPT = 300


@dataclass
class Entry:
    kind: Kind
    title: str
    excerpt: str
    day: datetime.date | None
    context: str
    url: str


@dataclass
class Timeline:
    entries: list[Entry]
    total: int


def theme_kinds() -> list[Kind]:
    return [kind for kind in KINDS if kind.on_theme is not None]


def timeline(theme, *, offset: int = 0, limit: int = 50) -> Timeline:
    kinds = theme_kinds()
    querysets = [
        kind.on_theme(kind.rows(), theme)
        .annotate(s_rank=Value(float(position), output_field=FloatField()))
        .order_by()
        .values(*COLUMNS, "s_rank")
        for position, kind in enumerate(kinds)
    ]
    union = querysets[0].union(*querysets[1:], all=True)
    union_sql, params = union.query.sql_with_params()
    columns = ", ".join(c for c in COLUMNS if c != "s_body")
    sql = f"""
        SELECT {columns}, left(s_body, %s) AS excerpt, count(*) OVER () AS total
        FROM ({union_sql}) AS entries
        ORDER BY s_day NULLS LAST, s_rank, s_pk
        LIMIT %s OFFSET %s
    """  # noqa: S608 - the only text put in is the SQL Django compiled; values are parameters
    by_key = {kind.key: kind for kind in kinds}
    with connection.cursor() as cursor:
        cursor.execute(sql, [EXCERPT, *params, limit, offset])
        names = [column.name for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    entries = [
        Entry(
            kind=by_key[row["s_kind"]],
            title=MARKUP.sub("", row["s_title"]),
            excerpt=_excerpt(row["excerpt"], row["s_title"]),
            day=row["s_day"],
            context=row["s_context"],
            url=by_key[row["s_kind"]].link(row),
        )
        for row in rows
    ]
    return Timeline(entries=entries, total=rows[0]["total"] if rows else 0)


def _excerpt(text: str, title: str) -> str:
    plain = " ".join(MARKUP.sub("", text).split())
    if plain == " ".join(MARKUP.sub("", title).split()):
        return ""
    return plain if len(plain) < EXCERPT else plain[: EXCERPT - 1].rsplit(" ", 1)[0] + " …"
