"""A page's shared parts (okportal/page_cache.py): the title, head and content of a public page,
kept once rendered and served to every visitor who may see them, with the page around them
(header, account links, messages, language links) rendered for each visitor."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.http import HttpResponse
from django.template import engines
from django.test import Client, RequestFactory

from okportal import page_cache
from okportal.page_cache import CachedPage
from tests.agreements.factories import AgreementFactory
from tests.organisations.factories import CoordinatorFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_new_address_of_a_page_is_served_from_its_parts_without_the_view():
    AgreementFactory(name="Överenskommelsen i Värmland")
    first = Client().get("/overenskommelsen/").content.decode()
    again = Client().get("/overenskommelsen/?utm_source=nyhetsbrev").content.decode()
    main = first[first.index("<main") : first.index("</main>")]
    assert main in again
    assert "<title>Överenskommelsen i Värmland – ÖK-portalen</title>" in again


def test_an_address_with_parameters_the_page_does_not_read_is_not_kept_whole(
    django_assert_num_queries,
):
    """A click's own id would otherwise fill the cache with pages asked once."""
    AgreementFactory()
    Client().get("/overenskommelsen/")
    for address in ("/overenskommelsen/?fbclid=1", "/overenskommelsen/"):
        Client().get(address)
        assert (cache.get(page_cache._page_key(RequestFactory().get(address))) is None) == (
            "fbclid" in address
        )
    with django_assert_num_queries(0):  # from the parts
        assert Client().get("/overenskommelsen/?fbclid=2").status_code == 200


def test_the_parts_are_served_with_each_visitors_own_header_and_language_links(
    django_assert_num_queries,
):
    AgreementFactory()
    signed_in(UserFactory(name="Första Person")).get("/overenskommelsen/")
    person = signed_in(UserFactory(name="Nina Nilsson"))
    with django_assert_num_queries(1):  # the person; the page's parts come from the cache
        html = person.get("/overenskommelsen/?ref=notis").content.decode()
    assert "Nina Nilsson" in html and "Första Person" not in html and "Logga in" not in html
    # the language link leads to this very address in English
    assert 'href="/en/overenskommelsen/?ref=notis"' in html


def test_the_view_is_given_only_the_parameters_the_page_reads():
    for number in range(25):
        OrganisationFactory(name=f"Förening {number:02}")
    html = Client().get("/organisationer/?sector=ideburen&utm_source=x").content.decode()
    # the links to the next page keep the filter and drop what the page does not read
    assert "sector=ideburen" in html and "utm_source" not in html


def test_a_change_to_what_the_page_shows_is_seen_at_the_next_address():
    agreement = AgreementFactory(name="Före")
    Client().get("/overenskommelsen/")
    agreement.name = "Efter"
    agreement.save()
    assert "<title>Efter – ÖK-portalen</title>" in Client().get("/overenskommelsen/?a=1").text


def test_coordinators_are_never_served_the_parts_of_others():
    AgreementFactory(name="Överenskommelsen")
    Client().get("/overenskommelsen/")
    coordinator = signed_in(CoordinatorFactory(name="Sara Samordnare"))
    response = coordinator.get("/overenskommelsen/?ny=1")
    # rendered for her: the view ran (its template is among those used)
    assert "agreements/agreement.html" in [t.name for t in response.templates]


form_page = CachedPage("tests:form-page", shows=["auth.Group"], reads=())
template_with_a_form = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}Formulär{% endblock %}'
    '{% block content %}<form method="post">{% csrf_token %}</form>{% endblock %}'
)


@form_page
def page_with_a_form(request):
    Group.objects.count()  # the view's own work
    return HttpResponse(template_with_a_form.render({}, request))


def test_content_with_a_visitors_csrf_token_is_never_shared(django_assert_num_queries):
    person = UserFactory()
    for token in ("first", "second"):
        request = RequestFactory().get(f"/formular/?n={token}")
        request.user = person
        request.COOKIES["sessionid"] = "a-session"
        request.META["CSRF_COOKIE"] = f"{token:x<32}"
        with django_assert_num_queries(1):  # the view ran, each time
            html = page_with_a_form(request).content.decode()
        assert "csrfmiddlewaretoken" in html


def test_a_kept_page_is_sent_again_with_the_headers_it_was_sent_with(django_assert_num_queries):
    AgreementFactory()
    first = Client().get("/en/overenskommelsen/")
    with django_assert_num_queries(0):
        again = Client().get("/en/overenskommelsen/")
    assert again.content == first.content
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Language", "Vary"):
        assert again[header] == first[header], header
    assert again["Content-Language"] == "en"


def test_the_header_rendered_once_per_language_follows_the_language_and_the_address():
    def current_link(path):
        html = Client().get(path).content.decode()
        nav = html[html.index('<nav class="main-nav"') :]
        return nav[: nav.index('aria-current="page"')].rsplit('href="', 1)[1].split('"')[0]

    assert current_link("/") == "/"
    assert current_link("/organisationer/") == "/organisationer/"
    assert current_link("/en/organisationer/") == "/en/organisationer/"
    assert 'placeholder="Search"' in Client().get("/en/").content.decode()
    assert 'placeholder="Sök"' in Client().get("/").content.decode()
