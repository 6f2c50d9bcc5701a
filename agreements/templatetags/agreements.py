from django import template

from ..markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text, top=3):
    """Sanitised HTML from Markdown; `top` is the level of its highest heading."""
    return render_markdown(text or "", int(top))
