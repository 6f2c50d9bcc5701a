"""Translated content in templates: where an English text is missing, the Swedish one is shown,
marked with its language (WCAG 3.1.2) so that a screen reader reads it as Swedish.

    {{ theme|translated:"name" }}                      inline text, in a span when it is Swedish
    <div{% lang_attr principle "description" %}>…</div>  the attribute, for a block of text
"""

from django import template
from django.utils.html import format_html

from okportal.content_language import fallback_language

register = template.Library()


@register.filter
def translated(obj, field: str):
    value = getattr(obj, field)
    language = fallback_language(obj, field)
    if language:
        return format_html('<span lang="{}">{}</span>', language, value)
    return value


@register.simple_tag
def lang_attr(obj, field: str):
    language = fallback_language(obj, field)
    return format_html(' lang="{}"', language) if language else ""
