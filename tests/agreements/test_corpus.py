"""What a person reads off each minutes document of the corpus (tests/corpus), read by the
importer as uploaded: date, time, place, attendees with organisations and absences, items with
numbers and titles, decisions; the parser's doubts; and no line lost, whatever the input."""

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agreements.importing.minutes import parse_minutes
from okportal.documents import DocumentError, normalise_newlines, read_document
from tests.corpus.documents import MINUTES, minutes_bytes


def parsed(name):
    return parse_minutes(read_document(minutes_bytes(name), name, tables="rows"))


@pytest.mark.parametrize("name", MINUTES)
def test_the_facts_a_person_reads_off_the_minutes(name):
    want, got = MINUTES[name], parsed(name)
    assert got.when is not None and got.when.date == want.date
    assert (got.when.start, got.when.end) == (want.start, want.end)
    if want.place:
        assert got.place == want.place
    assert [(a.name, a.organisation, a.status) for a in got.attendees] == want.attendees
    assert [(item.number, item.title) for item in got.items] == want.items
    for position, item in enumerate(got.items, 1):
        assert item.decisions == want.decisions.get(position, [])


def test_roles_and_absences_are_read_beside_the_names():
    council = parsed("m02_paragrafer.txt")
    assert council.chair == "Maria Svensson"
    assert council.adjusters == ["Eva Karlsson"]
    board = parsed("m01_styrelse_kompakt.txt")
    assert [(a.name, a.role) for a in board.attendees][0] == ("Anna Berg", "ordförande")
    assert [str(a) for a in board.absent()] == ["Karin Lund"]


def test_a_date_beside_justerat_is_the_adjustments_not_the_meetings():
    meeting = parsed("m02_paragrafer.txt")
    assert str(meeting.adjusted_on) == "2019-03-11"
    assert str(meeting.when.date) == "2019-03-04"


def test_the_parser_says_where_it_guessed():
    doubts = {name: {d.code for d in parsed(name).doubts} for name in MINUTES}
    assert "date_compact" in doubts["m01_styrelse_kompakt.txt"]
    assert "date_weekday" in doubts["m11_vecko_fel.txt"]
    assert "date_closing_line" in doubts["m07_datum_sist.txt"]
    assert "heading_guessed" in doubts["m04_utan_nummer.txt"]
    assert not doubts["m02_paragrafer.txt"]
    compact = next(d for d in parsed("m01_styrelse_kompakt.txt").doubts if d.code == "date_compact")
    assert compact.alternatives == ("2004-03-19",)


def test_page_headers_of_a_pdf_are_dropped_and_the_sentence_they_cut_is_joined():
    meeting = parsed("m08_pdf_radbruten.txt")
    assert [line.reason for line in meeting.unplaced] == ["page_header", "page_header"]
    assert "fleråriga bidrag ger bättre förutsättningar" in meeting.items[1].body


def every_line_is_accounted_for(text):
    meeting = parse_minutes(text)
    accounted = set(meeting.line_roles) | {line.line_number for line in meeting.unplaced}
    for number, line in enumerate(normalise_newlines(text).split("\n"), 1):
        if line.strip() and any(char.isalnum() for char in line):
            assert number in accounted, (number, line)


@pytest.mark.parametrize("name", MINUTES)
def test_every_line_of_the_corpus_is_placed_or_listed(name):
    every_line_is_accounted_for(read_document(minutes_bytes(name), name, tables="rows"))


CORPUS_LINES = [
    line
    for name in MINUTES
    for line in read_document(minutes_bytes(name), name, tables="rows").split("\n")
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(CORPUS_LINES), st.text(max_size=60)), min_size=1, max_size=40
    )
)
def test_no_input_loses_a_line_or_raises_anything_but_the_import_error(lines):
    text = "\n".join(lines)
    with contextlib.suppress(DocumentError):  # the one error an import may raise
        every_line_is_accounted_for(text)
