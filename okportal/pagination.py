"""Pages whose rows and the count of them all are read in one query, and pages not counted."""

from collections.abc import Callable

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

# An OFFSET beyond PostgreSQL's bigint is an error of the database, not an empty page.
LARGEST_OFFSET = 2**62


class OneQueryPaginator(Paginator):
    """A page from `rows_and_count(offset)`: its rows and the count of all (any count when
    there are no rows). Only a page with no rows counts on its own (a page past the last, a
    search that finds nothing), and a page number that is none gets Django's message."""

    def rows_and_count(self, offset: int) -> tuple[list, int | None]:
        raise NotImplementedError

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            return super().page(number)
        bottom = (number - 1) * self.per_page
        if 0 <= bottom <= LARGEST_OFFSET:
            rows, count = self.rows_and_count(bottom)
            if rows:
                self.__dict__["count"] = count
                self.validate_number(number)
                return self._get_page(rows, number, self)
        return super().page(number)  # counts, then: no such page (404)


class OpenEndedPaginator(Paginator):
    """Pages of rows that are not counted (a count reads every row, where a page needs a few):
    `rows(offset, limit)` reads one row more than the page shows, to know whether a page
    follows. `counted` says whether `count` is the count of all (known on the last page) or
    only of those up to the next page."""

    def __init__(self, rows: Callable[[int, int], list], per_page: int):
        super().__init__([], per_page)
        self.rows = rows
        self.counted = False

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        offset = (number - 1) * self.per_page
        if not 0 <= offset <= LARGEST_OFFSET:
            raise EmptyPage(self.error_messages["no_results"])
        rows = self.rows(offset, self.per_page + 1)
        self.counted = len(rows) <= self.per_page
        self.count = offset + len(rows)
        if not rows:
            # a page past the last, or nothing at all (count 0)
            self.count = int(offset > 0 and bool(self.rows(0, 1)))
            raise EmptyPage(self.error_messages["no_results"])
        return self._get_page(rows[: self.per_page], number, self)
