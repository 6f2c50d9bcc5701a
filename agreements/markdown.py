"""Markdown to safe HTML: coordinators write Markdown, the public reads sanitised HTML."""

from functools import lru_cache

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote", "code", "pre",
    "hr", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str, top: int = 3) -> SafeString:
    """Markdown sanitised by nh3; headings start at `top`, below the page's own headings."""
    if not text:
        return mark_safe("")
    return mark_safe(_render(text, top))  # noqa: S308 - sanitised by nh3 in _render


@lru_cache(maxsize=4096)
def _render(text: str, top: int) -> str:
    """Rendering is pure and costly (Python-Markdown); each process keeps recent results."""
    html = markdown_lib.markdown(text, extensions=["sane_lists", "tables"], output_format="html")
    for level in range(top - 1, 0, -1):  # the page owns the headings above `top`
        html = html.replace(f"<h{level}>", f"<h{top}>").replace(f"</h{level}>", f"</h{top}>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return clean
