"""Assertions the whole suite shares: accessibility and query counts."""

from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext

WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def assert_accessible(page) -> None:
    """Run axe-core in the page; fail on any WCAG 2.1 A or AA violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA_TAGS}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def assert_no_csp_violations(page) -> None:
    assert page.csp_violations == [], "\n".join(page.csp_violations)


@contextmanager
def assert_max_queries(count: int):
    """The block makes at most `count` queries; on failure, the queries are listed."""
    with CaptureQueriesContext(connection) as context:
        yield context
    made = len(context.captured_queries)
    listing = "\n".join(f"{i}. {q['sql']}" for i, q in enumerate(context.captured_queries, 1))
    assert made <= count, f"{made} queries, at most {count} expected:\n{listing}"


def page_queries(client, url: str) -> int:
    """How many queries one GET of `url` makes; the response must be 200."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(context.captured_queries)
