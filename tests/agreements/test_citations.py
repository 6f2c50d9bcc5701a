"""A section cites the dialogue topics and notes its text came from; both pages link the other."""

import datetime
import io

import pytest

from agreements.models import AgreementVersion, Section
from tests.dialogues.factories import EventFactory, NoteFactory, ThemeFactory, TopicFactory

from .factories import AgreementFactory, SectionFactory, VersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement():
    return AgreementFactory()


@pytest.fixture
def cited(agreement):
    """A draft section citing a topic of a published Open Space and one note on its wall."""
    event = EventFactory(title="Open Space 2015", slug="open-space-2015")
    topic = TopicFactory(event=event, title="Integration")
    NoteFactory(topic=topic, text="Något annat")
    note = NoteFactory(topic=topic, text="Finna en naturlig väg till **samverkan**")
    version = VersionFactory(agreement=agreement, status=AgreementVersion.Status.CONSULTATION)
    SectionFactory(version=version, order=1, slug="syfte", heading="Syfte")
    section = SectionFactory(version=version, order=5, slug="samverkan", heading="God samverkan")
    section.dialogue_topics.add(topic)
    section.dialogue_notes.add(note)
    return section, topic, note


def test_a_section_shows_the_topic_and_note_it_came_from_with_working_links(client, cited):
    section, topic, note = cited
    html = client.get("/overenskommelsen/").content.decode()
    assert "Ursprung:" in html
    topic_url = f"/dialoger/open-space-2015/amnen/{topic.pk}/"
    assert topic.get_absolute_url() == topic_url
    assert f'href="{topic_url}">ämnet ”Integration” på Open Space 2015</a>' in html
    assert f'href="{topic_url}#anteckning-{note.pk}"' in html
    assert "<q>Finna en naturlig väg till <strong>samverkan</strong></q>" in html
    page = client.get(topic_url).content.decode()
    assert f'id="anteckning-{note.pk}"' in page


def test_the_topic_page_links_back_to_the_citing_section(client, cited):
    section, topic, note = cited
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "I överenskommelsen" in html
    link = '<a href="/overenskommelsen/#samverkan">Citeras i överenskommelsen §2 God samverkan</a>'
    assert html.count(link) == 2  # the topic, and its note
    assert f'<a href="#anteckning-{note.pk}">' in html
    english = client.get(f"/en{topic.get_absolute_url()}").content.decode()
    assert "Cited in the agreement §2 God samverkan" in english


def test_a_new_citation_shows_at_once_on_the_cached_topic_page(client, cited):
    section, topic, _note = cited
    other = NoteFactory(topic=topic, text="Ständigt ha integration i tankarna")
    assert (
        f'href="#anteckning-{other.pk}"'
        not in client.get(topic.get_absolute_url()).content.decode()
    )
    section.dialogue_notes.add(other)
    assert f'href="#anteckning-{other.pk}"' in client.get(topic.get_absolute_url()).content.decode()
    section.heading = "Jämlik samverkan"
    section.save()  # a save of the section renews the topic page too
    assert "§2 Jämlik samverkan" in client.get(topic.get_absolute_url()).content.decode()


def test_an_unpublished_events_notes_and_topics_never_show(client, agreement):
    event = EventFactory(is_published=False)
    topic = TopicFactory(event=event, title="Hemligt ämne")
    note = NoteFactory(topic=topic, text="Hemlig anteckning")
    section = SectionFactory(
        version=VersionFactory(agreement=agreement, status=AgreementVersion.Status.CONSULTATION)
    )
    section.dialogue_topics.add(topic)
    section.dialogue_notes.add(note)
    html = client.get("/overenskommelsen/").content.decode()
    assert "Hemligt ämne" not in html
    assert "Hemlig anteckning" not in html
    assert "Ursprung:" not in html
    assert client.get(topic.get_absolute_url()).status_code == 404
    event.publish()
    assert "Hemlig anteckning" in client.get("/overenskommelsen/").content.decode()


def test_only_the_version_shown_to_the_public_links_back(client, agreement):
    topic = TopicFactory(title="Folkhälsa")
    adopted = VersionFactory(
        agreement=agreement,
        status=AgreementVersion.Status.ADOPTED,
        adopted_on=datetime.date(2024, 1, 1),
    )
    draft = VersionFactory(agreement=agreement)
    SectionFactory(version=draft, heading="Utkastets folkhälsa").dialogue_topics.add(topic)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Utkastets folkhälsa" not in html  # the adopted version is the one shown
    SectionFactory(version=adopted, heading="Antagen folkhälsa").dialogue_topics.add(topic)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Antagen folkhälsa" in html
    assert "Utkastets folkhälsa" not in html


def _cite(section, topic, count):
    notes = NoteFactory.create_batch(count, topic=topic)
    section.dialogue_notes.add(*notes)
    section.dialogue_topics.add(topic)


