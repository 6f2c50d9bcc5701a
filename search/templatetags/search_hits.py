"""A kind's hits as list items, built in Python: through the template language (a lookup for
every {{ }}, a filter call for every title and day) the hits cost more than the rest of the
search page."""

import unicodedata
from functools import lru_cache
from html import escape

from django import template
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language

register = template.Library()

TITLE_LENGTH = 160


@register.simple_tag
def hit_items(hits) -> SafeString:
    language = get_language()
    # every piece of text in them is escaped (the snippet is safe already: search.query.highlight)
    return mark_safe("\n      ".join(_item(hit, language) for hit in hits))  # noqa: S308


def _item(hit, language: str) -> str:
    link = f'<a href="{escape(hit.url)}" class="hit-title">{escape(title(hit.title))}</a>'
    parts = [f"<li>\n        {link}"]
    if hit.context or hit.day:
        meta = escape(hit.context or "")
        if hit.day:
            separator = " · " if hit.context else ""
            when = escape(day(hit.day, language))
            meta += f'{separator}<time datetime="{hit.day.isoformat()}">{when}</time>'
        parts.append(f'\n        <p class="hit-meta">{meta}</p>')
    if hit.snippet:
        parts.append(f'\n        <p class="hit-snippet">{conditional_escape(hit.snippet)}</p>')
    parts.append("\n      </li>")
    return "".join(parts)


def title(text: str) -> str:
    """truncatechars:160 (Truncator normalises the text first, then counts); most titles are
    shorter and need no counting."""
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= TITLE_LENGTH else Truncator(text).chars(TITLE_LENGTH)


@lru_cache(maxsize=4096)
def day(value, language: str) -> str:
    """The date filter's "j F Y" in `language` (the active one, which date_format reads)."""
    return date_format(value, "j F Y")
