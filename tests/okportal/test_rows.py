"""`{% rows %}` (okportal/rows.py): each row of a list is rendered once for what it shows and
kept under a fingerprint of it; a page rendered again after a change renders the changed rows
alone, and shows the change at once."""

import datetime

import pytest
from django.core.cache import cache
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client
from django.utils import translation

from agreements.models import Principle, Section
from okportal import rows
from okportal.local_copies import forget_every_copy
from tests.agreements.factories import (
    AgreementFactory,
    PrincipleFactory,
    SectionFactory,
    VersionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def principles():
    agreement = AgreementFactory()
    for name in ("Självständighet", "Dialog", "Kvalitet"):
        PrincipleFactory(agreement=agreement, name=name)
    return lambda: list(Principle.objects.order_by("pk"))


def _rendered(rows_given: list, given: dict | None = None) -> list[str]:
    """The rows, and which of them were rendered (rather than kept)."""
    rendered = []

    def render_row(row, counter):
        rendered.append(row.name)
        return f"<li>{counter}. {row.name}</li>"

    return rows.rendered_rows("test", rows_given, given or {}, render_row), rendered


def test_a_row_is_rendered_once_then_kept(principles):
    html, rendered = _rendered(principles())
    assert html == ["<li>1. Självständighet</li>", "<li>2. Dialog</li>", "<li>3. Kvalitet</li>"]
    assert rendered == ["Självständighet", "Dialog", "Kvalitet"]
    assert _rendered(principles()) == (html, [])  # new objects from a new query: kept


def test_a_process_keeps_its_own_copy_of_the_rows_it_rendered(principles):
    """A row's key is what it shows: the process's own copy serves it with no round trip to
    the cache, even after the cache is emptied; a process that starts anew asks the cache."""
    html, _ = _rendered(principles())
    cache.clear()
    assert _rendered(principles()) == (html, [])
    forget_every_copy()
    assert _rendered(principles())[1] == ["Självständighet", "Dialog", "Kvalitet"]
    forget_every_copy()
    assert _rendered(principles()) == (html, [])  # from the cache


def test_a_changed_row_alone_is_rendered_again(principles):
    _rendered(principles())
    Principle.objects.filter(name="Dialog").update(name="Dialog och samråd")
    html, rendered = _rendered(principles())
    assert rendered == ["Dialog och samråd"]
    assert html[1] == "<li>2. Dialog och samråd</li>"


def test_what_a_row_is_given_its_number_and_the_language_are_part_of_it(principles):
    everything = ["Självständighet", "Dialog", "Kvalitet"]
    _rendered(principles())
    assert _rendered(principles(), {"show_all": True})[1] == everything
    assert _rendered(principles()[1:])[1] == ["Dialog", "Kvalitet"]  # numbered 1 and 2 now
    with translation.override("en"):
        assert _rendered(principles())[1] == everything


def test_rows_prefetched_with_a_row_are_part_of_it():
    version = VersionFactory()
    section = SectionFactory(version=version, heading="Samverkan")
    principle = PrincipleFactory(agreement=version.agreement, name="Dialog")
    section.principles.add(principle)

    def loaded():
        return list(Section.objects.prefetch_related("principles"))

    before = rows.fingerprint(loaded())
    assert rows.fingerprint(loaded()) == before
    Principle.objects.filter(pk=principle.pk).update(name="Dialog och samråd")
    assert rows.fingerprint(loaded()) != before


def test_a_fingerprint_never_queries_what_the_view_did_not_load():
    SectionFactory()
    with pytest.raises(ValueError, match="prefetch"):
        rows.fingerprint(Section.objects.all())
    with pytest.raises(TypeError):
        rows.fingerprint(object())


def test_a_row_sees_only_itself_its_number_and_what_it_is_given(principles):
    template = Template(
        "{% load portal %}{% rows principles as p with mark=mark %}"
        "[{{ counter }} {{ p.name }} {{ mark }} {{ secret }}]{% endrows %}"
    )
    html = template.render(Context({"principles": principles(), "mark": "*", "secret": "hemlig"}))
    assert html == "[1 Självständighet * ][2 Dialog * ][3 Kvalitet * ]"


def test_the_tag_says_how_it_is_written():
    with pytest.raises(TemplateSyntaxError, match="as name"):
        Template("{% load portal %}{% rows principles %}{% endrows %}")
    with pytest.raises(TemplateSyntaxError, match="name=value"):
        Template("{% load portal %}{% rows principles as p with mark %}{% endrows %}")


def test_an_edited_section_shows_on_the_agreement_page_at_once():
    version = VersionFactory(status="adopted", adopted_on=datetime.date(2024, 1, 1))
    SectionFactory(version=version, heading="Samverkan", text="Den gamla texten.")
    edited = SectionFactory(version=version, heading="Dialog", text="Vi ses i dialog.")
    client = Client()
    html = client.get("/overenskommelsen/").content.decode()
    assert "Den gamla texten." in html and "Vi ses i dialog." in html
    edited.text = "Vi ses i dialog varje vår."
    edited.save()
    html = client.get("/overenskommelsen/").content.decode()
    assert "Vi ses i dialog varje vår." in html and "Den gamla texten." in html
