from django import template

from okportal.markdown import render_block, render_inline

register = template.Library()


@register.filter
def note_markdown(text: str) -> str:
    """A note's Markdown as inline HTML, sanitised (previews of what is not stored yet)."""
    return render_inline(text or "")


@register.filter
def block_markdown(text: str) -> str:
    """A summary's or introduction's Markdown as HTML, sanitised (previews)."""
    return render_block(text or "")


@register.filter
def cited_sections(sections_by_note: dict | None, note_pk: int) -> list:
    """The agreement sections citing a note, from a mapping built once for the whole page."""
    return sections_by_note.get(note_pk, []) if sections_by_note else []
