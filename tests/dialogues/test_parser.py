"""The dialogue parser, against the real seeds; no database."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogues.importing import (
    DocumentError,
    normalise_title,
    parse_dialogue,
    parser,
    read_document,
)
from okportal.documents import normalise_newlines
from tests.okportal.word_documents import open_space_docx

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
if not SEEDS.is_dir():
    SEEDS = Path("/work/shared/seeds")

NOT_DISCUSSED = {
    "Digital mötesplats",
    "Nationell – regional – lokal",
    "Innehåll i ÖK",
    "Mål med ÖK",
    "Bedrägeri mot äldre",
    "IOP",
}


@pytest.fixture(autouse=True)
def empty_cache():
    """Overrides the project-wide cache reset: the parser touches no cache, so these tests
    run without Django settings or Redis (`pytest -p no:django`)."""


def seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def compiled():
    return parse_dialogue(seed("open-space-2015-compiled.md"))


@pytest.fixture(scope="module")
def raw():
    return parse_dialogue(seed("open-space-2015-raw.txt"))


@pytest.fixture(scope="module")
def inspirationsdag():
    name = "inspirationsdag-2015-10-23.txt"
    return parse_dialogue(seed(name), name)


def topic(event, title):
    return next(t for t in event.topics if normalise_title(t.title) == normalise_title(title))


def texts(notes):
    return [note.text for note in notes]


def nonblank_lines(text: str) -> set[int]:
    lines = normalise_newlines(text).split("\n")
    return {number for number, line in enumerate(lines, 1) if line.strip()}


# --- the compiled Open Space notes -------------------------------------------------------------


def test_compiled_seed_has_18_topics_of_which_6_not_discussed_on_own(compiled):
    assert len(compiled.topics) == 18
    assert {t.title for t in compiled.topics if not t.discussed_on_own} == NOT_DISCUSSED
    assert all(not t.note_groups for t in compiled.topics if not t.discussed_on_own)
    assert all(t.note_groups for t in compiled.topics if t.discussed_on_own)


def test_compiled_seed_reads_title_legend_and_grid_positions(compiled):
    assert compiled.title == "Sammanställning av anteckningar Open Space-diskussioner oktober 2015"
    assert compiled.intro == ["Dialogprocess överenskommelse Värmland"]
    assert "kursiv" in compiled.legend
    positions = {t.title: (t.grid_row, t.grid_column) for t in compiled.topics}
    assert positions["Digital mötesplats"] == (1, 1)
    assert positions["Folkhälsa"] == (1, 3)
    assert positions["ÖK för brukaren"] == (2, 1)
    assert positions["Sociala medier"] == (3, 6)


def test_folkhalsa_keeps_two_note_groups_nested_as_in_seed(compiled):
    folkhalsa = topic(compiled, "Folkhälsa")
    assert len(folkhalsa.note_groups) == 2
    first, second = folkhalsa.note_groups
    assert len(first) == 17
    assert first[0].text == "Skapa spelregler mellan idé/offentligt"
    assert all(not note.children for note in first)
    assert len(second) == 9
    house = second[7]
    assert house.text == "Föreningens hus? (Fr.b. bra exempel)"
    # "↳ En gemensam plattform med" is under the house; the half sentence takes the three
    # items below it at its own level, as the raw seed's "med – arbetsförmedling" shows.
    (platform,) = house.children
    assert platform.text == "En gemensam plattform med"
    assert texts(platform.children) == ["arbetsförmedling", "försäkringskassa", "samlingspunkt"]
    assert second[-1].text == "Integration + folkhälsa"


def test_headings_on_two_walls_stay_two_note_groups_of_one_topic(compiled):
    for title in ("Integration", "Exemplifiering av näringslivs-involvering"):
        assert len(topic(compiled, title).note_groups) == 2
    integration = topic(compiled, "Integration").note_groups[0]
    assert texts(integration[0].children) == [
        "Samarbete mellan olika parter",
        "Digital mötesplats/plattform",
    ]


def test_emphasis_is_kept_as_markdown(compiled):
    notes = [note.text for t in compiled.topics for note in t.notes()]
    assert any(text.endswith("finns en **TYDLIGHET**") for text in notes)
    assert "Integration = **utbyte** mellan parterna" in notes
    assert "**Vad är målet med ÖK (båda parter måste vilja)**" in notes


def test_grid_cell_with_a_typo_matches_its_heading(compiled):
    # The grid says "Barn/unga Diciplin", the heading over the notes "Barn/unga disciplin".
    children = next(t for t in compiled.topics if (t.grid_row, t.grid_column) == (3, 5))
    assert children.title == "Barn/unga disciplin"
    assert texts(children.note_groups[0])[0] == "Föräldrautbildning"


# --- the raw PDF text ------------------------------------------------------------------------


def test_raw_seed_yields_the_same_topic_titles_as_the_compiled_one(raw, compiled):
    discussed = {normalise_title(t.title) for t in compiled.topics if t.discussed_on_own}
    assert {normalise_title(t.title) for t in raw.topics} == discussed
    assert [len(topic(raw, t).note_groups) for t in ("Folkhälsa", "Integration")] == [2, 2]


@pytest.mark.parametrize(
    "name",
    [
        "open-space-2015-raw.txt",
        "open-space-2015-compiled.md",
        "inspirationsdag-2015-10-23.txt",
        "radet-for-ideburna-2021-minnesanteckningar.txt",
    ],
)
def test_seed_loses_no_line(name):
    text = seed(name)
    event = parse_dialogue(text)
    assert event.covered_lines() == nonblank_lines(text)
    assert not [line for line in event.unplaced if line.reason == "parser_error"]


def test_raw_seed_joins_lines_broken_by_the_page_width(raw):
    first = topic(raw, "Förankring så fler är med").note_groups[0][0]
    assert first.text == (
        "ÖK Värmland behöver en bredare förankring med fler organisationer "
        "och ev. fler från offentliga parten (SKL, AF m.m.)"
    )
    assert first.lines == [7, 9]


def test_raw_seed_nests_the_lost_bullets_a_half_sentence_introduces(raw):
    notes = topic(raw, "Psykisk hälsa").note_groups[0]
    introducing = next(note for note in notes if note.text == "Ta in föreningarna för att")
    assert texts(introducing.children) == ["hjälpa folk med psykisk ohälsa", "genom verksamheten"]
    assert "Hur hittar man infallsvinklarna?" in texts(notes)


def test_raw_seed_puts_the_page_header_in_unplaced(raw):
    assert [(u.line, u.text, u.reason) for u in raw.unplaced] == [
        (51, "Region", "page_artifact"),
        (53, "Värmland", "page_artifact"),
    ]
    assert raw.legend.startswith("Ämnen som kom upp som förslag")


# --- the minutes of the inspiration day ---------------------------------------------------------


def test_inspirationsdag_yields_barometer_statements_with_outcomes(inspirationsdag):
    statements = inspirationsdag.barometer_statements
    assert [(s.statement[:40], s.outcome) for s in statements] == [
        ("Min organisation har något att tillföra ", "alla håller med!"),
        (
            "Vi har redan tillräckligt bra samverkan ",
            "Spridning mellan mitten och håller inte med.",
        ),
        ("Vi i Värmland bör fortsätta arbetet med ", "Lätt övervikt åt håller med."),
        (
            "Överenskommelsearbetet kan göras utan at",
            "Gruppering i mitten och en grupp som inte håller med – det kostar.",
        ),
        (
            "Den värmländska överenskommelsen bör var",
            "Spridning mellan mitten och håller inte med.",
        ),
        ("Integrationsarbetet ska vara utanför den", ""),
        ("Den kommande regionen i Värmland är vikt", "Grupperat från mitten till håller med."),
    ]
    assert statements[2].comments == ["använda resurser gemensamt, bli starka."]
    assert statements[3].comments == ["Visar att frågan måste diskuteras i processen."]
    assert statements[5].comments == [
        "det måste vara brett och omfatta alla, begränsas det av överenskommelsen?"
    ]


def test_inspirationsdag_sections_become_the_summary_of_one_dialogue(inspirationsdag):
    assert inspirationsdag.date.isoformat() == "2015-10-23"
    assert inspirationsdag.topics == []
    (dialogue,) = inspirationsdag.dialogues
    summary = dialogue.summary
    assert summary.startswith("## Inledning\n\nBo Dalmo hälsar välkommen")
    assert "## Samverkansavtal landstinget – HSO Värmland (Handikappförbunden Värmland)" in summary
    # The paragraph runs on across the page break and the page header.
    assert "skrivit under utan också förvaltningschefer etcetera." in summary
    assert "\n- fokus är här och nu\n" in summary
    reasons = {(u.line, u.reason) for u in inspirationsdag.unplaced}
    assert {(150, "page_artifact"), (152, "page_artifact"), (239, "bare_link")} <= reasons


def test_inspirationsdag_dialogue_is_titled_from_the_document(inspirationsdag):
    (dialogue,) = inspirationsdag.dialogues
    assert dialogue.title == "Inspirationsdag 23 oktober 2015"


def test_inspirationsdag_barometer_section_is_not_also_a_summary(inspirationsdag):
    (dialogue,) = inspirationsdag.dialogues
    summary = dialogue.summary
    assert "Åsiktsbarometer" not in summary
    assert "Min organisation har något" not in summary
    assert "Spridning mellan mitten" not in summary
    assert "Åsiktsbarometern engagerar" not in summary
    # What the section says besides the statements is kept, each line in one place only.
    unplaced = {u.line: u.reason for u in inspirationsdag.unplaced}
    statement_lines = {n for s in inspirationsdag.barometer_statements for n in s.lines}
    assert not statement_lines & set(unplaced)
    assert not statement_lines & set(dialogue.lines)
    section = set(range(223, 274))
    assert {line for line, reason in unplaced.items() if line in section} == {239, 240}
    assert unplaced[239] == "bare_link"


def test_inspirationsdag_barometer_introduction_is_the_text_before_the_statements(
    inspirationsdag,
):
    assert inspirationsdag.barometer_intro == (
        "Åsiktsbarometern engagerar hela gruppen, genom att göra påståenden och visa en skala "
        "där ena sidan är ”håller med” och den andra ”håller INTE med”. När gruppen flyttar sig "
        "efter skalan får vi en bild av vad gruppen tycker."
    )
    assert {223, 225, 227} <= set(inspirationsdag.lines)
    (dialogue,) = inspirationsdag.dialogues
    assert not {223, 225, 227} & set(dialogue.lines)


def test_inspirationsdag_paragraphs_after_the_barometer_on_a_new_topic_go_to_the_summary(
    inspirationsdag,
):
    (dialogue,) = inspirationsdag.dialogues
    summary = dialogue.summary
    conference = "Överenskommelsen har en nationell konferens i Stockholm den 4 december."
    researcher = "Inga Aflaki, forskare från Karlstads universitet, intresserad av att studera"
    # In the order of the day: after the regional process, before the next section.
    assert (
        summary.index("Uppföljning?")
        < summary.index(conference)
        < summary.index(researcher)
        < summary.index("## Idéburet offentligt partnerskap")
    )
    assert summary.count(conference) == summary.count(researcher) == 1
    assert {267, 269, 271, 273} <= set(dialogue.lines)
    statements = inspirationsdag.barometer_statements
    assert not any("konferens" in c or "Aflaki" in c for s in statements for c in s.comments)


def test_inspirationsdag_paragraph_after_the_barometer_about_a_statement_is_its_comment(
    inspirationsdag,
):
    # "… avgränsades därmed" speaks of "… bör vara avgränsad till … det sociala området".
    delimited = inspirationsdag.barometer_statements[4]
    assert delimited.statement.startswith("Den värmländska överenskommelsen bör vara avgränsad")
    assert delimited.comments == [
        "Det sociala området i nationella överenskommelsen utgick från statsbudgetområden och "
        "avgränsades därmed. De flesta regionala/lokala överenskommelser har inga avgränsningar."
    ]
    assert {261, 263, 265} <= set(delimited.lines)
    (dialogue,) = inspirationsdag.dialogues
    assert "statsbudgetområden" not in dialogue.summary


# --- Markdown documents ------------------------------------------------------------------------

MARKDOWN = """# Open Space om folkhälsa

