"""The minutes parser: plain Python, no database."""

import datetime
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agreements.importing.minutes import parse_minutes
from agreements.importing.structure import MeetingTime, ParsedMeeting
from okportal.documents import DocumentError, read_document
from tests.okportal.word_documents import minutes_docx

REPO = Path(__file__).resolve().parents[2]
SEED_DIRS = [REPO / "agreements" / "seeds", REPO.parent / "shared" / "seeds"]
COUNCIL_SEED = "radet-for-ideburna-2021-minnesanteckningar.txt"
INSPIRATION_SEED = "inspirationsdag-2015-10-23.txt"


def seed_text(name: str) -> str:
    for folder in SEED_DIRS:
        if (folder / name).exists():
            return (folder / name).read_text(encoding="utf-8")
    raise AssertionError(f"seed {name} not found in {[str(folder) for folder in SEED_DIRS]}")


@pytest.fixture(scope="module")
def council() -> ParsedMeeting:
    return parse_minutes(seed_text(COUNCIL_SEED))


@pytest.fixture(scope="module")
def inspiration() -> ParsedMeeting:
    return parse_minutes(seed_text(INSPIRATION_SEED))


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def everything_said(meeting: ParsedMeeting) -> Counter:
    """Every word the parse kept, wherever it was put."""
    parts = [meeting.title, meeting.group_name, meeting.place, meeting.chair, meeting.note_taker]
    parts += [str(a) for a in meeting.attendees] + [line.text for line in meeting.unplaced]
    for item in meeting.items:
        parts += [str(item.number), item.title, item.body, *item.decisions]
    times = [meeting.when, meeting.next_meeting, *meeting.season_dates]
    parts += [time.date.isoformat() for time in times if time]
    return Counter(words(" ".join(part for part in parts if part)))


def assert_nothing_lost(text: str, meeting: ParsedMeeting, labels: set[str]) -> None:
    missing = Counter(word for word in words(text) if word not in labels) - everything_said(meeting)
    assert not missing, f"words lost: {dict(missing)}"


# --- the council's minutes (2021) ----------------------------------------------------------


def test_council_seed_has_items_one_to_eleven_with_their_titles(council):
    assert [(item.number, item.title) for item in council.items] == [
        (1, "Ordförande Elisabeth Kihlström hälsar välkommen och öppnar mötet"),
        (2, "Presentation av dagordningen"),
        (3, "Föregående minnesanteckning"),
        (4, "Kultur- och folkhälsodirektör Henrik Svensson"),
        (5, "Seminarieserie"),
        (6, "Nära vård"),
        (7, "Post-covid"),
        (8, "Nytt sen sist"),
        (9, "Mötestider 2021"),
        (10, "Nästa möte"),
        (11, "Övriga frågor"),
    ]


def test_council_seed_chair_and_note_taker(council):
    assert council.chair == "Elisabeth Kihlström"
    assert council.note_taker == "Elisabeth Ehne"


def test_council_seed_next_meeting_and_season_dates(council):
    assert council.next_meeting == MeetingTime(
        datetime.date(2021, 9, 2), datetime.time(9), datetime.time(11)
    )
    assert [time.date for time in council.season_dates] == [
        datetime.date(2021, 9, 2),
        datetime.date(2021, 12, 9),
    ]


def test_council_seed_has_no_date_title_or_group_of_its_own(council):
    assert council.when is None
    assert council.title is None
    assert council.group_name is None


def test_broken_urls_are_joined_into_working_links(council):
    items = {item.number: item for item in council.items}
    assert (
        "<https://www.regionvarmland.se/politik/Samverkansrad/radet-for-ideburna-organisationer/>"
        in items[3].body
    )
    assert items[8].links == [
        "https://www.regionvarmland.se/vardgivarwebben/samverkan-avtal-och-vardval/"
        "folkhalsa-och-samhallsmedicin2/folkhalsa-i-siffror/planeringsunderlag/",
        "https://www.folkhalsomyndigheten.se/en-god-och-jamlik-halsa-pa-alla-nivaer/"
        "tema-folkhalsa-lokalt-och-regionalt-stod/",
        "https://www.mucf.se/publikationer/regionerna-och-civilsamhallet",
    ]
    for link in items[8].links:
        assert f"<{link}>" in items[8].body


