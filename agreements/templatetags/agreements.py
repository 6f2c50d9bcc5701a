from django import template

from okportal.markdown import render_block

register = template.Library()


@register.filter
def markdown(text, top=3):
    """Sanitised HTML from Markdown not stored as HTML (previews); `top`: its highest heading."""
    return render_block(text or "", int(top))
