"""Turn an uploaded file (bytes + filename) into text lines the dialogue parser understands.

Plain text and Markdown are decoded; .docx is converted to Markdown-like lines: headings as
`#`, list paragraphs as indented `- ` items, bold and italic runs as `**…**` and `*…*`, tables
as Markdown tables (so a topic grid with italic cells survives).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import docx
from docx.document import Document as DocxDocument
from docx.shared import Inches
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph

MAX_BYTES = 10 * 1024 * 1024
# A small .docx can unpack to a huge XML file; refuse before python-docx reads it.
MAX_DOCX_UNPACKED_BYTES = 100 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
DOCX_SUFFIXES = frozenset({".docx"})
MAX_CONTROL_CHAR_SHARE = 0.05

_NEWLINES = re.compile(r"\r\n|[\r\f\v\x85\u2028\u2029]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_HEADING_STYLE = re.compile(r"^(?:heading|rubrik)\s*(\d)$", re.IGNORECASE)
_LIST_STYLE = re.compile(
    r"^(?:list(?: bullet| number| paragraph| continue)?|punktlista|numrerad lista|liststycke)"
    r"(?:\s*(\d))?$",
    re.IGNORECASE,
)
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


class DocumentError(Exception):
    """A file the importer cannot read; `message` is meant for the person who uploaded it."""

    MESSAGES = {
        "empty": "Filen är tom. Välj en fil som innehåller anteckningar.",
        "binary": "Filen verkar inte vara en textfil. Ladda upp en .txt-, .md- eller .docx-fil.",
        "too_large": "Filen är för stor. Den får vara högst 10 MB.",
        "broken_docx": (
            "Word-filen gick inte att läsa och kan vara skadad. "
            "Öppna den i Word och spara den på nytt som .docx."
        ),
        "unsupported_type": "Den filtypen stöds inte. Ladda upp en .txt-, .md- eller .docx-fil.",
    }

    def __init__(self, code: str, message: str | None = None) -> None:
        self.code = code
        self.message = message or self.MESSAGES[code]
        super().__init__(self.message)


def read_document(data: bytes, filename: str) -> list[str]:
    """The file's text as lines; raises DocumentError for anything that is not a document."""
    if len(data) > MAX_BYTES:
        raise DocumentError("too_large")
    if not data.strip():
        raise DocumentError("empty")
    suffix = _suffix(filename)
    if data.startswith(b"%PDF-"):
        raise DocumentError(
            "unsupported_type",
            "PDF-filer kan inte läsas in direkt. Kopiera texten till en .txt-fil "
            "eller spara dokumentet som .docx.",
        )
    if suffix in DOCX_SUFFIXES:
        lines = docx_lines(data)
    elif suffix in TEXT_SUFFIXES:
        lines = normalise_newlines(decode_text(data)).split("\n")
    else:
        raise DocumentError("unsupported_type")
    if not any(line.strip() for line in lines):
        raise DocumentError("empty")
    return lines


def read_document_text(data: bytes, filename: str) -> str:
    return "\n".join(read_document(data, filename))


def normalise_newlines(text: str) -> str:
    """\\r\\n, \\r and the other line separators (form feed from PDF tools) become \\n."""
    return _NEWLINES.sub("\n", text)


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM or not) or UTF-16/32 with BOM; anything else is read as Windows-1252."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _reject_binary(data.decode(encoding))
            except UnicodeDecodeError as exc:
                raise DocumentError("binary") from exc
    if b"\x00" in data:
        raise DocumentError("binary")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_legacy(data)
    return _reject_binary(text)


