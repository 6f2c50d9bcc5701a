"""The dialogue preview corrects like the minutes preview: a line or a range of lines takes the
role the coordinator gives it (title, date, dialogue, topic, question, summary, note, raw
material, dropped), the text after a corrected range goes on where it was, and the date's
doubts are said instead of chosen silently."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dialogues.importing.parser import parse_dialogue
from dialogues.models import Dialogue, DialogueEvent
from tests.corpus.documents import dialogue_bytes

IMPORT_URL = "/admin/dialogues/dialogueevent/import/"
STORMOTE = dialogue_bytes("d03_stormote.txt").decode()


def test_a_line_made_raw_material_leaves_the_question_below_it_a_question():
    event = parse_dialogue(STORMOTE, "stormote.txt", {12: "raw"})
    second = event.dialogues[1]
    assert second.summary == ""
    assert second.raw_material.startswith("Demokratin stärks när fler engagerar sig lokalt.")
    assert [q.text for q in second.questions] == [
        "Hur når vi unga som inte är med i någon förening?"
    ]
    assert event.line_roles()[12] == "raw" and event.line_roles()[13] == "question"


def test_a_heading_taken_for_a_dialogue_can_be_made_a_topic_with_its_text_as_notes():
    event = parse_dialogue(STORMOTE, "stormote.txt", {4: "topic", 6: "note", 7: "note"})
    assert [topic.title for topic in event.topics] == ["Dialog 1 – Barn och unga"]
    notes = [note.text for note in event.topics[0].notes()]
    assert notes == [
        "Många föreningar når barn och unga men saknar lokaler. Skolorna kan öppna sina "
        "lokaler efter skoltid."
    ]
    assert "Dialog 1 – Barn och unga" not in [d.title for d in event.dialogues]


def test_a_line_made_a_dialogue_heading_starts_a_dialogue_and_summary_lines_join_the_one_above():
    split = parse_dialogue(STORMOTE, "stormote.txt", {5: "dialogue"})
    assert [d.title for d in split.dialogues] == [
        "Dialog 1 – Barn och unga",
        "Sammanfattning",
        "Dialog 2 – Demokrati",
    ]
    joined = parse_dialogue(STORMOTE, "stormote.txt", {10: "summary", 11: "summary"})
    assert [d.title for d in joined.dialogues] == ["Dialog 1 – Barn och unga"]
    assert "Dialog 2 – Demokrati" in joined.dialogues[0].summary


def test_title_and_date_lines_named_by_the_coordinator_and_a_line_that_holds_no_date():
    event = parse_dialogue("Anteckningar\nträff i Sunne 12/3 2019\nVi talade om lokaler.", "")
    corrected = parse_dialogue(
        "Anteckningar\nträff i Sunne 12/3 2019\nVi talade om lokaler.", "", {2: "date"}
    )
    assert corrected.date == datetime.date(2019, 3, 12) and corrected.line_roles()[2] == "date"
    assert event.title == "Anteckningar"
    wrong = parse_dialogue(STORMOTE, "stormote.txt", {1: "date"})
    assert wrong.date is None
    assert [(d.line_number, d.code) for d in wrong.doubts][0] == (1, "date_unreadable")


def test_two_readings_of_the_date_and_no_date_are_doubts_with_the_other_reading():
    compact = parse_dialogue("Dialogträff Arvika 190304\n\nVi talade om lokaler.", "")
    assert compact.date == datetime.date(2019, 3, 4)
    assert [(d.code, d.alternatives) for d in compact.doubts][0] == (
        "date_compact",
        ("2004-03-19",),
    )
    several = parse_dialogue(
        "Dialogträff\n\nDatum: 4 mars 2019\nDatum: 5 mars 2019\n\nVi talade om lokaler.", ""
    )
    assert ("date_several", ("2019-03-05",)) in [(d.code, d.alternatives) for d in several.doubts]
    none = parse_dialogue("Dialogträff\n\nVi talade om lokaler.", "")
    assert none.date is None and none.doubts[0].code == "no_date"


@pytest.mark.django_db
def test_the_coordinator_corrects_roles_title_date_and_kind_in_the_preview_and_saves(
    client, coordinator
):
    client.force_login(coordinator)
    data = "Dialogträff Arvika 190304\n\nVi talade om lokaler.\nEn ny förening visade sin lokal.\n"
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("arvika.txt", data.encode())})
    html = response.content.decode()
    assert "Datumet är skrivet med sex siffror och kan läsas på två sätt." in html
    assert "Annan läsning: 2004-03-19." in html
    token = response.context["form"].initial["token"]
    response = client.post(
        IMPORT_URL,
        {
            "token": token,
            "update": "1",
            "first_line": 3,
            "last_line": 4,
            "role": "raw",
            "title": "Dialogträff om lokaler",
            "date": "2019-03-04",
            "kind": "dialogue_meeting",
        },
    )
    assert response.status_code == 302
    html = client.get(response.url.split("#")[0]).content.decode()
    assert html.count("Råmaterial i dialogen") >= 2 and "(rättad)" in html
    assert 'value="Dialogträff om lokaler"' in html
    assert '<option value="dialogue_meeting" selected>' in html
    client.post(
        IMPORT_URL,
        {"token": token, "title": "Dialogträff om lokaler", "date": "2019-03-04",
         "kind": "dialogue_meeting"},
    )  # fmt: skip
    event = DialogueEvent.objects.get()
    assert (event.title, event.date, event.kind) == (
        "Dialogträff om lokaler",
        datetime.date(2019, 3, 4),
        "dialogue_meeting",
    )
    dialogue = Dialogue.objects.get(event=event)
    assert "En ny förening visade sin lokal." in dialogue.raw_material
    assert "lokaler" not in dialogue.summary


@pytest.mark.django_db
def test_importing_a_document_again_shows_what_changes_and_the_hand_edits_then_replaces(
    client, coordinator
):
    client.force_login(coordinator)
    data = dialogue_bytes("d03_stormote.txt")
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("stormote.txt", data)})
    client.post(IMPORT_URL, {"token": response.context["form"].initial["token"]})
    event = DialogueEvent.objects.get()
    edited = event.dialogues.get(title="Dialog 2 – Demokrati")
    edited.summary = "Ändrad för hand."
    edited.save()

    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("stormote.txt", data)})
    token = response.context["form"].initial["token"]
    response = client.post(
        IMPORT_URL, {"token": token, "update": "1", "first_line": 12, "role": "raw"}
    )
    html = client.get(response.url.split("#")[0]).content.decode()
    assert "Det här dokumentet är redan inläst" in html
    assert "dialogen ”Dialog 2 – Demokrati” ändrades av" in html

    response = client.post(IMPORT_URL, {"token": token, "replace": "on"}, follow=True)
    assert "Läste in ”stormote.txt” igen" in response.content.decode()
    again = DialogueEvent.objects.get()
    assert again.pk == event.pk and again.sources.count() == 1
    second = again.dialogues.get(title="Dialog 2 – Demokrati")
    assert second.summary == "" and second.raw_material.startswith("Demokratin stärks")
    assert again.dialogues.count() == 2 and again.questions.count() == 2


def test_a_summary_heading_over_all_the_dialogues_makes_no_dialogue_of_its_own():
    event = parse_dialogue(
        "Dialogdag 2023-10-02\n\nSAMMANFATTNING AV DIALOGERNA\n\n"
        "Dialog 1 – Mötesplatser\nMötesplatserna behöver vara öppna på kvällar.\n",
        "",
    )
    assert [d.title for d in event.dialogues] == ["Dialog 1 – Mötesplatser"]
    assert event.line_roles()[3] == "event"
