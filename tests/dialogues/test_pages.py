"""The public pages: list with filters, event, topic, source; drafts hidden; query counts pinned."""

import datetime

import pytest

from dialogues.models import DialogueEvent, Topic
from tests.helpers import page_queries

from .factories import EventFactory, NoteFactory, ThemeFactory, TopicFactory, many_notes

pytestmark = pytest.mark.django_db


def test_list_is_swedish_at_the_root_and_english_under_en(client):
    EventFactory(title="Stormöte om ensamhet")
    html = client.get("/dialoger/").content.decode()
    assert "<h1>Dialoger</h1>" in html and "Stormöte om ensamhet" in html
    html = client.get("/en/dialoger/").content.decode()
    assert "<h1>Dialogues</h1>" in html


def test_list_filters_by_year_kind_and_theme(client):
    loneliness = ThemeFactory(name="Ensamhet", slug="ensamhet")
    EventFactory(title="Open Space 2015", kind="open_space", date=datetime.date(2015, 10, 23))
    on_theme = EventFactory(title="Dialogmöte 2024", date=datetime.date(2024, 3, 1))
    TopicFactory(event=on_theme).themes.add(loneliness)
    EventFactory(title="Stormöte 2024", kind="general_meeting", date=datetime.date(2024, 9, 1))

    def titles(query):
        html = client.get(f"/dialoger/?{query}").content.decode()
        return {t for t in ("Open Space 2015", "Dialogmöte 2024", "Stormöte 2024") if t in html}

    assert titles("") == {"Open Space 2015", "Dialogmöte 2024", "Stormöte 2024"}
    assert titles("year=2015") == {"Open Space 2015"}
    assert titles("kind=general_meeting") == {"Stormöte 2024"}
    assert titles("theme=ensamhet") == {"Dialogmöte 2024"}
    assert titles("year=2024&kind=dialogue_meeting") == {"Dialogmöte 2024"}


def test_a_bad_filter_value_is_no_error(client):
    EventFactory()
    for query in ("year=abc", "kind=nonsense", "theme=finns-inte", "page=99", "year=1"):
        assert client.get(f"/dialoger/?{query}").status_code in (200, 404)
    assert client.get("/dialoger/?page=99").status_code == 404


def test_a_draft_is_404_to_the_public_and_visible_to_a_coordinator(client, coordinator):
    draft = EventFactory(is_published=False, title="Utkastet")
    topic = TopicFactory(event=draft)
    note = NoteFactory(topic=topic)
    assert "Utkastet" not in client.get("/dialoger/").content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"{draft.get_absolute_url()}amnen/{topic.pk}/").status_code == 404
    assert client.get(f"/dialoger/anteckning/{note.pk}/").status_code == 404
    client.force_login(coordinator)
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(f"{draft.get_absolute_url()}amnen/{topic.pk}/").status_code == 200


def test_a_topic_of_another_event_is_404(client):
    topic = TopicFactory()
    other = EventFactory()
    assert client.get(f"{other.get_absolute_url()}amnen/{topic.pk}/").status_code == 404
    assert client.get("/dialoger/finns-inte/").status_code == 404


def test_publish_sets_the_date_once():
    event = EventFactory(is_published=False)
    event.publish()
    first = event.published_at
    event.unpublish()
    event.publish()
    assert event.is_published and event.published_at == first
    assert DialogueEvent.objects.published().count() == 1