def _decode_legacy(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # Bytes cp1252 leaves undefined (0x81, 0x8d, …): Latin-1 maps every byte.
        return data.decode("latin-1")


def _reject_binary(text: str) -> str:
    if text and len(_CONTROL_CHARS.findall(text)) > MAX_CONTROL_CHAR_SHARE * len(text):
        raise DocumentError("binary")
    return text


def _suffix(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


# --- .docx -------------------------------------------------------------------------------------


def docx_lines(data: bytes) -> list[str]:
    _check_docx_package(data)
    try:
        document = docx.Document(io.BytesIO(data))
        return list(_DocxConverter(document).lines())
    except Exception as exc:
        # python-docx trusts the package it reads: a damaged one fails anywhere inside it
        # (AttributeError, KeyError, IndexError …). To the uploader they all mean the same.
        raise DocumentError("broken_docx") from exc


def _check_docx_package(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise DocumentError("broken_docx") from exc
    if unpacked > MAX_DOCX_UNPACKED_BYTES:
        raise DocumentError("too_large")


class _DocxConverter:
    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self.numbering = self._numbering_element()
        self.counters: dict[int, int] = {}

    def lines(self) -> Iterator[str]:
        previous_was_item = False
        for block in self.document.iter_inner_content():
            if isinstance(block, Table):
                yield from _table_lines(block)
                yield ""
                previous_was_item = False
                continue
            is_item = self._list_level(block) is not None
            if previous_was_item and not is_item:
                yield ""
            yield from self._paragraph_lines(block)
            if not is_item:
                yield ""
                self.counters.clear()
            previous_was_item = is_item

    def _paragraph_lines(self, paragraph: Paragraph) -> Iterator[str]:
        text = paragraph_markdown(paragraph)
        if not text.strip():
            return
        heading = _heading_level(paragraph)
        level = self._list_level(paragraph)
        if heading:
            yield "#" * heading + " " + " ".join(text.split())
        elif level is not None:
            yield "  " * level + self._list_marker(paragraph, level) + " ".join(text.split())
        else:
            yield from (line.strip() for line in text.split("\n") if line.strip())

    def _list_level(self, paragraph: Paragraph) -> int | None:
        num_pr = _num_pr(paragraph)
        style_match = _LIST_STYLE.match(_style_name(paragraph))
        if num_pr is None and not style_match and not _style_is_numbered(paragraph):
            return None
        if num_pr is not None and num_pr.ilvl is not None:
            return int(num_pr.ilvl.val)
        if style_match and style_match.group(1):
            return int(style_match.group(1)) - 1
        # Word indents list levels by half an inch, the first one included.
        indent = paragraph.paragraph_format.left_indent
        return max(0, round(indent / Inches(0.5)) - 1) if indent else 0

    def _list_marker(self, paragraph: Paragraph, level: int) -> str:
        if not self._is_numbered(paragraph, level):
            return "- "
        for deeper in [key for key in self.counters if key > level]:
            del self.counters[deeper]
        self.counters[level] = self.counters.get(level, 0) + 1
        return f"{self.counters[level]}. "

    def _is_numbered(self, paragraph: Paragraph, level: int) -> bool:
        name = _style_name(paragraph).lower()
        if "number" in name or "numrerad" in name:
            return True
        num_pr = _num_pr(paragraph)
        if num_pr is None or num_pr.numId is None or self.numbering is None:
            return False
        return self._number_format(num_pr.numId.val, level) not in (None, "bullet", "none")

    def _number_format(self, num_id: int, level: int) -> str | None:
        abstract = self.numbering.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
        if not abstract:
            return None
        formats = self.numbering.xpath(
            f'./w:abstractNum[@w:abstractNumId="{abstract[0]}"]'
            f'/w:lvl[@w:ilvl="{level}"]/w:numFmt/@w:val'
        )
        return str(formats[0]) if formats else None

    def _numbering_element(self):
        try:
            return self.document.part.numbering_part.element
        except (NotImplementedError, KeyError):
            return None


def _style_name(paragraph: Paragraph) -> str:
    style = paragraph.style
    return (style.name or "") if style is not None else ""


def _heading_level(paragraph: Paragraph) -> int:
    name = _style_name(paragraph)
    if name.lower() in ("title", "rubrik"):
        return 1
    match = _HEADING_STYLE.match(name)
    return min(int(match.group(1)), 6) if match else 0


def _style_is_numbered(paragraph: Paragraph) -> bool:
    """A custom bullet style: the numbering sits on the style (or one it is based on)."""
    style = paragraph.style
    for _depth in range(10):
        if style is None:
            return False
        p_pr = style.element.pPr
        if p_pr is not None and p_pr.numPr is not None:
            return True
        style = style.base_style
    return False


def _num_pr(paragraph: Paragraph):
    p_pr = paragraph._p.pPr
    return p_pr.numPr if p_pr is not None else None


def _table_lines(table: Table) -> Iterator[str]:
    for index, row in enumerate(table.rows):
        cells = [
            " ".join(" ".join(paragraph_markdown(p).split()) for p in cell.paragraphs).strip()
            for cell in row.cells
        ]
        yield "| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |"
        if index == 0:
            yield "|" + "|".join("---" for _ in cells) + "|"


def paragraph_markdown(paragraph: Paragraph) -> str:
    """The paragraph's text with bold and italic runs as Markdown emphasis."""
    pieces: list[tuple[str, bool, bool]] = []
    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            text = item.text
            if item.url and text.strip():
                text = f"[{text}]({item.url})"
            pieces.append((text, False, False))
        else:
            pieces.append((item.text, bool(item.bold), bool(item.italic)))
    return "".join(_emphasise(text, bold, italic) for text, bold, italic in _merge_runs(pieces))


def _merge_runs(pieces: list[tuple[str, bool, bool]]) -> list[tuple[str, bool, bool]]:
    merged: list[tuple[str, bool, bool]] = []
    for text, bold, italic in pieces:
        if merged and merged[-1][1:] == (bold, italic):
            merged[-1] = (merged[-1][0] + text, bold, italic)
        elif text:
            merged.append((text, bold, italic))
    return merged


def _emphasise(text: str, bold: bool, italic: bool) -> str:
    core = text.strip()
    if not core or not (bold or italic):
        return text
    marker = "***" if bold and italic else "**" if bold else "*"
    start = text.index(core[0])
    return f"{text[:start]}{marker}{core}{marker}{text[start + len(core) :]}"


__all__ = [
    "DocumentError",
    "MAX_BYTES",
    "decode_text",
    "docx_lines",
    "normalise_newlines",
    "read_document",
    "read_document_text",
]
