"""In a real browser: axe on the search page (with hits, without, with an error), a theme page
and the open data page; searching from the header of any page."""

import io
from importlib import import_module

import pytest
from django.apps import apps
from playwright.sync_api import expect

from agreements import demo as agreements_demo
from dialogues import demo as dialogues_demo
from tests.helpers import assert_accessible, assert_no_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeds():
    """The themes' keywords (a data migration's rows, gone after a transactional test's flush),
    the 2015 day and the 2021 council minutes."""
    import_module("organisations.migrations.0006_theme_keywords").add_keywords(apps, None)
    dialogues_demo.load(io.StringIO())
    agreements_demo.load(io.StringIO())


def test_search_pages_have_no_accessibility_violations(page, seeds):
    paths = ["/sok/?q=f%C3%B6reningarna", "/sok/?q=psykisk+halsa", "/sok/?q=zzxxqq", "/sok/",
             "/en/sok/?q=folkh%C3%A4lsa&kind=note", "/sok/?q=x&year=tjugo"]  # fmt: skip
    for path in paths:
        page.goto(path)
        assert_accessible(page)
        assert_no_csp_violations(page)


def test_theme_and_open_data_pages_have_no_accessibility_violations(page, seeds):
    for path in ("/teman/", "/teman/folkhalsa/", "/en/teman/folkhalsa/", "/api/"):
        page.goto(path)
        assert_accessible(page)
        assert_no_csp_violations(page)


def test_searching_from_the_header_and_following_a_hit(page, seeds):
    page.goto("/moten/")
    page.get_by_role("search").get_by_label("Sök i portalen").fill("psykisk hälsa")
    page.get_by_role("search").get_by_role("button", name="Sök").click()
    expect(page.get_by_role("heading", name="Dialogämnen")).to_be_visible()
    page.get_by_role("link", name="Psykisk hälsa", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Psykisk hälsa")


def test_search_and_theme_pages_read_at_320_pixels(page, seeds):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/sok/?q=f%C3%B6reningarna", "/teman/folkhalsa/", "/api/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
