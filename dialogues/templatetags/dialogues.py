from django import template
from django.utils.safestring import mark_safe

from dialogues import rendering

register = template.Library()


@register.filter
def note_markdown(text: str) -> str:
    """A note's Markdown as inline HTML, sanitised by nh3."""
    return mark_safe(rendering.render_inline(text or ""))  # noqa: S308 - nh3 cleaned it


@register.filter
def block_markdown(text: str) -> str:
    """A summary's or introduction's Markdown as HTML, sanitised by nh3."""
    return mark_safe(rendering.render_block(text or ""))  # noqa: S308 - nh3 cleaned it