def test_link_without_scheme_points_where_the_document_linked_it(council):
    nara_vard = council.items[5]
    assert "[regionvarmland.se/naravard](https://www.regionvarmland.se/naravard)" in nara_vard.body


def test_sentence_interrupted_by_link_lines_is_whole_again(council):
    assert "konsekvenserna syns tydligt i de idéburnas verksamhet" in council.items[3].body


def test_bullets_become_a_markdown_list(council):
    body = council.items[4].body
    assert "\n- Demokrativeckan, vecka 38, lyfts som en viktig aktivitet att lyfta.\n" in body
    assert body.endswith(
        "- Samverkansbank efterfrågas också, delvis som en arena för rekrytering "
        "av nya organisationer till nätverket VI."
    )


def test_season_dates_stay_a_list_in_the_body(council):
    assert (
        council.items[8].body == "Höstens mötestider för år 2021 är:\n\n- 2 september\n- 9 december"
    )


def test_repeated_link_lines_and_stray_dots_are_unplaced_not_dropped(council):
    reasons = Counter(line.reason for line in council.unplaced)
    assert reasons == {"duplicate_link": 10, "stray": 1}
    assert all(line.line_number > 0 for line in council.unplaced)


def test_council_seed_loses_no_words(council):
    assert_nothing_lost(seed_text(COUNCIL_SEED), council, labels={"vid", "anteckningarna"})


# --- the inspiration day (2015), sections by heading ----------------------------------------


def test_inspiration_seed_has_one_item_per_heading(inspiration):
    assert [(item.number, item.title) for item in inspiration.items] == [
        (None, "Inledning"),
        (None, "Nationella överenskommelsen"),
        (None, "Åsiktsbarometer"),
        (None, "Idéburet offentligt partnerskap"),
        (None, "Samverkansavtal landstinget – HSO Värmland (Handikappförbunden Värmland)"),
        (None, "Open Space"),
        (None, "Återkoppling"),
        (None, "Verksamhetsbidrag 2017"),
        (None, "Avslutning"),
    ]


def test_inspiration_seed_date_from_page_header_and_note_taker(inspiration):
    assert inspiration.when == MeetingTime(datetime.date(2015, 10, 23))
    assert inspiration.note_taker == "Elisabeth Ehne Jangehammar"
    assert inspiration.chair is None


def test_double_spaced_lines_join_into_paragraphs(inspiration):
    opening = inspiration.items[0].body
    assert opening.count("\n\n") == 1
    assert "Kontaktpersoner i landstinget är Åsa Löfvenberg och Anna-Carin Johansson." in opening


def test_sentence_over_a_page_break_is_joined(inspiration):
    body = inspiration.items[1].body
    assert "skrivit under utan också förvaltningschefer etcetera." in body


def test_symbol_font_bullets_with_wrapped_lines(inspiration):
    body = inspiration.items[1].body
    assert (
        "- stärka de idéburna organisationernas självständiga och oberoende roll "
        "som röstbärare och opinionsbildare\n"
    ) in body


def test_inspiration_seed_unplaced_lines(inspiration):
    assert [(line.line_number, line.reason) for line in inspiration.unplaced] == [
        (150, "page_header"),
        (152, "page_header"),
        (240, "duplicate_link"),
        (380, "after_signature"),
        (382, "duplicate_link"),
        (383, "duplicate_link"),
    ]


def test_inspiration_seed_links(inspiration):
    assert "[www.liv.se/bidrag](http://www.liv.se/bidrag)" in inspiration.items[7].body
    pdf = "http://overenskommelsen.se/wp-content/uploads/2014/08/ok_eu-kod_original.pdf"
    assert inspiration.items[2].links == [pdf]


