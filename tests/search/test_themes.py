"""/teman/: a theme through everything, oldest first; themes suggested by the importers; the
demo's promises after `make run`."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from agreements.importing.save import import_minutes
from agreements.models import AgendaItem, Meeting
from organisations.models import Organisation, Theme
from tests.agreements.factories import AgendaItemFactory, MeetingFactory, SectionFactory
from tests.dialogues.factories import NoteFactory, TopicFactory
from tests.organisations.factories import OrganisationFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(capsys):
    call_command("load_demo")


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_demo_search_finds_notes_on_associations_by_another_form_of_the_word(demo, client):
    page = html(client, "/sok/?q=föreningarna")
    assert "<mark>föreningar</mark>" in page
    assert "<mark>förening</mark>" in page
    assert "<mark>föreningarna</mark>" in page


def test_demo_search_finds_the_mental_health_topic_despite_the_misspelling(demo, client):
    page = html(client, "/sok/?q=psykisk%20halsa")
    assert "närmaste stavningarna" in page
    assert 'class="hit-title">Psykisk hälsa</a>' in page


def test_demo_public_health_theme_runs_from_the_2015_walls_to_the_2021_council(demo, client):
    page = html(client, "/teman/folkhalsa/")
    topic_notes = "Nå ut via föreningarna"  # a note on the Folkhälsa wall, 23 October 2015
    council = "§4 Kultur- och folkhälsodirektör Henrik Svensson"
    assert topic_notes in page and council in page
    assert page.index("23 oktober 2015") < page.index(topic_notes) < page.index(council)
    item = AgendaItem.objects.get(title__startswith="Kultur- och folkhälsodirektör")
    assert f'href="{item.meeting.get_absolute_url()}#p4"' in page
    days = [
        datetime.date.fromisoformat(part.split('"', 1)[0])
        for part in page.split('<time datetime="')[1:]
    ]
    assert days == sorted(days) and days[0].year == 2015


def test_a_theme_page_puts_every_kind_in_date_order_and_links_it(client):
    theme = Theme.objects.get(slug="integration")
    late = timezone.make_aware(datetime.datetime(2022, 3, 3, 9))
    item = AgendaItemFactory(
        title="Integration i rådet",
        meeting=MeetingFactory(starts_at=late, ends_at=late + datetime.timedelta(hours=1),
                               status=Meeting.Status.PUBLISHED),
    )  # fmt: skip
    item.themes.add(theme)
    note = NoteFactory(text="Språkcafé", topic__title="Integration",
                       topic__event__date=datetime.date(2015, 10, 23))  # fmt: skip
    note.topic.themes.add(theme)
    section = SectionFactory(
        heading="Mångfald och integration",
        version__status="adopted",
        version__adopted_on=datetime.date(2020, 1, 1),
    )
    section.themes.add(theme)
    hidden = NoteFactory(text="Utkast", topic__event__is_published=False)
    hidden.topic.themes.add(theme)
    OrganisationFactory(name="Väntande", status=Organisation.Status.PENDING).themes.add(theme)
    page = html(client, "/teman/integration/")
    assert page.index("Språkcafé") < page.index("Integration i rådet")
    assert f'href="/dialoger/anteckning/{note.pk}/"' in page
    assert f'href="{note.topic.get_absolute_url()}"' in page
    assert "Mångfald och integration" in page
    assert "Utkast" not in page and "Väntande" not in page


def test_theme_pages_answer_unknown_themes_and_pages_with_404(client):
    assert client.get("/teman/finns-inte/").status_code == 404
    assert client.get("/teman/folkhalsa/?page=2").status_code == 404
    assert client.get("/teman/folkhalsa/?page=x").status_code == 404
    assert "Ännu finns inget om det här temat." in html(client, "/teman/folkhalsa/")


def test_theme_list_links_every_theme(client):
    page = html(client, "/teman/")
    for theme in Theme.objects.all():
        assert f'href="/teman/{theme.slug}/"' in page


def test_theme_page_queries(client, django_assert_num_queries):
    TopicFactory(title="Folkhälsa").themes.add(Theme.objects.get(slug="folkhalsa"))
    client.cookies["sessionid"] = "x"  # not served from the page cache
    # the theme, the timeline
    with django_assert_num_queries(2):
        html(client, "/teman/folkhalsa/")


def test_themes_are_suggested_by_name_and_keywords():
    health = Theme.objects.get(slug="folkhalsa")
    assert health.mentioned_in("Kultur- och folkhälsodirektör Henrik Svensson")
    assert health.mentioned_in("Tema Folkhälsa")
    assert not health.mentioned_in("Psykisk hälsa")
    mental = Theme.objects.get(slug="psykisk-halsa")
    assert mental.mentioned_in("arbete mot psykisk\nohälsa")
    assert not mental.mentioned_in("psykiskt välmående")


def test_imported_minutes_items_get_the_themes_their_text_mentions():
    text = "1\nMötet öppnas\n\n2\nFolkhälsa\nRapport om folkhälsan i länet.\n\n3\nÖvrigt\n"
    result = import_minutes(text, group=WorkingGroupFactory(), date=datetime.date(2021, 5, 6))
    items = {
        item.number: {t.slug for t in item.themes.all()} for item in result.meeting.items.all()
    }
    assert items == {1: set(), 2: {"folkhalsa"}, 3: set()}
