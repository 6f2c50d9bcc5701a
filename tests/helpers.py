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


FOCUS_CONTRAST_SCRIPT = """
() => {
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const [R, G, B] = [r, g, b].map((c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const contrast = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const background = (element) => {
    for (let e = element; e; e = e.parentElement) {
      const colour = rgb(getComputedStyle(e).backgroundColor);
      if (colour.length === 3 || colour[3] > 0) return colour.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const focused = document.activeElement;
  if (!focused || focused === document.body) return null;
  const style = getComputedStyle(focused);
  const width = parseFloat(style.outlineWidth) || 0;
  if (style.outlineStyle === "none" || width === 0) {
    return {element: focused.outerHTML.slice(0, 120), ratio: 0, note: "no focus outline"};
  }
  const ring = rgb(style.outlineColor).slice(0, 3);
  const rect = focused.getBoundingClientRect();
  const reach = (parseFloat(style.outlineOffset) || 0) + width + 1;
  const [middleX, middleY] = [rect.left + rect.width / 2, rect.top + rect.height / 2];
  const points = [
    [rect.left - reach, middleY], [rect.right + reach, middleY],
    [middleX, rect.top - reach], [middleX, rect.bottom + reach],
  ];
  let worst = Infinity;
  for (const [x, y] of points) {
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    const under = document.elementsFromPoint(x, y)
      .find((e) => e !== focused && !focused.contains(e));
    if (under) worst = Math.min(worst, contrast(ring, background(under)));
  }
  return {element: focused.outerHTML.slice(0, 120), ratio: worst === Infinity ? 21 : worst};
}
"""


def assert_focus_contrast(page, stops: int = 60, minimum: float = 3.0) -> int:
    """Tab through the page (at most `stops` times); at each stop the focus ring must stand
    out 3:1 from what lies around it (WCAG 1.4.11). Returns how many stops were checked."""
    page.evaluate("window.scrollTo(0, 0); document.activeElement?.blur()")
    checked, seen = 0, set()
    for _ in range(stops):
        page.keyboard.press("Tab")
        page.evaluate("document.activeElement?.scrollIntoView({block: 'center'})")
        result = page.evaluate(FOCUS_CONTRAST_SCRIPT)
        if result is None or result["element"] in seen:
            break
        seen.add(result["element"])
        assert result["ratio"] >= minimum, f"{page.url}: focus ring {result}"
        checked += 1
    return checked
