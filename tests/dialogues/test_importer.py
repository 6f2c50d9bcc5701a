"""The importer: documents in, one transaction, idempotent; bad input is a clear error."""

import datetime
import io

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogues.importing.save import ImportOptions, import_document, read
from dialogues.models import (
    BarometerStatement,
    DialogueEvent,
    GuidingQuestion,
    Note,
    SourceDocument,
    Topic,
)
from okportal.documents import DocumentError

pytestmark = pytest.mark.django_db
FIXTURE_CHECK = [HealthCheck.function_scoped_fixture]

DATE = datetime.date(2024, 4, 9)
MARKDOWN = """# Dialogmöte om ensamhet

Datum: 2024-04-09
Plats: Karlstad

## Ensamhet bland äldre

- Träffpunkter i varje kommun
  - **Biblioteken** som mötesplats
  - <i>Kyrkans</i> café
- Telefonkedjor

## Unga och föreningslivet

- Avgifter stänger ute
"""


def _everything():
    return [
        m.objects.count()
        for m in (DialogueEvent, Topic, Note, GuidingQuestion, BarometerStatement, SourceDocument)
    ]


def test_a_markdown_document_becomes_an_event_with_nested_notes():
    result = import_document(MARKDOWN.encode(), "ensamhet.md", ImportOptions(date=DATE))
    assert result.created
    event = result.event
    assert event.date == DATE
    topic = event.topics.get(title="Ensamhet bland äldre")
    [group] = topic.note_tree()
    first = group.nodes[0]
    assert first.note.text == "Träffpunkter i varje kommun"
    assert [c.note.text for c in first.children] == ["**Biblioteken** som mötesplats",
                                                     "*Kyrkans* café"]  # fmt: skip
    assert result.source.text.startswith("# Dialogmöte om ensamhet")


def test_importing_the_same_document_again_changes_nothing():
    first = import_document(MARKDOWN.encode(), "ensamhet.md", ImportOptions(date=DATE))
    before = _everything()
    again = import_document(MARKDOWN.encode(), "ensamhet.md", ImportOptions(date=DATE))
    assert not again.created and again.event == first.event
    # The same text with other line endings is the same document.
    crlf = import_document(MARKDOWN.replace("\n", "\r\n").encode(), "kopia.md")
    assert not crlf.created
    assert _everything() == before


def test_a_document_without_a_date_needs_one():
    with pytest.raises(DocumentError) as refusal:
        import_document(b"## Ett amne\n\n- en punkt\n", "utan-datum.md")
    assert refusal.value.code == "no_date"
    assert _everything() == [0, 0, 0, 0, 0, 0]


def test_a_second_document_with_the_same_title_is_refused_unless_added_to_the_event():
    import_document(MARKDOWN.encode(), "ensamhet.md", ImportOptions(date=DATE))
    changed = MARKDOWN + "\n## Nytt ämne\n\n- ny punkt\n"
    with pytest.raises(DocumentError) as refusal:
        import_document(changed.encode(), "ensamhet-v2.md", ImportOptions(date=DATE))
    assert refusal.value.code == "event_exists"
    event = DialogueEvent.objects.get()
    result = import_document(changed.encode(), "ensamhet-v2.md", ImportOptions(event=event))
    assert result.counts["topics"] == 1  # the two known topics were matched by title
    topic = event.topics.get(title="Ensamhet bland äldre")
    assert len(topic.note_tree()) == 2  # a second note group, nothing replaced


def _docx_bytes():
    document = docx.Document()
    document.add_heading("Samverkanskonferens 2024", level=1)
    document.add_paragraph("Datum: 2024-04-09")
    document.add_heading("Folkhälsa", level=2)
    paragraph = document.add_paragraph("Motverka ", style="List Bullet")
    paragraph.add_run("ensamhet").bold = True
    document.add_paragraph("Tedans", style="List Bullet 2")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_docx_document_is_imported_with_its_emphasis_and_nesting():
    result = import_document(_docx_bytes(), "konferens.docx", ImportOptions(date=DATE))
    topic = result.event.topics.get(title="Folkhälsa")
    [group] = topic.note_tree()
    assert group.nodes[0].note.text == "Motverka **ensamhet**"
    assert group.nodes[0].children[0].note.text == "Tedans"


