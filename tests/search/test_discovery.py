"""Atom feeds, sitemap.xml and robots.txt."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from agreements.models import Meeting
from organisations.models import Organisation
from tests.agreements.factories import MeetingFactory
from tests.dialogues.factories import EventFactory
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_dialogue_event_feed_lists_published_events_newest_first(client):
    EventFactory(title="Open Space", published_at=timezone.now() - timezone.timedelta(days=3))
    EventFactory(title="Stormöte", published_at=timezone.now())
    EventFactory(title="Utkastet", is_published=False)
    response = client.get("/dialoger/dialoger.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert [t.split(" (")[0] for t in titles] == ["Stormöte", "Open Space"]


def test_every_page_names_both_feeds(client):
    html = client.get("/").content.decode()
    assert 'type="application/atom+xml" href="/dialoger/dialoger.atom"' in html
    assert 'type="application/atom+xml" href="/moten/anteckningar.atom"' in html


def test_sitemap_lists_public_pages_in_both_languages_from_site_url(client, settings):
    settings.SITE_URL = "https://ok.example.org"
    OrganisationFactory(slug="synlig")
    OrganisationFactory(slug="vantande", status=Organisation.Status.PENDING)
    EventFactory(slug="dag")
    EventFactory(slug="utkast", is_published=False)
    MeetingFactory(slug="publicerat", status=Meeting.Status.PUBLISHED)
    MeetingFactory(slug="planerat")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = {loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")}
    for path in ("/", "/en/", "/organisationer/synlig/", "/en/organisationer/synlig/",
                 "/dialoger/dag/", "/moten/publicerat/", "/teman/folkhalsa/", "/api/"):  # fmt: skip
        assert f"https://ok.example.org{path}" in locations, path
    assert not any(
        word in location for location in locations for word in ("vantande", "utkast", "planerat")
    )


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_search(client, settings):
    settings.SITE_URL = "https://ok.example.org"
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: https://ok.example.org/sitemap.xml" in text
    assert "Disallow: /sok/" in text and "Disallow: /admin/" in text
