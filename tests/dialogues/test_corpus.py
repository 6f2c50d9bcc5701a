"""What a person reads off each dialogue document of the corpus (tests/corpus): title in
sentence case (acronyms kept), date, dialogues with their summaries, guiding questions quoted
over several lines, raw material gathered at the end; and no line lost."""

from dataclasses import astuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogues.importing.parser import parse_dialogue
from okportal.documents import normalise_newlines, read_document
from tests.corpus.documents import DIALOGUES, dialogue_bytes


def parsed(name):
    return parse_dialogue(read_document(dialogue_bytes(name), name), name)


@pytest.mark.parametrize("name", DIALOGUES)
def test_the_facts_a_person_reads_off_the_dialogue_document(name):
    want, got = DIALOGUES[name], parsed(name)
    assert got.title == want.title
    assert got.date == want.date
    if want.place:
        assert got.place == want.place
    assert [q.text for q in got.questions] == want.questions
    assert [t.title for t in got.topics] == want.topics
    assert [d.title for d in got.dialogues] == [d.title for d in want.dialogues]
    for expected, dialogue in zip(want.dialogues, got.dialogues, strict=True):
        assert dialogue.summary.startswith(expected.summary_starts)
        assert [q.text for q in dialogue.questions] == expected.questions
        assert dialogue.raw_material.startswith(expected.raw_starts)
        assert "?" not in dialogue.summary  # the questions are not left in the summary


@pytest.mark.parametrize("name", DIALOGUES)
def test_every_line_of_a_dialogue_document_is_placed_or_listed(name):
    text = read_document(dialogue_bytes(name), name)
    event = parse_dialogue(text, name)
    covered = event.covered_lines() | {line.line for line in event.unplaced}
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            assert number in covered, (number, line)


def test_the_parser_says_where_it_guessed_so_the_preview_never_says_all_is_certain():
    doubts = {code for _, code, _ in map(astuple, parsed("d01_tva_dialoger_versaler.txt").doubts)}
    assert "sentence_case" in doubts
    roles = parsed("d01_tva_dialoger_versaler.txt").line_roles()
    assert roles[11] == "question" and roles[5] == "dialogue" and roles[6] == "summary"


@pytest.mark.django_db
def test_the_admin_preview_shows_each_line_beside_its_role_and_the_guesses(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    name = "d01_tva_dialoger_versaler.txt"
    response = admin_client.post(
        "/admin/dialogues/dialogueevent/import/",
        {"file": SimpleUploadedFile(name, dialogue_bytes(name))},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "gissningar att granska" in html
    assert "Skriven med versaler och visad med liten bokstav" in html
    assert 'id="line-11"' in html and "Vägledande fråga" in html


CORPUS_LINES = [
    line for name in DIALOGUES for line in read_document(dialogue_bytes(name), name).split("\n")
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(CORPUS_LINES), st.text(max_size=50)), min_size=1, max_size=40
    )
)
def test_no_mix_of_corpus_lines_loses_a_line_or_fails_the_parser(lines):
    text = normalise_newlines("\n".join(lines))
    if not text.strip():
        return
    event = parse_dialogue(text, "blandat.txt")
    assert not [line for line in event.unplaced if line.reason == "parser_error"]
    covered = event.covered_lines()
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            assert number in covered, (number, line)


@pytest.mark.django_db
def test_a_coordinator_makes_a_line_a_question_and_leaves_another_out(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dialogues.models import DialogueEvent, GuidingQuestion

    url = "/admin/dialogues/dialogueevent/import/"
    name = "d03_stormote.txt"
    response = admin_client.post(url, {"file": SimpleUploadedFile(name, dialogue_bytes(name))})
    token = response.context["form"].initial["token"]
    # line 6 ("Sammanfattning") is not wanted; line 12 is a question written as a statement
    response = admin_client.post(
        url, {"token": token, "update": "1", "first_line": 6, "role": "ignore"}
    )
    assert response.status_code == 302
    response = admin_client.post(
        url, {"token": token, "update": "1", "first_line": 12, "role": "question"}
    )
    html = admin_client.get(response.url.split("#")[0]).content.decode()
    assert "Utelämnad av dig." in html and "(rättad)" in html
    assert "Demokratin stärks när fler engagerar sig lokalt" in html
    admin_client.post(url, {"token": token, "date": "2021-06-03"})
    event = DialogueEvent.objects.get()
    questions = set(GuidingQuestion.objects.values_list("text", flat=True))
    assert (
        "Demokratin stärks när fler engagerar sig lokalt. Föreningarna är en skola i demokrati?"
        in questions
    )
    assert event.dialogues.count() == 2


def test_a_range_past_the_end_is_refused():
    from dialogues.admin_import import ImportConfirmForm

    form = ImportConfirmForm({"token": "x", "first_line": 3, "last_line": 40}, line_count=10)
    assert not form.is_valid() and "last_line" in form.errors
