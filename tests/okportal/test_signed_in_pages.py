"""Signed-in visitors share one cached copy of a public page, with their own header and
messages put in; coordinators always get the page rendered for them. Nobody is ever given the
page of somebody else: not a coordinator's preview to the public, not a person's header to
another person or to the public."""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import Client

from agreements.models import Meeting
from tests.agreements.factories import AgendaItemFactory, AgreementFactory
from tests.agreements.test_meetings import held_meeting
from tests.organisations.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def draft_minutes():
    meeting = held_meeting(status=Meeting.Status.DRAFT, title="Rådets möte i maj")
    AgendaItemFactory(meeting=meeting, title="Budget", minutes="Hemlig **utkasttext**.")
    return meeting


def test_coordinator_and_public_never_get_each_others_page(draft_minutes):
    # the header calls a person by their name (their address only when they have none)
    coordinator = CoordinatorFactory(email="samordnare@example.org", name="Sara Samordnare")
    person = UserFactory(email="nina@example.org", name="Nina Nilsson")
    address = draft_minutes.get_absolute_url()
    visits = [("public", _client()), ("coordinator", _client(coordinator))] * 2
    visits += [("person", _client(person)), ("public", _client()), ("person", _client(person))]
    for who, client in visits:
        html = client.get(address).content.decode()
        assert ("Hemlig <strong>utkasttext</strong>" in html) == (who == "coordinator"), who
        assert ("Sara Samordnare" in html) == (who == "coordinator"), who
        assert ("Nina Nilsson" in html) == (who == "person"), who
        assert "samordnare@example.org" not in html and "nina@example.org" not in html, who
        assert ("Administration" in html) == (who == "coordinator"), who
        assert ("Logga in" in html) == (who == "public"), who


def test_signed_in_people_share_the_page_but_each_sees_their_own_header(
    django_assert_num_queries,
):
    AgreementFactory()
    first = _client(UserFactory(name="Första Person"))
    second = _client(UserFactory(name="Andra Person"))
    assert "Första Person" in first.get("/overenskommelsen/versioner/").content.decode()
    # the person; the session and the page itself come from the cache
    with django_assert_num_queries(1):
        html = second.get("/overenskommelsen/versioner/").content.decode()
    assert "Andra Person" in html and "Första Person" not in html


def test_messages_reach_only_their_own_visitor():
    with_message, without = _client(UserFactory()), _client(UserFactory())
    storage = CookieStorage(HttpRequest())
    with_message.cookies["messages"] = storage._encode(
        [Message(constants.SUCCESS, "Din organisation är registrerad.")]
    )
    without.get("/")  # the shared copy is made first, by somebody without messages
    assert "Din organisation är registrerad." in with_message.get("/").content.decode()
    assert "Din organisation är registrerad." not in without.get("/").content.decode()
