import datetime

import pytest

from agreements.models import Meeting, Phase
from tests.agreements.factories import AgreementFactory, MeetingFactory, PhaseFactory
from tests.dialogues.factories import EventFactory
from tests.helpers import page_queries

pytestmark = pytest.mark.django_db


def fill(count: int) -> None:
    agreement = AgreementFactory(vision="Ett **starkt** civilsamhälle i hela Värmland.")
    PhaseFactory(agreement=agreement, kind=Phase.Kind.PRE, order=1)
    PhaseFactory(agreement=agreement, kind=Phase.Kind.DIALOGUE, order=3, is_current=True)
    for n in range(count):
        MeetingFactory(title=f"Rådets möte {n}")
        MeetingFactory(
            title=f"Hållet möte {n}",
            starts_at=datetime.datetime(2021, 4, 29 - n % 20, 9, tzinfo=datetime.UTC),
            ends_at=datetime.datetime(2021, 4, 29 - n % 20, 11, tzinfo=datetime.UTC),
            status=Meeting.Status.PUBLISHED,
        )
        EventFactory(title=f"Open Space {n}", date=datetime.date(2015, 10, 1 + n % 28))


def test_start_page_shows_the_vision_the_phase_and_what_comes_next(client):
    fill(1)
    html = client.get("/").content.decode()
    assert "<strong>starkt</strong> civilsamhälle" in html
    assert "Överenskommelsen är nu i fasen: <strong>Dialogprocess</strong>" in html
    assert "Rådets möte 0" in html
    assert "Hållet möte 0" in html
    assert "Open Space 0" in html


def test_start_page_without_content_says_so(client):
    html = client.get("/").content.decode()
    assert "Inga möten är planerade just nu." in html
    assert "Inga minnesanteckningar är publicerade ännu." in html


def test_start_page_lists_at_most_three_of_each(client):
    fill(5)
    html = client.get("/en/").content.decode()
    assert html.count("Rådets möte") == 3
    assert html.count("Hållet möte") == 3


def test_start_page_queries_do_not_grow_with_the_data(client, django_assert_num_queries):
    fill(1)
    # agreement, current phase, next meetings, newest minutes, newest dialogues
    with django_assert_num_queries(5):
        client.get("/")
    fill(20)
    with django_assert_num_queries(5):
        client.get("/")


def test_start_page_is_served_from_the_cache_until_something_it_shows_changes(client):
    fill(1)
    page_queries(client, "/")
    assert page_queries(client, "/") == 0
    MeetingFactory(title="Extrainsatt möte")
    assert "Extrainsatt möte" in client.get("/").content.decode()