BAD_INPUT = {
    "empty": (b"", "tom.txt", "tom"),
    "only whitespace": (b" \n\r\n\t \n", "blank.md", "tom"),
    "binary": (bytes(range(256)) * 40, "bild.txt", "textfil"),
    "png named .md": (b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02" * 500, "bild.md", "textfil"),
    "20 MB": (b"- en punkt\n" * (2 * 1024 * 1024), "stor.txt", "för stor"),
    "broken docx": (b"PK\x03\x04 inte alls en zip", "trasig.docx", "Word-filen"),
    "zip that is no docx": (None, "annan.docx", "Word-filen"),
    "pdf": (b"%PDF-1.4\n1 0 obj\n", "dokument.pdf", "PDF"),
    "unknown type": (b"hej", "program.exe", "stöds inte"),
}


def _zip_without_word():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("hej.txt", "inte word")
    return buffer.getvalue()


@pytest.mark.parametrize("case", list(BAD_INPUT), ids=list(BAD_INPUT))
def test_bad_input_is_a_clear_error_and_saves_nothing(case):
    data, filename, words = BAD_INPUT[case]
    if data is None:
        data = _zip_without_word()
    with pytest.raises(DocumentError) as refusal:
        import_document(data, filename, ImportOptions(date=DATE))
    assert words in refusal.value.message
    assert _everything() == [0, 0, 0, 0, 0, 0]


@pytest.mark.parametrize(
    "data",
    [
        "## Ämne\r\n\r\n- en\r- två\n- tre\r\n".encode(),
        "## Ämne\n\n- räksmörgås åäö\n".encode("cp1252"),
        "\ufeff## Ämne\n\n- utf-8 med BOM\n".encode(),
        "## Ämne\n\n- utf-16\n".encode("utf-16"),
    ],
    ids=["mixed line endings", "windows-1252", "utf-8 bom", "utf-16"],
)
def test_odd_encodings_and_line_endings_are_read(data):
    result = import_document(data, "udda.txt", ImportOptions(date=DATE, title="Udda"))
    topic = result.event.topics.get()
    assert topic.title == "Ämne"
    assert topic.notes.count() >= 1
    assert "\r" not in "".join(topic.notes.values_list("text", flat=True))


def test_a_failure_half_way_saves_nothing(monkeypatch):
    from dialogues.importing import save as save_module

    def explode(self, event):
        raise RuntimeError("disk full")

    monkeypatch.setattr(save_module._Saver, "_statements", explode)
    with pytest.raises(RuntimeError):
        import_document(MARKDOWN.encode(), "ensamhet.md", ImportOptions(date=DATE))
    assert _everything() == [0, 0, 0, 0, 0, 0]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=2000))
def test_random_text_never_crashes_the_importer(text):
    try:
        preview = read(text.encode("utf-8", "surrogatepass"), "slump.txt")
    except DocumentError as refusal:
        assert refusal.message
        return
    assert preview.parsed is not None


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=st.lists(
        st.one_of(
            st.text(max_size=40),
            st.builds(lambda s: f"## {s}", st.text(min_size=1, max_size=20)),
            st.builds(lambda s: f"  - {s}", st.text(min_size=1, max_size=30)),
            st.builds(lambda s: f"| *{s}* | x |", st.text(max_size=10)),
        ),
        max_size=40,
    )
)
def test_random_documents_are_saved_or_refused_never_crash(lines):
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    try:
        import_document(data, "slump.md", ImportOptions(date=DATE, title="Slump"))
    except DocumentError as refusal:
        assert refusal.code in {"empty", "binary", "event_exists"}


def test_untitled_minutes_are_named_after_the_file_unless_the_coordinator_names_them():
    from pathlib import Path

    name = "inspirationsdag-2015-10-23.txt"
    data = (Path(__file__).resolve().parents[2] / "dialogues/seeds" / name).read_bytes()
    event = import_document(data, name, ImportOptions(title="Inspirationsdag")).event
    assert list(event.dialogues.values_list("title", flat=True)) == [
        "Inspirationsdag 23 oktober 2015"
    ]
    assert "Åsiktsbarometer" not in event.dialogues.get().summary
    assert event.barometer_statements.count() == 7

    named = import_document(
        data.replace(b"Inledning", b"Inledningen"),
        name,
        ImportOptions(title="Inspirationsdag 2", dialogue_title="Minnesanteckningar"),
    ).event
    assert list(named.dialogues.values_list("title", flat=True)) == ["Minnesanteckningar"]
