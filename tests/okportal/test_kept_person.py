"""The signed-in person is read from the cache, not from the database on every page, and is
forgotten the moment their row changes: a deactivated account or a new password ends their
sessions on the next request, a new name shows at once."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.agreements.factories import AgreementFactory
from tests.organisations.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/overenskommelsen/versioner/"


@pytest.fixture
def person():
    AgreementFactory()
    return UserFactory(name="Nina Nilsson")


def _signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _person_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE).status_code == 200
    return [q["sql"] for q in queries if '"okportal_user"' in q["sql"]]


def test_the_person_is_read_once_then_kept(person):
    client = _signed_in(person)
    assert len(_person_queries(client)) == 1
    assert _person_queries(client) == []
    assert "Nina Nilsson" in client.get(PAGE).content.decode()


def test_a_deactivated_account_is_signed_out_at_the_next_request(person):
    client = _signed_in(person)
    client.get(PAGE)
    person.is_active = False
    person.save()
    html = client.get(PAGE).content.decode()
    assert "Nina Nilsson" not in html
    assert "Logga in" in html


def test_a_new_password_ends_the_other_sessions(person):
    client = _signed_in(person)
    client.get(PAGE)
    person.set_password("ett helt nytt lösenord 2026")
    person.save()
    assert "Logga in" in client.get(PAGE).content.decode()


def test_a_new_name_shows_at_once(person):
    client = _signed_in(person)
    client.get(PAGE)
    person.name = "Nina Berg"
    person.save(update_fields=["name"])
    html = client.get(PAGE).content.decode()
    assert "Nina Berg" in html and "Nina Nilsson" not in html


def test_a_deleted_account_is_signed_out(person):
    client = _signed_in(person)
    client.get(PAGE)
    person.delete()
    assert "Logga in" in client.get(PAGE).content.decode()