def _event_with_notes(count):
    event = EventFactory()
    topics = [
        TopicFactory(event=event, grid_row=1 + i // 4, grid_column=1 + i % 4) for i in range(8)
    ]
    many_notes(topics, count)
    return event


def test_event_page_queries_do_not_grow_with_the_notes(client, django_assert_num_queries):
    # session-less anonymous request: event, themes, topics with note counts, questions,
    # dialogues, barometer statements, source documents.
    for notes in (10, 2000):
        url = _event_with_notes(notes).get_absolute_url()
        with django_assert_num_queries(8):
            client.get(url)


def test_topic_page_queries_do_not_grow_with_the_notes(client):
    few = _event_with_notes(10)
    many = _event_with_notes(2000)
    small = page_queries(client, Topic.objects.filter(event=few).first().get_absolute_url())
    large = page_queries(client, Topic.objects.filter(event=many).first().get_absolute_url())
    assert small == large
    assert large <= 10


def test_list_page_queries_do_not_grow_with_the_events(client):
    theme = ThemeFactory()
    EventFactory().themes.add(theme)
    small = page_queries(client, "/dialoger/")
    for _ in range(30):
        EventFactory().themes.add(theme)
    assert page_queries(client, "/dialoger/") == small
    assert small <= 10


def test_source_document_shows_every_line(client, seed_event):
    source = seed_event.sources.get(filename="open-space-2015-raw.txt")
    html = client.get(f"{seed_event.get_absolute_url()}kallor/{source.pk}/").content.decode()
    assert "BRUKARE (invånarna)" in html


def test_event_page_has_a_print_stylesheet(client, seed_event):
    html = client.get(seed_event.get_absolute_url()).content.decode()
    assert "css/dialogues.css" in html
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static/css/dialogues.css").read_text()
    assert "@media print" in css


def test_nav_links_the_dialogues(client):
    html = client.get("/").content.decode()
    assert 'href="/dialoger/"' in html


def test_a_cached_page_shows_a_change_at_once(client):
    topic = TopicFactory(title="Gammal rubrik")
    url = topic.event.get_absolute_url()
    assert "Gammal rubrik" in client.get(url).content.decode()
    assert page_queries(client, url) <= 1  # served from the cache: at most the session
    topic.title = "Ny rubrik"
    topic.save()
    html = client.get(url).content.decode()
    assert "Ny rubrik" in html and "Gammal rubrik" not in html


def test_a_coordinator_never_gets_the_public_cached_page(client, coordinator):
    event = EventFactory(is_published=True)
    client.get("/dialoger/")
    event.is_published = False
    DialogueEvent.objects.filter(pk=event.pk).update(is_published=False)  # no signal: cache stale
    client.force_login(coordinator)
    html = client.get("/dialoger/").content.decode()
    assert "Utkast" in html


def test_a_dialogues_notes_show_nested_on_the_event_page(client):
    from dialogues.models import Dialogue, Note

    event = EventFactory()
    dialogue = Dialogue.objects.create(event=event, title="Dialog om IOP", summary="**Kort**")
    parent = Note.objects.create(dialogue=dialogue, text="Partnerskap", position=0)
    child = Note.objects.create(dialogue=dialogue, parent=parent, text="Inte upphandling")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "<strong>Kort</strong>" in html
    segment = html[html.index("Partnerskap") :]
    assert segment.index('<ul class="notes">') < segment.index("Inte upphandling")
    response = client.get(f"/dialoger/anteckning/{child.pk}/")
    assert response["Location"] == f"{event.get_absolute_url()}#anteckning-{child.pk}"


def test_notes_and_topics_on_a_theme_for_the_theme_pages():
    from dialogues.models import Note

    health = ThemeFactory(name="Folkhälsa", slug="folkhalsa")
    topic = TopicFactory(title="Folkhälsa")
    topic.themes.add(health)
    note = NoteFactory(topic=topic)
    NoteFactory(topic=TopicFactory(event=EventFactory(is_published=False)))
    assert list(Note.objects.public().on_theme(health)) == [note]
    assert list(Topic.objects.public().on_theme(health)) == [topic]


def test_the_theme_filter_lists_themes_in_swedish_order(client):
    for name in ("Ökad delaktighet", "Ålder", "Arbete", "Ensamhet"):
        ThemeFactory(
            name=name, slug=name.lower().replace(" ", "-").replace("ö", "o").replace("å", "a")
        )
    EventFactory()
    html = client.get("/dialoger/").content.decode()
    positions = [
        html.index(f">{name}</option>")
        for name in ("Arbete", "Ensamhet", "Ålder", "Ökad delaktighet")
    ]
    assert positions == sorted(positions)


# --- notes a section of the agreement cites ------------------------------------------------------


def _note_item(html, note):
    """The note's own line on the wall: from its <li> to where its text and links end."""
    start = html.index(f'<li id="{note.anchor}">')
    ends = [i for i in (html.find("<li", start + 1), html.find("</li>", start)) if i != -1]
    return html[start : min(ends)]


def test_a_cited_note_links_to_the_citing_section_beside_it(client):
    from tests.agreements.factories import SectionFactory, VersionFactory

    topic = TopicFactory(event=EventFactory(), title="Integration")
    other = NoteFactory(topic=topic, text="Något annat")
    cited = NoteFactory(topic=topic, text="Finna en naturlig väg till samverkan")
    version = VersionFactory(status="consultation")
    SectionFactory(version=version, order=1, slug="syfte", heading="Syfte")
    section = SectionFactory(version=version, order=5, slug="samverkan", heading="God samverkan")
    section.dialogue_notes.add(cited)

    html = client.get(topic.get_absolute_url()).content.decode()
    link = '<a class="note-citation" href="/overenskommelsen/#samverkan">'
    assert f"{link}Citeras i överenskommelsen §2</a>" in _note_item(html, cited)
    assert "note-citation" not in _note_item(html, other)
    assert html.count('class="note-citation"') == 1

    english = client.get(f"/en{topic.get_absolute_url()}").content.decode()
    assert "Cited in the agreement §2</a>" in _note_item(english, cited)


def test_topic_page_queries_do_not_grow_with_the_cited_notes(client):
    from tests.agreements.factories import SectionFactory, VersionFactory

    version = VersionFactory(status="consultation")
    sections = SectionFactory.create_batch(3, version=version)

    def cited_topic(count):
        event = _event_with_notes(count)
        topic = Topic.objects.filter(event=event).first()
        notes = list(topic.notes.all())
        for section in sections[: 1 if count < 50 else 3]:
            section.dialogue_notes.add(*notes[: 1 if count < 50 else len(notes)])
        return topic

    few = cited_topic(10)
    many = cited_topic(400)
    small = page_queries(client, few.get_absolute_url())
    assert page_queries(client, many.get_absolute_url()) == small
    assert small <= 10
    html = client.get(many.get_absolute_url()).content.decode()
    assert html.count('class="note-citation"') == 3 * many.notes.count() > 100
