import functools
import hashlib
import threading
from collections import OrderedDict

import rules
from crispy_forms.utils import render_crispy_form
from django import template
from django.conf import settings
from django.template.base import TokenType, token_kwargs
from django.urls import reverse, translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info

from okportal import forms as portal_forms
from okportal import page_cache
from okportal import rows as portal_rows

register = template.Library()


@register.simple_tag
def permitted(perm: str, user, obj=None) -> bool:
    """`{% permitted "okportal.use_admin" user as … %}`: asks the portal's permission rules
    (rules.py) alone. `{% has_perm %}` asks every authentication backend, and for a person the
    rules refuse, Django's ModelBackend then reads their stored permissions (two queries), which
    never grant the portal's own permissions; in the header that cost every signed-in page."""
    return rules.has_perm(perm, user, obj)


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this very page in the other languages: plain links, no JavaScript needed.
    Pages rendered without the request (the 500 and 400 pages) link to the start page."""
    request = context.get("request")
    current = context.get("LANGUAGE_CODE")
    return {
        "languages": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": (
                    _in_language(request, code)
                    if request is not None
                    else translate_url(reverse("home"), code)
                ),
            }
            for code, _name in settings.LANGUAGES
            if code != current
        ]
    }


@functools.lru_cache(maxsize=1024)
def _translated_path(path: str, code: str, active: str) -> str:
    """The address of this path (read in the `active` language) in another language:
    resolving the path is the costly part of the header, and URLs do not change under a
    running server."""
    return translate_url(path, code)


def _in_language(request, code: str) -> str:
    """This page in another language; a `next` address (where sign-in leads) goes along, in
    that language too."""
    url = _translated_path(request.path, code, get_language())
    query = request.GET.copy()
    next_url = query.get("next")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts=None):
        query["next"] = translate_url(next_url, code)
    return f"{url}?{query.urlencode(safe='/')}" if query else url


@register.simple_tag
def portal_form(form):
    """`{% portal_form form %}`: a form the portal does not define (allauth's, in
    templates/allauth/elements/fields.html) shown the portal's way (okportal/forms.py)."""
    return render_crispy_form(form, portal_forms.portal_helper(form))


@register.filter
def has_required_fields(form) -> bool:
    return portal_forms.has_required_fields(form)


@register.filter
def error_summary(form) -> list:
    return portal_forms.error_summary(form)


class SharedPartNode(template.Node):
    def __init__(self, name: str, nodelist) -> None:
        self.name = name
        self.nodelist = nodelist

    def render(self, context) -> str:
        request = context.get("request")
        return page_cache.shared_part(request, self.name, lambda: self.nodelist.render(context))


@register.tag
def shared_part(parser, token):
    """`{% shared_part "content" %}{% block content %}{% endblock %}{% endshared_part %}`: a
    part of the page that everybody who may see it shares (okportal/page_cache.py)."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("shared_part takes one quoted name")
    nodelist = parser.parse(("endshared_part",))
    parser.delete_first_token()
    return SharedPartNode(bits[1][1:-1], nodelist)


class PerLanguageNode(template.Node):
    """Rendered once per process for each language (and the values of `vary`): the parts of
    every page that depend on nothing else (the footer, the main navigation for one address).
    Kept for the life of the process (templates do not change under a running server), at most
    `size` of them; rendered each time while DEBUG is on, so template edits show at once."""

    size = 512
    rendered: OrderedDict = OrderedDict()
    lock = threading.Lock()

    def __init__(self, name: str, vary: list, nodelist) -> None:
        self.name = name
        self.vary = vary
        self.nodelist = nodelist

    def render(self, context) -> str:
        if settings.DEBUG:
            return self.nodelist.render(context)
        key = (self.name, get_language(), *(value.resolve(context) for value in self.vary))
        with self.lock:
            html = self.rendered.get(key)
        if html is None:
            html = self.nodelist.render(context)
            with self.lock:
                self.rendered[key] = html
                while len(self.rendered) > self.size:
                    self.rendered.popitem(last=False)
        return html


@register.tag
def per_language(parser, token):
    """`{% per_language "footer" %}…{% endper_language %}`, or with values the part depends on:
    `{% per_language "nav" request.path %}`. See PerLanguageNode."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("per_language takes a quoted name, then values")
    nodelist = parser.parse(("endper_language",))
    parser.delete_first_token()
    vary = [parser.compile_filter(bit) for bit in bits[2:]]
    return PerLanguageNode(bits[1][1:-1], vary, nodelist)


class RowsNode(template.Node):
    def __init__(self, rows, name: str, given: dict, source: str, nodelist, counted) -> None:
        self.rows = rows
        self.counted = counted
        self.name = name
        self.given = given
        self.source = source
        self.nodelist = nodelist

    def render(self, context) -> str:
        rows = list(self.rows.resolve(context) or ())
        given = {name: value.resolve(context) for name, value in self.given.items()}

        def render_row(row, counter: int) -> str:
            return self.nodelist.render(context.new({**given, self.name: row, "counter": counter}))

        html = portal_rows.rendered_rows(self.source, rows, given, render_row, counted=self.counted)
        return mark_safe("".join(html))


@register.tag
def rows(parser, token):
    """`{% rows sections as section with principles_url=principles_url %}…{% endrows %}`: each
    row rendered once for what it shows, and kept (okportal/rows.py). Inside, the row, its
    number `counter` (from 1) and the values given after `with` are all there is."""
    bits = token.split_contents()
    if len(bits) < 4 or bits[2] != "as" or (len(bits) > 4 and bits[4] != "with"):
        raise template.TemplateSyntaxError("rows takes: a list as name [with name=value …]")
    given = token_kwargs(bits[5:], parser, support_legacy=False)
    if len(given) != len(bits[5:]):
        raise template.TemplateSyntaxError("rows: the values after with are name=value")
    pending = list(parser.tokens)
    nodelist = parser.parse(("endrows",))
    parser.delete_first_token()
    used = pending[len(parser.tokens) :]  # the tokens are kept in reverse order
    source = hashlib.blake2b(
        repr([(t.token_type, t.contents) for t in used]).encode(), digest_size=16
    ).hexdigest()
    # a row that shows no number is the same row wherever it is in the list
    counted = any("counter" in t.contents for t in used if t.token_type != TokenType.TEXT)
    return RowsNode(parser.compile_filter(bits[1]), bits[3], given, source, nodelist, counted)