def test_inspiration_seed_loses_no_words(inspiration):
    assert_nothing_lost(seed_text(INSPIRATION_SEED), inspiration, labels={"vid", "anteckningarna"})


# --- minutes written the usual way ------------------------------------------------------------

WELL_FORMED = """\
Minnesanteckningar Rådet för idéburna organisationer
Datum: torsdag 6 maj 2021 kl. 13.00–15.00
Plats: Regionens hus, Karlstad
Närvarande: Anna Andersson (Region Värmland), Bo Berg, Cecilia Ceder och David Dahl

§ 1 Mötets öppnande
Mötesordförande: Elisabeth Kihlström

§ 2 Handlingsplan
Planen presenteras. Punkter:
1. Rekrytera processledare
2. Se över bidragen

Beslut: Rådet ställer sig bakom handlingsplanen.

§ 3 Nästa möte
Nästa möte: 2 september kl 9–11.
Mötestider hösten 2021: 2 september, 9 december kl. 13-15.

Vid anteckningarna
Elisabeth Ehne
Justeras: Elisabeth Kihlström
"""


def test_header_facts_of_well_formed_minutes():
    meeting = parse_minutes(WELL_FORMED)
    assert meeting.title == "Minnesanteckningar Rådet för idéburna organisationer"
    assert meeting.group_name == "Rådet för idéburna organisationer"
    assert meeting.when == MeetingTime(
        datetime.date(2021, 5, 6), datetime.time(13), datetime.time(15)
    )
    assert meeting.place == "Regionens hus, Karlstad"
    assert [str(a) for a in meeting.attendees] == [
        "Anna Andersson (Region Värmland)",
        "Bo Berg",
        "Cecilia Ceder",
        "David Dahl",
    ]


def test_items_decisions_and_lists_of_well_formed_minutes():
    meeting = parse_minutes(WELL_FORMED)
    assert [(item.number, item.title) for item in meeting.items] == [
        (1, "Mötets öppnande"),
        (2, "Handlingsplan"),
        (3, "Nästa möte"),
    ]
    plan = meeting.items[1]
    assert plan.decisions == ["Rådet ställer sig bakom handlingsplanen."]
    assert plan.body == (
        "Planen presenteras. Punkter:\n\n1. Rekrytera processledare\n2. Se över bidragen"
    )


def test_chair_note_taker_and_dates_of_well_formed_minutes():
    meeting = parse_minutes(WELL_FORMED)
    assert meeting.chair == "Elisabeth Kihlström"
    assert meeting.note_taker == "Elisabeth Ehne"
    assert meeting.next_meeting == MeetingTime(
        datetime.date(2021, 9, 2), datetime.time(9), datetime.time(11)
    )
    assert meeting.season_dates == [
        MeetingTime(datetime.date(2021, 9, 2)),
        MeetingTime(datetime.date(2021, 12, 9), datetime.time(13), datetime.time(15)),
    ]
    assert [(line.text, line.reason) for line in meeting.unplaced] == [
        ("Justeras: Elisabeth Kihlström", "after_signature")
    ]


@pytest.mark.parametrize("marker", ["{n}.", "{n})", "§{n}", "§ {n}.", "Punkt {n}:"])
def test_item_numbering_styles(marker):
    text = "\n\n".join(
        f"{marker.format(n=n)} {title}\nText om {title.lower()}."
        for n, title in enumerate(["Inledning", "Ekonomi", "Avslutning"], 1)
    )
    meeting = parse_minutes(text)
    assert [(item.number, item.title) for item in meeting.items] == [
        (1, "Inledning"),
        (2, "Ekonomi"),
        (3, "Avslutning"),
    ]
    assert meeting.items[1].body == "Text om ekonomi."


def test_numbered_list_inside_an_item_is_not_a_new_item():
    text = "1. Inledning\nVi går igenom:\n1. ett\n2. två\n3. tre\n\n2. Avslutning\nTack."
    meeting = parse_minutes(text)
    assert [item.title for item in meeting.items] == ["Inledning", "Avslutning"]
    assert meeting.items[0].body == "Vi går igenom:\n\n1. ett\n2. två\n3. tre"


