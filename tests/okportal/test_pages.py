import pytest

pytestmark = pytest.mark.django_db


def test_start_page_is_swedish_at_the_root(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Överenskommelsen mellan den offentliga sektorn" in html


def test_start_page_is_english_under_en(client):
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "The agreement between the public sector" in html


def test_language_switcher_links_to_the_same_page_in_the_other_language(client):
    html = client.get("/tillganglighet/").content.decode()
    assert 'href="/en/tillganglighet/"' in html
    html = client.get("/en/tillganglighet/").content.decode()
    assert 'href="/tillganglighet/"' in html


@pytest.mark.parametrize("path", ["/tillganglighet/", "/integritet/", "/en/integritet/"])
def test_footer_pages_answer(client, path):
    assert client.get(path).status_code == 200


def test_accessibility_statement_has_what_the_law_asks_for(client):
    html = client.get("/tillganglighet/").content.decode()
    for required in ("WCAG", "AA", "Digg", "24 november 2026", "Rapportera", "mailto:"):
        assert required in html


def test_every_page_links_the_statement_and_the_privacy_notice(client):
    html = client.get("/").content.decode()
    assert 'href="/tillganglighet/"' in html
    assert 'href="/integritet/"' in html


def test_unknown_address_is_404(client):
    assert client.get("/finns-inte/").status_code == 404


def test_security_headers_and_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
