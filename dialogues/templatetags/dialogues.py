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


@register.filter
def cited_sections(sections_by_note: dict | None, note_pk: int) -> list:
    """The agreement sections citing a note, from a mapping built once for the whole page."""
    return sections_by_note.get(note_pk, []) if sections_by_note else []