Datum: 12 mars 2016
Plats: Karlstads bibliotek

”Hur når vi fler föreningar?”

## Dialog 1: Folkhälsa

### Sammanfattning

Vi talade om <i>ensamhet</i> och <b>mötesplatser</b>.
”Vem bjuder in?”

### Råmaterial

- Tedans
  - varje torsdag

## Frågor

- Vad kan regionen göra?

## Ensamhet

* Ring en vän
    * ↳ eller skriv
• Gå ut tillsammans
↳ i grupp

## Åsiktsbarometer

- Alla behövs – alla håller med
  - Kommentar: även företagen
- Vi fikade.

---
"""


def test_markdown_document_with_dialogue_questions_and_topic():
    event = parse_dialogue(MARKDOWN)
    assert event.title == "Open Space om folkhälsa"
    assert event.date.isoformat() == "2016-03-12"
    assert event.place == "Karlstads bibliotek"
    assert [q.text for q in event.questions] == ["Hur når vi fler föreningar?"]
    (dialogue,) = event.dialogues
    assert dialogue.title == "Dialog 1: Folkhälsa"
    assert dialogue.summary == "Vi talade om *ensamhet* och **mötesplatser**."
    assert dialogue.raw_material == "- Tedans\n  - varje torsdag"
    assert [q.text for q in dialogue.questions] == ["Vem bjuder in?", "Vad kan regionen göra?"]
    (ensamhet,) = event.topics
    (notes,) = ensamhet.note_groups
    assert texts(notes) == ["Ring en vän", "Gå ut tillsammans"]
    assert texts(notes[0].children) == ["eller skriv"]
    assert texts(notes[1].children) == ["i grupp"]


def test_markdown_barometer_outside_minutes_keeps_other_text_unplaced():
    event = parse_dialogue(MARKDOWN)
    (statement,) = event.barometer_statements
    assert (statement.statement, statement.outcome) == ("Alla behövs", "alla håller med")
    assert statement.comments == ["även företagen"]
    assert {(u.text, u.reason) for u in event.unplaced} == {
        ("- Vi fikade.", "not_a_statement"),
        ("---", "separator"),
    }
    assert event.covered_lines() == nonblank_lines(MARKDOWN)


def test_a_parser_failure_keeps_every_line_unplaced(monkeypatch, caplog):
    def fail(self):
        raise RuntimeError("a bug")

    monkeypatch.setattr(parser._EventBuilder, "build", fail)
    event = parse_dialogue("Folkhälsa\n\n- Tedans\n")
    assert [(u.line, u.text, u.reason) for u in event.unplaced] == [
        (1, "Folkhälsa", "parser_error"),
        (3, "- Tedans", "parser_error"),
    ]
    assert "Dialogue parser failed" in caplog.text


def test_empty_text_is_a_document_error():
    for text in ("", "  \n\t\r\n"):
        with pytest.raises(DocumentError) as error:
            parse_dialogue(text)
        assert error.value.code == "empty"


# --- a Word document, read by okportal.documents ------------------------------------------------


def test_docx_title_grid_and_nested_lists_become_the_event():
    event = parse_dialogue(read_document(open_space_docx(), "open-space.docx"))
    assert event.title == "Open Space 2016-03-12"
    assert event.date.isoformat() == "2016-03-12"
    folkhalsa = topic(event, "Folkhälsa")
    (notes,) = folkhalsa.note_groups
    assert texts(notes) == [
        "Skapa **spelregler** mellan idé/offentligt",
        "Boule",
        "Motverka ensamhet",
        "Slutord i vanlig text.",
    ]
    assert texts(notes[0].children) == ["Temadagar"]
    assert texts(notes[0].children[0].children) == ["Tedans *varje vecka*"]
    assert texts(notes[2].children) == ["Gå ut tillsammans"]
    assert not topic(event, "IOP").discussed_on_own


# --- any text at all ---------------------------------------------------------------------------

DOCUMENT_LINES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["", " ", "  ", "# Folkhälsa", "## Sammanfattning", "Åsiktsbarometer", "| a | *b* |",
         "|---|---|", "- Tedans", "  - Boule", "↳ i grupp", "• glyf", "1. Anställd", "---",
         "”Vem bjuder in?”", "Kommentar: ja", "Alla håller med.", "3 (5)", "http://x.se",
         "Datum: 2015-10-23", "<i>kursiv</i>", "kursiv diskuterades inte", "Integration"]
    ),
)  # fmt: skip


def assert_parses_without_losing_lines(text: str) -> None:
    if not text.strip():
        with pytest.raises(DocumentError):
            parse_dialogue(text)
        return
    event = parse_dialogue(text)
    assert event.covered_lines() == nonblank_lines(text)
    assert not [line for line in event.unplaced if line.reason == "parser_error"]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses_without_raising_or_losing_lines(text):
    assert_parses_without_losing_lines(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(DOCUMENT_LINES, max_size=40), st.sampled_from(["\n", "\n\n", "\r\n"]))
def test_any_document_like_text_parses_without_raising_or_losing_lines(lines, newline):
    assert_parses_without_losing_lines(newline.join(lines))
