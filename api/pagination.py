from django.core.paginator import Paginator
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
    one counts on its own."""

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            return super().page(number)  # Django's message for a page number that is none
        bottom = (number - 1) * self.per_page
        if 0 <= bottom <= _LARGEST_OFFSET:
            # the page's keys first: PostgreSQL works out a row's columns (the places' and
            # themes' subqueries) for every row an OFFSET skips, so page 400 cost 8 times page 1
            keys = self.object_list.values("pk")[bottom : bottom + self.per_page]
            rows = list(
                self.object_list.filter(pk__in=Subquery(keys)).annotate(
                    total_rows=Subquery(_count(self.object_list))
                )
            )
            if rows:
                self.__dict__["count"] = _total(rows[0])
                self.validate_number(number)
                return self._get_page(rows, number, self)
        return super().page(number)  # counts, then: no such page (404)


def _count(rows):
    # COUNT(*), not of a column: it is counted from an index (the public rows' status) alone
    return rows.order_by().values(count=Func(template="COUNT(*)", output_field=IntegerField()))


def _total(row) -> int:
    return row["total_rows"] if isinstance(row, dict) else row.total_rows


class CountInPagePagination(Pagination):
    django_paginator_class = CountInPagePaginator
