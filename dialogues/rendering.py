"""Markdown to safe HTML for notes, summaries and introductions (nh3 has the last word)."""

from __future__ import annotations

import re
from functools import lru_cache

import markdown
import nh3

INLINE_TAGS = {"em", "strong", "i", "b", "u", "s", "code", "a", "br", "sub", "sup", "mark"}
BLOCK_TAGS = INLINE_TAGS | {"p", "ul", "ol", "li", "blockquote", "h3", "h4", "h5", "h6", "hr"}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

# At the start of a note these would turn the note into a list, heading or quote in Markdown;
# a note "1. Anställd" must read "1. Anställd", not become a numbered list.
_BLOCK_START = re.compile(r"^(\s*)(\d+)([.)])(\s)|^(\s*)([-+*#>])(\s|$)|^(\s*)(#+)")


# Writers use a few HTML tags for emphasis (<i>…</i> in the 2015 notes); any other "<" is text,
# shown as written rather than silently dropped.
_OTHER_HTML = re.compile(r"<(?!/?(?:i|b|em|strong|u|s|sub|sup|br)\s*/?>)")


def _escape_html(text: str) -> str:
    return _OTHER_HTML.sub("&lt;", text)


def _escape_block_start(line: str) -> str:
    def repl(match: re.Match) -> str:
        if match.group(2):
            return f"{match.group(1)}{match.group(2)}\\{match.group(3)}{match.group(4)}"
        if match.group(6):
            return f"{match.group(5)}\\{match.group(6)}{match.group(7)}"
        return f"{match.group(8)}\\{match.group(9)}"

    return _BLOCK_START.sub(repl, line, count=1)


def clean(html: str, tags: set[str]) -> str:
    return nh3.clean(
        html,
        tags=tags,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


@lru_cache(maxsize=8192)
def render_inline(text: str) -> str:
    """One note: emphasis and links as written, never a block of its own."""
    lines = [_escape_block_start(line) for line in _escape_html(text).splitlines()] or [""]
    html = markdown.markdown("  \n".join(lines), output_format="html")
    html = html.strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return clean(html, INLINE_TAGS).strip()


@lru_cache(maxsize=512)
def render_block(text: str) -> str:
    """A summary or an introduction: paragraphs and lists."""
    html = markdown.markdown(_escape_html(text), output_format="html", extensions=["sane_lists"])
    return clean(html, BLOCK_TAGS).strip()
