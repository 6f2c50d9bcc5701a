"""The seeds of October 2015, imported through the importer, show as the issue asks."""

import io
import re

import pytest

from dialogues import demo
from dialogues.models import (
    BarometerStatement,
    Dialogue,
    DialogueEvent,
    GuidingQuestion,
    Note,
    SourceDocument,
    Topic,
)

pytestmark = pytest.mark.django_db


def test_the_list_shows_the_october_2015_open_space_day(client, seed_event):
    html = client.get("/dialoger/").content.decode()
    assert seed_event.title in html
    assert "23 oktober 2015" in html


def test_the_event_page_shows_18_topics_with_the_6_not_discussed_marked(client, seed_event):
    html = client.get(seed_event.get_absolute_url()).content.decode()
    cells = re.findall(r'<li class="topic-cell( not-discussed)?">', html)
    assert len(cells) == 18
    assert sum(1 for cell in cells if cell) == 6
    # Marked in words, not by colour alone.
    assert html.count("inte diskuterat separat</span>") == 6
    for title in ("Digital mötesplats", "Bedrägeri mot äldre", "IOP", "Mål med ÖK"):
        assert f"<i>{title}</i>" in html
    assert "18 ämnen föreslogs" in html


def test_the_folkhalsa_page_shows_both_walls_notes_nested(client, seed_event):
    topic = seed_event.topics.get(title="Folkhälsa")
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Anteckningsgrupp 1 av 2" in html and "Anteckningsgrupp 2 av 2" in html
    first_wall = html.index("Skapa spelregler mellan idé/offentligt")
    second_wall = html.index("Psykisk ohälsa")
    assert first_wall < second_wall
    # "En gemensam plattform med" sits under "Föreningens hus?", its three items under it.
    tree = topic.note_tree()
    compiled = [group for group in tree if not group.is_raw]
    assert len(compiled) == 2
    house = next(n for n in compiled[1].nodes if n.note.text.startswith("Föreningens hus?"))
    platform = house.children[0]
    assert platform.note.text == "En gemensam plattform med"
    assert [c.note.text for c in platform.children] == [
        "arbetsförmedling",
        "försäkringskassa",
        "samlingspunkt",
    ]
    # Nested in the HTML too: a list inside the item.
    segment = html[html.index("Föreningens hus?") : html.index("Integration + folkhälsa")]
    assert segment.count('<ul class="notes">') == 2


def test_emphasis_is_kept_as_written(client, seed_event):
    topic = seed_event.topics.get(title="Förankring så fler är med")
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "<strong>TYDLIGHET</strong>" in html