def test_text_without_structure_is_one_item():
    meeting = parse_minutes("Kort anteckning\nVi pratade om bidrag och om mötestider.")
    assert len(meeting.items) == 1
    assert meeting.items[0].title == "Kort anteckning"
    assert meeting.items[0].body == "Vi pratade om bidrag och om mötestider."


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t\n"])
def test_empty_text_is_a_document_error(text):
    with pytest.raises(DocumentError) as error:
        parse_minutes(text)
    assert error.value.code == "empty"


# --- documents read by okportal.documents ------------------------------------------------------


def test_cp1252_file_with_windows_line_endings_parses():
    text = (
        "1. Mötets öppnande\r\nOrdförande Åsa Öberg öppnar mötet.\r\n\r\n2. Övriga frågor\r\nInga."
    )
    meeting = parse_minutes(read_document(text.encode("cp1252"), "protokoll.txt"))
    assert [item.title for item in meeting.items] == ["Mötets öppnande", "Övriga frågor"]
    assert meeting.chair == "Åsa Öberg"


def test_docx_made_in_word_parses_into_a_meeting():
    meeting = parse_minutes(read_document(minutes_docx(), "protokoll.docx", tables="rows"))
    assert meeting.title == "Minnesanteckningar Rådet för idéburna organisationer"
    assert meeting.when == MeetingTime(
        datetime.date(2021, 5, 6), datetime.time(13), datetime.time(15)
    )
    assert [(item.number, item.title) for item in meeting.items] == [
        (1, "Mötets öppnande"),
        (2, "Seminarieserie"),
        (3, "Nästa möte"),
    ]
    assert meeting.items[1].body == (
        "Hållplats idéburen är en **seminarieserie** som *spelas in*.\n\n"
        "- Demokrativeckan\n    - vecka 38\n- Orädd demokrati"
    )
    assert meeting.items[1].decisions == ["Rådet ställer sig bakom planen."]
    assert meeting.place == "Karlstad"  # from the header table, read a row a paragraph
    assert meeting.chair == "Elisabeth Kihlström"
    assert meeting.note_taker == "Elisabeth Ehne"
    assert meeting.next_meeting == MeetingTime(
        datetime.date(2021, 9, 2), datetime.time(9), datetime.time(11)
    )


# --- robustness --------------------------------------------------------------------------------

