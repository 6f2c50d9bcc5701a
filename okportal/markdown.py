"""Markdown to safe HTML, the one way for every app: people and importers write Markdown, the
public reads HTML that Python-Markdown rendered and nh3 sanitised once, when the text was saved.

- `render_block(text, top)`: paragraphs, lists, tables, quotes; headings start at `top`, below
  the page's own headings (agreement sections, minutes, summaries, introductions).
- `render_inline(text)`: one line of emphasis and links, never a block of its own (a dialogue
  note "1. Anställd" reads "1. Anställd", not a numbered list).
- `MarkdownHTMLField(source, ...)`: a model's stored HTML of its Markdown field `source`,
  rendered on every save and bulk_create (Field.pre_save). A save(update_fields=[...]) that
  names the source must name this field too; `QuerySet.update()` of the source is not allowed
  to bypass it (nothing in the project does).

Writers use a few HTML tags for emphasis (<i>…</i> in the 2015 notes); any other "<" is text,
shown as written rather than silently dropped. nh3 has the last word either way.
"""

from __future__ import annotations

import re
from functools import lru_cache

import markdown
import nh3
from django.db import models
from django.utils.safestring import SafeString, mark_safe

INLINE_TAGS = {"em", "strong", "i", "b", "u", "s", "code", "a", "br", "sub", "sup", "mark"}
BLOCK_TAGS = INLINE_TAGS | {
    "p", "ul", "ol", "li", "blockquote", "pre", "hr", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

# "<" that does not open an emphasis tag or an autolink (<https://…>, <name@host>) is text.
_OTHER_HTML = re.compile(
    r"<(?!/?(?:i|b|em|strong|u|s|sub|sup|br)\s*/?>|(?:https?|mailto):[^\s<>]+>|[^\s<>@]+@[^\s<>]+>)"
)
# At the start of a note these would turn the note into a list, heading or quote in Markdown.
_BLOCK_START = re.compile(r"^(\s*)(\d+)([.)])(\s)|^(\s*)([-+*#>])(\s|$)|^(\s*)(#+)")


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


def sanitise(html: str, tags: set[str] = BLOCK_TAGS, attributes: dict | None = None) -> str:
    return nh3.clean(
        html,
        tags=tags,
        attributes=attributes or ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


@lru_cache(maxsize=1024)
def render_block(text: str, top: int = 3) -> SafeString:
    """Paragraphs, lists and tables, sanitised; headings above `top` become `top`."""
    if not text:
        return mark_safe("")
    html = markdown.markdown(
        _escape_html(text), extensions=["sane_lists", "tables"], output_format="html"
    )
    for level in range(top - 1, 0, -1):  # the page owns the headings above `top`
        html = html.replace(f"<h{level}>", f"<h{top}>").replace(f"</h{level}>", f"</h{top}>")
    return mark_safe(sanitise(html))  # noqa: S308 - sanitised by nh3


@lru_cache(maxsize=4096)
def render_inline(text: str) -> SafeString:
    """One note: emphasis and links as written, never a block of its own."""
    if not text:
        return mark_safe("")
    lines = [_escape_block_start(line) for line in _escape_html(text).splitlines()] or [""]
    html = markdown.markdown("  \n".join(lines), output_format="html").strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return mark_safe(sanitise(html, INLINE_TAGS))  # noqa: S308 - sanitised by nh3


def fill_markdown_html(instance: models.Model) -> None:
    """Render the stored HTML of an instance that is not saved (a snapshot read back)."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, MarkdownHTMLField):
            field.pre_save(instance, add=False)


class MarkdownHTMLField(models.TextField):
    """The HTML of the Markdown in the field `source`, rendered on save: pages read it as it is.

    `top` is the level of its highest heading; `inline=True` renders one line (a note)."""

    def __init__(self, *args, source: str, top: int = 3, inline: bool = False, **kwargs):
        self.source, self.top, self.inline = source, top, inline
        kwargs.update(editable=False, blank=True, default="")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key in ("editable", "blank", "default"):
            kwargs.pop(key, None)
        kwargs.update(source=self.source, top=self.top, inline=self.inline)
        return name, path, args, kwargs

    def render(self, text: str) -> SafeString:
        return render_inline(text) if self.inline else render_block(text, self.top)

    def pre_save(self, model_instance, add):
        html = self.render(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, html)
        return str(html)

    def from_db_value(self, value, expression, connection):
        return mark_safe(value)  # noqa: S308 - rendered and sanitised in pre_save

    def fill(self, model: type[models.Model]) -> None:
        """Render the stored HTML of every row of `model` (a data migration's step)."""
        rows = list(model._default_manager.only("pk", self.source))
        for row in rows:
            setattr(row, self.attname, str(self.render(getattr(row, self.source) or "")))
        model._default_manager.bulk_update(rows, [self.attname], batch_size=500)


def fill_stored_html(app_label: str):
    """A data migration's step: render the stored HTML of every row of the app's models (the
    models as they stand at that migration). Reversing it has nothing to undo."""

    def fill(apps, schema_editor) -> None:
        for model in apps.get_app_config(app_label).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, MarkdownHTMLField):
                    field.fill(model)

    return fill