def test_the_pages_make_the_same_number_of_queries_with_1_and_30_citations(
    client, agreement, django_assert_num_queries
):
    event = EventFactory()
    first_topic = TopicFactory(event=event)
    version = VersionFactory(agreement=agreement, status=AgreementVersion.Status.CONSULTATION)
    section = SectionFactory(version=version)
    _cite(section, first_topic, 1)
    # the agreement text: see test_agreement_pages; the topic (8): event, topic, its themes, its
    # notes, and the agreement sections that cite the topic and its notes
    pages = [("/overenskommelsen/", 9), (first_topic.get_absolute_url(), 8)]
    for url, queries in pages:
        with django_assert_num_queries(queries):
            client.get(url)
    for topic in TopicFactory.create_batch(3, event=event):
        _cite(SectionFactory(version=version), topic, 3)
    _cite(section, first_topic, 29)
    _cite(SectionFactory(version=version), first_topic, 5)
    assert section.dialogue_notes.count() == 30
    for url, queries in pages:
        with django_assert_num_queries(queries):
            client.get(url)
    html = client.get(first_topic.get_absolute_url()).content.decode()
    # The "In the agreement" list (the wall may link each note to its sections as well).
    start = html.index('class="agreement-citations"')
    citations = html[start : html.index("</section>", start)]
    assert citations.count('href="/overenskommelsen/#') == 2 + 30 + 5  # the topic twice, 35 notes


def _version_data(version, section, **changes):
    data = {
        "agreement": version.agreement_id, "number": version.number, "title": version.title,
        "status": version.status, "summary": "", "created_on": version.created_on.isoformat(),
        "consultation_opens_on": "", "consultation_closes_on": "", "adopted_on": "",
        "adopted_by": "",
        "sections-TOTAL_FORMS": 1, "sections-INITIAL_FORMS": 1,
        "sections-MIN_NUM_FORMS": 0, "sections-MAX_NUM_FORMS": 1000,
        "sections-0-id": section.pk, "sections-0-version": version.pk,
        "sections-0-order": section.order, "sections-0-heading": section.heading,
        "sections-0-slug": section.slug, "sections-0-text": section.text,
    }  # fmt: skip
    data.update({f"sections-0-{key}": value for key, value in changes.items()})
    return data


def test_a_coordinator_edits_a_sections_citations_and_themes_in_the_admin(client, coordinator):
    client.force_login(coordinator)
    section = SectionFactory()
    version = section.version
    topic = TopicFactory(title="Integration")
    note = NoteFactory(topic=topic, text="Samarbeta om kontakter och information")
    theme = ThemeFactory(name="Integration", slug="integration")
    url = f"/admin/agreements/agreementversion/{version.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="sections-0-dialogue_notes"' in page
    assert 'name="sections-0-dialogue_topics"' in page
    data = _version_data(
        version, section, dialogue_topics=[topic.pk], dialogue_notes=[note.pk], themes=[theme.pk]
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(section.dialogue_topics.all()) == [topic]
    assert list(section.dialogue_notes.all()) == [note]
    assert list(section.themes.all()) == [theme]
    response = client.post(url, _version_data(version, section))
    assert response.status_code == 302
    assert not section.dialogue_notes.exists()


@pytest.mark.parametrize(
    ("field", "term", "expected"),
    [
        ("dialogue_notes", "kontakter", "Samarbeta om kontakter"),
        ("dialogue_topics", "integr", "Integration"),
    ],
)
def test_the_admin_finds_notes_and_topics_to_cite_by_their_text(
    client, coordinator, field, term, expected
):
    client.force_login(coordinator)
    NoteFactory(topic=TopicFactory(title="Integration"), text="Samarbeta om kontakter")
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "agreements", "model_name": "section", "field_name": field, "term": term},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == [expected]


def test_a_coordinator_sets_the_themes_of_an_agenda_item(client, coordinator):
    client.force_login(coordinator)
    from .factories import AgendaItemFactory
    from .test_meetings import held_meeting

    item = AgendaItemFactory(meeting=held_meeting())
    theme = ThemeFactory(name="Folkhälsa", slug="folkhalsa")
    url = f"/admin/agreements/agendaitem/{item.pk}/change/"
    assert 'name="themes"' in client.get(url).content.decode()
    data = {"number": item.number, "title": item.title, "presenter": "", "minutes": "",
            "decision": "", "links": "", "themes": [theme.pk],
            "lock_version": item.lock_version}  # fmt: skip
    for prefix in ("attachments",):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0,
                     f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(item.themes.all()) == [theme]
    assert theme.agenda_items.get() == item


def test_the_demo_lets_the_public_follow_a_sentence_back_to_the_wall(client):
    from agreements import demo as agreements_demo
    from dialogues import demo as dialogues_demo
    from organisations import demo as organisations_demo

    organisations_demo.load(io.StringIO())
    dialogues_demo.load(io.StringIO())
    agreements_demo.load(io.StringIO())
    agreements_demo.load(io.StringIO())  # again: nothing changes
    section = Section.objects.get(version__number=2, slug="samverkan")
    assert [t.title for t in section.dialogue_topics.all()] == ["Integration"]
    assert section.dialogue_notes.count() == 2
    assert [t.slug for t in section.themes.all()] == ["integration"]
    html = client.get("/overenskommelsen/").content.decode()
    note = section.dialogue_notes.order_by("pk").first()
    assert f"#anteckning-{note.pk}" in html
    topic_page = client.get(note.topic.get_absolute_url()).content.decode()
    assert f'id="anteckning-{note.pk}"' in topic_page
    assert "Citeras i överenskommelsen §4 God samverkan" in topic_page
    levande = Section.objects.get(version__number=2, slug="levande")
    assert levande.dialogue_notes.count() == 1
    assert levande.dialogue_topics.count() == 2