FRAGMENTS = st.sampled_from(
    [
        "1", " 2 ", "3.", "§ 4", "5) Ekonomi", "Punkt 6:", "10", "#", "## Rubrik", "**Fet**",
        "• punkt", "\uf0b7 punkt", "- lista", "    - nivå två", "o under", "1. ett", "2. två",
        "https://www.regionvarmland.se/politik/radet-", "organisationer/", "www.liv.se/bidrag",
        "regionvarmland.se/naravard", "namn@exempel.se", "[länk](https://x.se)", "<https://",
        "Datum: 2021-02-30", "Tid: kl. 25.61", "Plats:", "Närvarande:", "Närvarande: A, B och C",
        "Ordförande", "Ordförande Åsa Öberg öppnar mötet.", "Vid anteckningarna,", "Beslut:",
        "Rådet beslutar att", "Nästa möte är den 31 februari kl. 9-11.", "Mötestider 2021",
        "2 september", "9 dec 2021", "3/4 2021", "LANDSTINGET 2015-10-23  3 (5)", "Sida 2 av 5",
        "Datum Diarienummer", " . ", "", " ", "\t", "\r", "\r\n", "\x00", "\ufeff", "(", ")",
        "Inledning", "Text som fortsätter", "på nästa rad.", "ÖVRIGT", "é" * 300,
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None, database=None)
@given(st.one_of(st.text(), st.lists(FRAGMENTS, max_size=40).map("\n".join)))
def test_random_text_never_makes_the_parser_raise(text):
    try:
        meeting = parse_minutes(text)
    except DocumentError as error:
        assert error.code == "empty"
        assert not text.strip()
        return
    assert text.strip()
    assert all(item.title for item in meeting.items)
    assert meeting.unplaced == sorted(meeting.unplaced, key=lambda line: line.line_number)


def test_agenda_overview_before_the_items_is_not_taken_for_the_items():
    text = (
        "Dagordning\n1. Inledning\n2. Ekonomi\n3. Avslutning\n\n"
        "1. Inledning\nVälkommen.\n\n2. Ekonomi\nBudgeten gicks igenom.\n\n3. Avslutning\nTack."
    )
    meeting = parse_minutes(text)
    assert [(item.number, item.line_number) for item in meeting.items] == [(1, 6), (2, 9), (3, 12)]
    assert meeting.items[1].body == "Budgeten gicks igenom."


def test_dates_without_a_year_fall_after_the_meeting():
    text = (
        "Datum: 2021-11-18\n\n1. Inledning\nHej.\n\n2. Nästa möte\n"
        "Nästa möte är den 20 januari kl. 10.\nVårens mötestider: 20 januari, 14 april.\n"
    )
    meeting = parse_minutes(text)
    assert meeting.when == MeetingTime(datetime.date(2021, 11, 18))
    assert meeting.next_meeting == MeetingTime(datetime.date(2022, 1, 20), datetime.time(10))
    assert [time.date for time in meeting.season_dates] == [
        datetime.date(2022, 1, 20),
        datetime.date(2022, 4, 14),
    ]


def test_attendees_from_an_item_of_their_own():
    text = (
        "§ 1 Närvarande\n- Anna Andersson, Region Värmland\n- Bo Berg, Forum\n\n§ 2 Övrigt\nInget."
    )
    meeting = parse_minutes(text)
    assert [str(a) for a in meeting.attendees] == [
        "Anna Andersson (Region Värmland)",
        "Bo Berg (Forum)",
    ]
    assert [item.title for item in meeting.items] == ["Närvarande", "Övrigt"]


def test_unknown_header_lines_are_unplaced_with_their_line_number():
    text = (
        "Protokoll\nRådet för idéburna organisationer\nDiarienummer RV2021/123\n\n"
        "1. Inledning\nHej.\n\n2. Avslutning\nTack."
    )
    meeting = parse_minutes(text)
    assert meeting.title == "Protokoll"
    assert meeting.group_name == "Rådet för idéburna organisationer"
    assert [(line.line_number, line.reason) for line in meeting.unplaced] == [(3, "header")]


MARKDOWN_MINUTES = """\
# Minnesanteckningar referensgruppen för IOP

**Datum:** 2022-03-10, kl 13:00-15:00
**Plats:** Digitalt via Teams
**Närvarande:**
- Anna Andersson
- Bo Berg

## Inledning
Anna hälsar välkommen. Läs mer på www.regionvarmland.se/iop.

## Ekonomi
Budgeten presenteras:
1. Lokaler
2. Personal

**Beslut:** Gruppen godkänner budgeten.
"""


def test_markdown_minutes_with_headings_bold_labels_and_a_numbered_list():
    meeting = parse_minutes(MARKDOWN_MINUTES)
    assert meeting.title == "Minnesanteckningar referensgruppen för IOP"
    assert meeting.group_name == "Referensgruppen för IOP"
    assert meeting.place == "Digitalt via Teams"
    assert [str(a) for a in meeting.attendees] == ["Anna Andersson", "Bo Berg"]
    assert [(item.number, item.title) for item in meeting.items] == [
        (None, "Inledning"),
        (None, "Ekonomi"),
    ]
    assert "[www.regionvarmland.se/iop](https://www.regionvarmland.se/iop)." in (
        meeting.items[0].body
    )
    assert meeting.items[1].body == "Budgeten presenteras:\n\n1. Lokaler\n2. Personal"
    assert meeting.items[1].decisions == ["Gruppen godkänner budgeten."]