def test_each_note_has_a_permanent_link(client, seed_event):
    note = Note.objects.filter(topic__event=seed_event, text="Tedans", source__is_raw=False).get()
    html = client.get(note.topic.get_absolute_url()).content.decode()
    assert f'id="anteckning-{note.pk}"' in html
    response = client.get(f"/dialoger/anteckning/{note.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{note.topic.get_absolute_url()}#anteckning-{note.pk}"


def test_the_raw_seed_goes_to_the_same_topics_and_loses_no_line(seed_event):
    raw = SourceDocument.objects.get(filename="open-space-2015-raw.txt")
    assert raw.is_raw
    assert seed_event.topics.count() == 18  # no topic of its own: all matched the compiled ones
    raw_topics = set(Topic.objects.filter(notes__source=raw).values_list("title", flat=True))
    assert "Folkhälsa" in raw_topics and "Integration" in raw_topics

    def norm(text):
        return " ".join(re.sub(r"[*_]", "", text).split()).lstrip("-–—•\uf0b7\uf0a7 ")

    stored = " | ".join(
        [norm(t) for t in Note.objects.filter(source=raw).values_list("text", flat=True)]
        + [norm(t.title) for t in seed_event.topics.all()]
        + [norm(line["text"]) for line in raw.unplaced_lines]
        + [norm(seed_event.grid_legend)]
    )
    missing = [
        line
        for line in raw.text.splitlines()
        if norm(line) and norm(line) not in stored and norm(line).replace("  ", " ") not in stored
    ]
    assert missing == []
    # The lines the compiled version lacks are there.
    for only_in_raw in ("FÖRENINGAR", "BRUKARE (invånarna)", "hjälpa folk med psykisk ohälsa"):
        assert Note.objects.filter(source=raw, text__contains=only_in_raw).exists()


def test_the_inspiration_days_opinion_barometer_is_imported(client, seed_event):
    recorded = seed_event.barometer_statements.filter(status=BarometerStatement.Status.RECORDED)
    assert recorded.count() == 7
    statement = recorded.get(statement__startswith="Vi i Värmland bör fortsätta")
    assert statement.outcome == "Lätt övervikt åt håller med."
    assert statement.comment_list == ["använda resurser gemensamt, bli starka."]
    html = client.get(seed_event.get_absolute_url()).content.decode()
    assert "Lätt övervikt åt håller med." in html
    assert "Åsiktsbarometer" in html


def test_loading_the_demo_again_changes_nothing(seed_event):
    def counts():
        return [
            model.objects.count()
            for model in (
                DialogueEvent,
                Topic,
                Note,
                Dialogue,
                GuidingQuestion,
                BarometerStatement,
                SourceDocument,
            )
        ]

    before = counts()
    seed_event.refresh_from_db()
    introduction = seed_event.barometer_introduction
    assert introduction.startswith("Åsiktsbarometern engagerar hela gruppen")
    demo.load(io.StringIO())
    assert counts() == before
    seed_event.refresh_from_db()
    assert seed_event.barometer_introduction == introduction


def test_the_event_page_is_english_under_en(client, seed_event):
    html = client.get(f"/en{seed_event.get_absolute_url()}").content.decode()
    assert "18 topics were proposed." in html
    assert html.count("not discussed separately</span>") == 6
    assert "Opinion barometer" in html


def test_a_closed_live_statement_shows_its_stored_spread_on_the_event_page(client, seed_event):
    statement = seed_event.barometer_statements.get(statement=demo.PRACTICE_STATEMENT)
    statement.open()
    from dialogues.models import BarometerAnswer

    BarometerAnswer.objects.create(statement=statement, device="a" * 32, value=1)
    statement.close()
    html = client.get(seed_event.get_absolute_url()).content.decode()
    assert "Håller med 1, Håller delvis med 0, I mitten 0" in html


def test_the_event_page_shows_each_barometer_statement_once(client, seed_event):
    html = client.get(seed_event.get_absolute_url()).content.decode()
    for text in (
        "Min organisation har något att tillföra till Värmlands utveckling",
        "Vi i Värmland bör fortsätta arbetet med att få till en överenskommelse",
        "Lätt övervikt åt håller med.",
        "Grupperat från mitten till håller med.",
        "det måste vara brett och omfatta alla",
    ):
        assert html.count(text) == 1, text
    # Two statements share this outcome; it shows once for each, not again in a summary.
    assert html.count("Spridning mellan mitten och håller inte med.") == 2
    # The section's introduction shows once, above the statements, not again in a summary.
    assert html.count("Åsiktsbarometern engagerar hela gruppen") == 1
    barometer = html[html.index('id="barometer-heading"') :]
    assert barometer.index("Åsiktsbarometern engagerar hela gruppen") < barometer.index(
        "Min organisation har något att tillföra"
    )


def test_the_paragraphs_after_the_barometer_show_once_in_the_summary(client, seed_event):
    html = client.get(seed_event.get_absolute_url()).content.decode()
    conference = "Överenskommelsen har en nationell konferens i Stockholm den 4 december."
    researcher = "Inga Aflaki, forskare från Karlstads universitet"
    summary = html[html.index('class="dialogue-summary"') : html.index('id="barometer-heading"')]
    assert summary.count(conference) == 1
    assert summary.count(researcher) == 1
    assert html.count(conference) == 1
    assert html.count(researcher) == 1
    # Context for one statement shows once, as that statement's comment.
    assert html.count("statsbudgetområden och avgränsades därmed") == 1
    assert "statsbudgetområden" not in summary


def test_the_inspiration_days_minutes_are_a_titled_dialogue(client, seed_event):
    dialogue = seed_event.dialogues.get(title="Inspirationsdag 23 oktober 2015")
    assert dialogue.summary.startswith("## Inledning")
    html = client.get(seed_event.get_absolute_url()).content.decode()
    assert f'id="dialogue-{dialogue.pk}">Inspirationsdag 23 oktober 2015</h3>' in html
