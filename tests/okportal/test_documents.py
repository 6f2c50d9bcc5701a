"""Reading uploads (okportal.documents): encodings, line endings, refusals, .docx as Markdown."""

import codecs
import io
import zipfile

import docx
import pytest
from django.utils import translation
from docx.enum.style import WD_STYLE_TYPE

from okportal import documents
from okportal.documents import MAX_BYTES, DocumentError, read_document
from tests.okportal.word_documents import docx_bytes, minutes_docx, open_space_docx


@pytest.fixture(autouse=True)
def empty_cache():
    """Overrides the project-wide cache reset: reading a document touches no cache."""


def zip_with(name: str, content: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(name, content)
    return buffer.getvalue()


# --- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"", "tom.txt", "empty"),
        (b" \r\n\t\n", "tom.md", "empty"),
        (b"  \r\n\t ", "tomt.txt", "empty"),
        (codecs.BOM_UTF16_LE, "bara-bom.txt", "empty"),
        (b"Folkh\x00lsa\x00\x01\x02", "bild.txt", "binary"),
        (bytes(range(1, 32)) * 20, "data.txt", "binary"),
        (b"GIF89a\x00\x01\x02 text", "protokoll.txt", "binary"),
        (b"a" * (MAX_BYTES + 1), "stor.txt", "too_large"),
        (b"PK\x03\x04 inte en zip", "trasig.docx", "broken_docx"),
        (b"ren text", "trasig.docx", "broken_docx"),
        (zip_with("[Content_Types].xml", "<Types/>"), "utan-dokument.docx", "broken_docx"),
        (zip_with("hej.txt", "hej"), "annan-zip.docx", "broken_docx"),
        (minutes_docx()[:2000], "avhuggen.docx", "broken_docx"),
        (b"%PDF-1.4 ...", "anteckningar.pdf", "unsupported_type"),
        (b"%PDF-1.4\x00\x01\x02 text", "protokoll.txt", "unsupported_type"),
        (b"text", "anteckningar.odt", "unsupported_type"),
        (b"text", "protokoll.doc", "unsupported_type"),
        (b"text", "utan-filandelse", "unsupported_type"),
        (b"text", "", "unsupported_type"),
    ],
)
def test_what_is_not_a_document_is_refused_with_a_stable_code(data, filename, code):
    with pytest.raises(DocumentError) as error:
        read_document(data, filename)
    assert error.value.code == code
    assert error.value.message == str(error.value)


def test_refusals_speak_the_users_language():
    with translation.override("sv"):
        assert str(DocumentError("empty")) == "Dokumentet är tomt."
        assert "10 MB" in str(DocumentError("too_large"))
        assert str(DocumentError("broken_docx")).startswith("Word-filen gick inte att läsa")
        assert str(DocumentError("unsupported_type")).startswith("Filtypen stöds inte.")
    with translation.override("en"):
        assert str(DocumentError("empty")) == "The document is empty."
        assert str(DocumentError("too_large")) == (
            "The file is too large. It may be at most 10 MB."
        )


def test_a_pdf_is_told_how_to_get_its_text_in():
    with pytest.raises(DocumentError) as error:
        read_document(b"%PDF-1.7\n1 0 obj\n", "protokoll.txt")
    assert error.value.code == "unsupported_type"
    with translation.override("sv"):
        assert "PDF-filer kan inte läsas in direkt" in str(error.value)


def test_a_docx_that_unpacks_to_too_much_is_refused(monkeypatch):
    monkeypatch.setattr(documents, "MAX_DOCX_UNPACKED_BYTES", 1000)
    with pytest.raises(DocumentError) as error:
        read_document(open_space_docx(), "stor.docx")
    assert error.value.code == "too_large"


# --- text files --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"a\r\nb\rc\nd\r\n", "a\nb\nc\nd\n"),
        (
            "Folkhälsa\r\n- Tedans\r- Boule\n\r\nSlut".encode(),
            "Folkhälsa\n- Tedans\n- Boule\n\nSlut",
        ),
        (b"sida 1\x0csida 2\xe2\x80\xa8sida 3", "sida 1\nsida 2\nsida 3"),
    ],
)
def test_every_kind_of_line_ending_becomes_a_newline(data, text):
    assert read_document(data, "a.txt") == text


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("Förankring – ”lättare”\r\nÖK".encode("cp1252"), "Förankring – ”lättare”\nÖK"),
        (codecs.BOM_UTF8 + "Förankring – ”lättare”\nÖK".encode(), "Förankring – ”lättare”\nÖK"),
        ("Öppnande".encode(), "Öppnande"),
        (codecs.BOM_UTF16_LE + "Öppnande".encode("utf-16-le"), "Öppnande"),
        (codecs.BOM_UTF16_BE + "Öppnande".encode("utf-16-be"), "Öppnande"),
    ],
)
def test_the_encoding_is_detected(data, text):
    assert read_document(data, "notes.TXT") == text


def test_bytes_cp1252_leaves_undefined_are_read_as_latin1():
    data = b"Gr\xe5 text om f\xf6reningar och samverkan \x96 \x81"
    assert read_document(data, "a.md") == "Grå text om föreningar och samverkan – \x81"


# --- .docx -------------------------------------------------------------------------------------


def test_docx_lists_keep_their_levels_emphasis_and_indentation():
    lines = read_document(open_space_docx(), "open-space.docx").split("\n")
    assert "- Skapa **spelregler** mellan idé/offentligt" in lines
    assert "    - Temadagar" in lines
    assert "        - Tedans *varje vecka*" in lines
    # "List Paragraph" without numbering: Word's half-inch indents give the level.
    assert "- Motverka ensamhet" in lines
    assert "    - Gå ut tillsammans" in lines


def test_docx_headings_go_below_the_title_when_there_is_one():
    open_space = read_document(open_space_docx(), "open-space.docx")
    assert open_space.startswith("# Open Space 2016-03-12\n")
    assert "\n## Folkhälsa\n" in open_space
    minutes = read_document(minutes_docx(), "protokoll.docx")
    assert "# Minnesanteckningar Rådet för idéburna organisationer\n" in minutes
    assert "## § 1 Mötets öppnande\n" in minutes
    assert "Hållplats idéburen är en **seminarieserie** som *spelas in*." in minutes
    assert "- Demokrativeckan\n    - vecka 38\n- Orädd demokrati" in minutes


def test_docx_custom_bullet_styles_and_numbered_lists_are_lists():
    document = docx.Document()
    own_style = document.styles.add_style("Min punkt", WD_STYLE_TYPE.PARAGRAPH)
    own_style.base_style = document.styles["List Bullet"]
    document.add_paragraph("Egen punkt", style="Min punkt")
    document.add_paragraph("Anställd", style="List Number")
    document.add_paragraph("Formulera innehållet", style="List Number")
    lines = read_document(docx_bytes(document), "lista.docx").split("\n")
    assert lines[:3] == ["- Egen punkt", "1. Anställd", "2. Formulera innehållet"]


def test_docx_tables_as_markdown_keep_every_cell_and_as_rows_read_as_labels():
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    rows = [("Datum", "2021-05-06", ""), ("Plats", "", "Karlstad")]
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    data = docx_bytes(document)
    assert read_document(data, "tabell.docx") == (
        "| Datum | 2021-05-06 |  |\n|---|---|---|\n| Plats |  | Karlstad |\n"
    )
    assert read_document(data, "tabell.docx", tables="rows") == (
        "Datum | 2021-05-06\n\nPlats | Karlstad\n"
    )
