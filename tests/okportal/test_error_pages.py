"""Error pages (tests run with DEBUG off): the site's look, the visitor's language, a way on."""

import pytest
from django.test import Client

from okportal.local_services import free_port
from tests.helpers import assert_accessible, assert_no_csp_violations

WAYS_ON = ['href="/"', 'href="/overenskommelsen/"', 'href="/organisationer/"', 'href="/moten/"']


@pytest.mark.django_db
def test_unknown_page_is_404_in_the_sites_look_in_swedish(client):
    response = client.get("/finns-inte/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="sv">' in html
    assert "<h1>Vi hittar inte sidan</h1>" in html
    assert "<title>Sidan finns inte" in html
    assert 'class="site-header"' in html and 'id="main"' in html
    assert all(link in html for link in WAYS_ON)


@pytest.mark.django_db
def test_unknown_page_under_en_is_404_in_english(client):
    response = client.get("/en/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="en">' in html
    assert "<h1>We cannot find that page</h1>" in html
    assert 'href="/en/overenskommelsen/"' in html


@pytest.mark.urls("tests.okportal.failing_urls")
def test_500_page_needs_neither_the_database_nor_the_cache(settings):
    """No django_db mark: any query raises here. The cache names a port nobody listens on, with
    the plain backend, which raises on any use."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/1",
        }
    }
    client = Client(raise_request_exception=False)
    for path, lang, heading, start in [
        ("/fel/", "sv", "Något gick fel hos oss", 'href="/"'),
        ("/en/fel/", "en", "Something went wrong on our side", 'href="/en/"'),
    ]:
        response = client.get(path)
        html = response.content.decode()
        assert response.status_code == 500
        assert f'<html lang="{lang}">' in html
        assert f"<h1>{heading}</h1>" in html
        assert start in html and 'class="site-header"' in html


@pytest.mark.parametrize(
    "path",
    ["/b/%00/", "/b/%00/visning/", "/b/%00/resultat.json", "/b/%00/oppna/", "/b/%00/stang/",
     "/organisationer/?q=%00", "/moten/?ar=%00", "/en/b/a%00b/"],
)  # fmt: skip
def test_nul_byte_in_address_or_query_is_400_without_touching_the_database(client, path):
    response = client.get(path)
    assert response.status_code == 400
    heading = (
        "The address could not be read"
        if path.startswith("/en/")
        else ("Adressen gick inte att läsa")
    )
    assert f"<h1>{heading}</h1>" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["status__exact=%00", "q=%00", "o=%00", "p=%00", "sector=a%00", "%00=1"]
)
def test_nul_byte_in_an_admin_list_filter_is_400_for_a_coordinator(client, query):
    from tests.organisations.factories import CoordinatorFactory

    client.force_login(CoordinatorFactory())
    response = client.get(f"/admin/organisations/organisation/?{query}")
    assert response.status_code == 400
    assert "<h1>Adressen gick inte att läsa</h1>" in response.content.decode()


@pytest.mark.django_db
def test_an_empty_to_field_in_the_admin_is_400_not_500(client):
    """Found by the fuzz test: Django's change view looks up a field named ""."""
    from tests.organisations.factories import CoordinatorFactory, OrganisationFactory

    client.force_login(CoordinatorFactory())
    organisation = OrganisationFactory()
    url = f"/admin/organisations/organisation/{organisation.pk}/change/"
    assert client.get(url).status_code == 200
    assert client.get(url + "?_to_field=").status_code == 400
    assert client.post(url, {"_to_field": ""}).status_code == 400
    assert client.get(url + "?_to_field=id").status_code == 200


def test_nul_byte_in_a_cookie_is_400(client):
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/").status_code == 400


@pytest.mark.django_db
def test_superscript_digit_as_year_shows_the_newest_archive_year(client):
    assert client.get("/moten/?ar=%C2%B2").status_code == 200
    assert client.get("/moten/?ar=" + "9" * 5000).status_code == 200


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("tests.okportal.failing_urls")
@pytest.mark.parametrize("path", ["/finns-inte/", "/en/no-such-page/", "/fel/", "/b/%00/"])
def test_error_pages_are_accessible(page, path):
    response = page.goto(path)
    assert response.status >= 400
    assert_accessible(page)
    assert_no_csp_violations(page)
