"""One way to show a public form: django-crispy-forms with Bootstrap 5 fields, and one error
presentation (WCAG 3.3.1): a summary at the top that lists each error as a link to its field and
takes focus after a failed submit (`autofocus`, and `static/js/forms.js`, loaded only then: the
site's CSP allows no inline script), the message beside the field, required fields marked and
explained in text.

A form mixes in `PortalForm` and is rendered with `{% crispy form %}` inside the page's own
<form> element; a form may give `layout_fields()` (e.g. fieldsets) in place of its fields.
A form the portal does not define (allauth's) is shown the same way with `{% portal_form form %}`
(templates/allauth/elements/fields.html).
"""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Layout
from crispy_forms.utils import render_crispy_form
from django import forms
from django.forms.forms import NON_FIELD_ERRORS
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .page_cache import ContentVersion, cached_fragments

SUMMARY = HTML('{% include "includes/form_error_summary.html" %}')
REQUIRED_NOTE = HTML(
    '{% load i18n portal %}{% if form|has_required_fields %}<p class="required-note">'
    '{% translate "Fields marked with * must be filled in." %}</p>{% endif %}'
)


def portal_helper(form, fields: list | None = None, *, head: bool = True) -> FormHelper:
    """The crispy helper of a public form, built when the form is shown (after validation: a
    layout may depend on the errors). `head`: with the error summary and the note on required
    fields (once per form: a form shown in two parts has them in its first)."""
    helper = FormHelper(form)
    helper.form_tag = False  # the page's <form> keeps its action, method, novalidate
    helper.disable_csrf = True  # … and its {% csrf_token %}
    helper.layout = Layout(
        *((SUMMARY, REQUIRED_NOTE) if head else ()), *(fields or list(form.fields))
    )
    return helper


# Stands for a visitor's words in a field rendered once (see words_field).
WORDS = "\ue003"
# (form class, field, language, with words) → the field rendered with WORDS for the words
_words_fields: dict[tuple, str] = {}


def words_field(form, name: str = "q") -> SafeString:
    """A search form's field of words (with the form's error summary and note, empty here) as
    crispy renders it: rendered once for each kind of form and language, with a stand-in for
    the words, which are then put in, escaped as the widget escapes its value (crispy took a
    millisecond for the one field). A form with errors is rendered as it is."""
    if form.is_bound and form.errors:
        return render_crispy_form(form, portal_helper(form, [name]))
    words = form[name].value() if form.is_bound else None
    empty = words in (None, "")
    form_class = type(form)  # by name: a plain FilterSet makes its form's class anew each time
    key = (form_class.__module__, form_class.__qualname__, name, get_language(), empty)
    if key not in _words_fields:
        stand_in = form_class(None if empty else {name: WORDS})
        _words_fields[key] = render_crispy_form(stand_in, portal_helper(stand_in, [name]))
    rendered = _words_fields[key]
    if empty:
        return mark_safe(rendered)  # noqa: S308 (crispy's rendering)
    return mark_safe(rendered.replace(WORDS, escape(str(words)), 1))  # noqa: S308 (escaped)


def kept_fields(page: ContentVersion, request, form, fields: list[str]) -> str:
    """The GET form's `fields` (a search's filters: the same for every search) rendered the
    portal's way, each once for each value given it (not for each set of values: a new
    combination of filters renders nothing), and kept as fragments of `page` until what they
    show changes; the rest of the form (the words) is rendered each time."""

    def field(name: str):
        return lambda: render_crispy_form(form, portal_helper(form, [name], head=False))

    kept = cached_fragments(
        page,
        request,
        {f"field:{name}": ([request.GET.getlist(name)], field(name)) for name in fields},
    )
    return mark_safe("".join(kept.values()))  # noqa: S308 (crispy's own rendering of the form)


class PortalForm:
    """Mixed into a Form or ModelForm: `self.helper` renders it the portal's way."""

    @property
    def helper(self) -> FormHelper:
        return portal_helper(self, self.layout_fields())

    def layout_fields(self) -> list:
        return list(self.fields)


def has_required_fields(form) -> bool:
    return any(f.required and not f.widget.is_hidden for f in form.fields.values())


def error_summary(form) -> list[tuple[str, str, str]]:
    """(anchor, label, message) for each error, the form's own first (no anchor)."""
    entries = [("", "", str(message)) for message in form.errors.get(NON_FIELD_ERRORS, [])]
    for name, messages in form.errors.items():
        if name == NON_FIELD_ERRORS or name not in form.fields:
            continue
        field = form[name]
        anchor = "" if field.is_hidden else field.auto_id
        if anchor and isinstance(
            field.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)
        ):
            anchor += "_0"  # the first choice: the group's label points at nothing
        entries += [(anchor, str(field.label or ""), str(message)) for message in messages]
    return entries


class PortalFilterForm(PortalForm, forms.Form):
    """The form of a django-filter FilterSet (`Meta.form`), shown the same way."""


class PortalFilterSet(django_filters.FilterSet):
    """A FilterSet whose form class is made once: django-filter makes it anew for every
    filterset, with a new field for each filter. Its filters are the same for every filterset
    of the class (none is changed in __init__)."""

    def get_form_class(self):
        kind = type(self)
        if kind not in _FORM_CLASSES:
            _FORM_CLASSES[kind] = super().get_form_class()
        return _FORM_CLASSES[kind]


_FORM_CLASSES: dict[type, type] = {}
