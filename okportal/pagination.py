"""Pages whose rows and the count of them all are read in one query."""

from django.core.paginator import Paginator

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
