import json

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Func, IntegerField, Subquery
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 200


# An OFFSET beyond PostgreSQL's bigint is an error of the database, not an empty page.
_LARGEST_OFFSET = 2**62


class CountInPagePaginator(Paginator):
    """Reads a page and the count of all rows in one query: the count as a column of the page's
    rows (a subquery run once), the page's rows found by their keys. Only a page past the last
    one counts on its own. `object_list` is a queryset or its `CompiledPages`."""

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            return super().page(number)  # Django's message for a page number that is none
        bottom = (number - 1) * self.per_page
        if 0 <= bottom <= _LARGEST_OFFSET:
            if isinstance(self.object_list, CompiledPages):
                rows = self.object_list.rows(bottom, self.per_page)
            else:
                rows = list(_page_query(self.object_list, bottom, self.per_page))
            if rows:
                self.__dict__["count"] = _total(rows[0])
                self.validate_number(number)
                return self._get_page(rows, number, self)
        return super().page(number)  # counts, then: no such page (404)


def _page_query(rows, offset: int, limit: int):
    # the page's keys first: PostgreSQL works out a row's columns (the places' and themes'
    # subqueries) for every row an OFFSET skips, so page 400 cost 8 times page 1
    keys = rows.values("pk")[offset : offset + limit]
    return rows.filter(pk__in=Subquery(keys)).annotate(total_rows=Subquery(_count(rows)))


def _count(rows):
    # COUNT(*), not of a column: it is counted from an index (the public rows' status) alone
    return rows.order_by().values(count=Func(template="COUNT(*)", output_field=IntegerField()))


def _total(row) -> int:
    return row["total_rows"] if isinstance(row, dict) else row.total_rows


# Stand-ins for a page's bounds while its query is compiled; replaced by parameters after.
_OFFSET, _LIMIT = 987_654_321_001, 987_654_321_002


class CompiledPages:
    """The page query of a list of rows (a `values()` queryset) compiled to SQL once, its
    bounds left as parameters: building and compiling the queryset cost more than running it.
    Its `json` columns (lists of jsonb, as an ArraySubquery of JSONObject gives them) are read
    into lists of dicts, as Django's JSONField does."""

    def __init__(self, rows, json: tuple[str, ...] = ()) -> None:
        self.queryset = rows
        self.json = json
        sql, self.params = _page_query(rows, _OFFSET, _LIMIT - _OFFSET).query.sql_with_params()
        bounds = f"LIMIT {_LIMIT - _OFFSET} OFFSET {_OFFSET}"
        if sql.count(bounds) != 1:
            raise ValueError(f"the page's bounds are not in its SQL once: {sql}")
        self.sql = sql.replace(bounds, "LIMIT %s OFFSET %s")
        self.bounds_at = sql[: sql.index(bounds)].count("%s")

    def rows(self, offset: int, limit: int) -> list[dict]:
        params = list(self.params)
        params[self.bounds_at : self.bounds_at] = [limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            names = [column.name for column in cursor.description]
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        if rows and self.json:  # one JSON text of them all, read at once
            lists = ("[" + ",".join(row[name]) + "]" for row in rows for name in self.json)
            values = iter(json.loads("[" + ",".join(lists) + "]"))
            for row in rows:
                row.update((name, next(values)) for name in self.json)
        return rows

    def count(self) -> int:
        return self.queryset.count()


class CountInPagePagination(Pagination):
    django_paginator_class = CountInPagePaginator
