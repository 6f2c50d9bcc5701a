from __future__ import annotations

import json

from django.db import connection
from django.db.models import Func, IntegerField, Subquery
from rest_framework.pagination import PageNumberPagination

from okportal.pagination import OneQueryPaginator


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 200


class CountInPagePaginator(OneQueryPaginator):
    """Reads a page and the count of all rows in one query: the count as a column of the page's
    rows (a subquery run once), the page's rows found by their keys. `object_list` is a
    queryset, or `Pages` (which count in Python)."""

    def rows_and_count(self, offset):
        if isinstance(self.object_list, Pages):
            rows = self.object_list.rows(offset, self.per_page)
        else:
            rows = list(_page_query(self.object_list, offset, self.per_page))
        return rows, _total(rows[0]) if rows else None


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


# Stands for the keys of a page while its query is compiled; replaced by a parameter after.
_KEYS = -987_654_321


class CompiledPages:
    """The pages of a list of rows (a `values()` queryset) in the order the queryset gives
    them, without a database OFFSET: the keys of all rows, in order, are read once for each
    version of the data (from an index that holds them) and kept by the process; a page is
    then its slice of them, its rows read by their keys with a query compiled once (building
    and compiling the queryset cost more than running it). Its `json` columns (lists of jsonb,
    as an ArraySubquery of JSONObject gives them) are read into lists of dicts, as Django's
    JSONField does."""

    def __init__(self, rows, json: tuple[str, ...] = ()) -> None:
        self.queryset = rows
        self.json = json
        sql, params = rows.filter(pk__in=[_KEYS]).query.sql_with_params()
        if sql.count("IN (%s)") != 1 or list(params).count(_KEYS) != 1:
            raise ValueError(f"the page's keys are not in its SQL once: {sql}")
        self.sql = sql.replace("IN (%s)", "= ANY(%s)")
        self.params = list(params)
        self.keys_at = self.params.index(_KEYS)
        self._kept: tuple[object, list[int]] = (None, [])

    def at(self, version) -> Pages:
        """The pages of the data's `version`."""
        return Pages(self, version)

    def keys(self, version) -> list[int]:
        kept_version, keys = self._kept
        if kept_version != version:
            keys = list(self.queryset.values_list("pk", flat=True))
            self._kept = (version, keys)
        return keys

    def rows(self, keys: list[int], total: int) -> list[dict]:
        params = list(self.params)
        params[self.keys_at] = keys
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            names = [column.name for column in cursor.description]
            rows = [dict(zip(names, row, strict=True), total_rows=total) for row in cursor]
        if rows and self.json:  # one JSON text of them all, read at once
            lists = ("[" + ",".join(row[name]) + "]" for row in rows for name in self.json)
            values = iter(json.loads("[" + ",".join(lists) + "]"))
            for row in rows:
                row.update((name, next(values)) for name in self.json)
        return rows


class Pages:
    """CompiledPages at one version of the data: what CountInPagePaginator reads."""

    def __init__(self, compiled: CompiledPages, version) -> None:
        self.compiled = compiled
        self.version = version

    def rows(self, offset: int, limit: int) -> list[dict]:
        keys = self.compiled.keys(self.version)
        page = keys[offset : offset + limit]
        return self.compiled.rows(page, len(keys)) if page else []

    def count(self) -> int:
        return len(self.compiled.keys(self.version))


class CountInPagePagination(Pagination):
    django_paginator_class = CountInPagePaginator
