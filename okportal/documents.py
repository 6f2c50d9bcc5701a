"""Read an uploaded document (bytes and a file name) as text, for the importers of every app.

Plain text and Markdown are decoded — UTF-8 with or without a BOM, UTF-16/32 with a BOM, anything
else as Windows-1252 — and every kind of line ending becomes "\\n". Word documents (.docx) become
Markdown that keeps what the parsers read structure from:

* headings as `#`: the Title style is `#`, and Word's "Heading N" is N `#` — one more when the
  document has a title, so that a single `#` above everything names the document;
* list paragraphs (numbered in Word, in a list style or a style based on one) as `- ` or `1. `
  items, four spaces of indentation a level, with Word's own numbers;
* bold and italic runs as `**…**` and `*…*`, links as `[text](url)`;
* tables as a Markdown table, or as one paragraph per row (`tables="rows"`, see read_document).

Anything that is not such a document raises DocumentError: its `code` is stable, its message is
translated for the person who uploaded the file.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from collections.abc import Iterator
from typing import Literal

import docx
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Inches
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run

MAX_BYTES = 10 * 1024 * 1024
# A small .docx can unpack to a huge XML file; refuse it before python-docx reads it. The
# limits hold for the bytes really unpacked, whatever sizes the package declares.
MAX_DOCX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_DOCX_XML_BYTES = 25 * 1024 * 1024
MAX_DOCX_XML_ELEMENTS = 500_000
MAX_DOCX_PARTS = 1000
_CHUNK = 64 * 1024
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
DOCX_SUFFIX = ".docx"
MAX_CONTROL_CHAR_SHARE = 0.05
LIST_INDENT = "    "

TableLayout = Literal["markdown", "rows"]


def _too_large_message() -> str:
    return gettext("The file is too large. It may be at most %(mb)s MB.") % {
        "mb": MAX_BYTES // (1024 * 1024)
    }


MESSAGES = {
    "empty": gettext_lazy("The document is empty."),
    "binary": gettext_lazy(
        "The file does not look like a text file. Upload a .txt, .md or .docx file."
    ),
    "too_large": lazy(_too_large_message, str)(),
    "broken_docx": gettext_lazy(
        "The Word file could not be read and may be damaged. "
        "Open it in Word and save it again as .docx."
    ),
    "unsupported_type": gettext_lazy(
        "This type of file is not supported. Upload a .txt, .md or .docx file."
    ),
    "too_slow": gettext_lazy(
        "Reading the document took too long and was stopped. Split it into smaller files."
    ),
}
PDF_MESSAGE = gettext_lazy(
    "This type of file is not supported: PDF files cannot be read directly. "
    "Copy the text into a .txt file or save the document as .docx."
)
UNREADABLE_MESSAGE = gettext_lazy("The document could not be read.")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Windows-1252 leaves five bytes undefined; read those as Latin-1 rather than refuse the file.
_CP1252_UNDEFINED = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})
_CP1252_HIGH = {
    byte: bytes([byte]).decode("cp1252")
    for byte in range(0x80, 0xA0)
    if byte not in _CP1252_UNDEFINED
}
_NEWLINES = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_HEADING_STYLE = re.compile(r"^(?:heading|rubrik)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = frozenset({"title", "rubrik"})
_LIST_STYLE = re.compile(
    r"^(?:list(?: bullet| number| paragraph| continue)?|punktlista|numrerad lista|liststycke)"
    r"(?:\s*(\d))?$",
    re.IGNORECASE,
)
_STYLE_LEVEL = re.compile(r"\s(\d)$")


class DocumentError(Exception):
    """A file the importers cannot read.

    The one error class of both importers, from reading the file to saving what was read.
    `code` is stable ("empty", "binary", "too_large", "broken_docx", "unsupported_type", or an
    importer's own such as "no_date", "no_items", "event_exists"); `message` — also what str()
    gives — is translated for the person who uploaded the file; `field` names the form field the
    message belongs next to, if any.
    """

    def __init__(self, code: str, message: str | None = None, field: str | None = None) -> None:
        self.code = code
        self.message = message if message is not None else MESSAGES.get(code, UNREADABLE_MESSAGE)
        self.field = field
        super().__init__(code)

    def __str__(self) -> str:
        return str(self.message)


def read_document(data: bytes, filename: str, *, tables: TableLayout = "markdown") -> str:
    """The text of an uploaded .txt, .md or .docx file, with "\\n" line endings.

    `tables` says how a .docx table comes out. "markdown": a Markdown table, one line a row
    between pipes, empty cells kept (the dialogue parser reads a topic grid's rows and columns
    from it). "rows": a paragraph a row, its non-empty cells joined by " | " (the minutes parser
    reads "Datum | 2021-05-06" as a labelled fact).
    """
    suffix = check_upload(data, filename)
    text = read_docx(data, tables=tables) if suffix == DOCX_SUFFIX else decode_text(data)
    text = normalise_newlines(text)
    if not text.strip():
        raise DocumentError("empty")
    return text


def check_upload(data: bytes, filename: str) -> str:
    """The quick checks, before anything is decoded: size, type, emptiness, a Word file's zip
    signature. Returns the file's suffix; DocumentError (its `field` "file") if it fails one."""
    if len(data) > MAX_BYTES:
        raise DocumentError("too_large", field="file")
    suffix = _suffix(filename)
    if data.startswith(b"%PDF-") or suffix == ".pdf":
        raise DocumentError("unsupported_type", PDF_MESSAGE, field="file")
    if suffix not in TEXT_SUFFIXES and suffix != DOCX_SUFFIX:
        raise DocumentError("unsupported_type", field="file")
    if not data.strip():
        raise DocumentError("empty", field="file")
    if suffix == DOCX_SUFFIX:
        try:  # the central directory only: nothing is unpacked here
            zipfile.ZipFile(io.BytesIO(data)).close()
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            raise DocumentError("broken_docx", field="file") from exc
    return suffix


def normalise_newlines(text: str) -> str:
    """\\r\\n, \\r and the other line separators (form feed from PDF tools) become \\n."""
    return _NEWLINES.sub("\n", text).removeprefix("\ufeff")


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM or not) or UTF-16/32 with a BOM; anything else is read as Windows-1252."""
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
        text = data.decode("latin-1").translate(_CP1252_HIGH)
    return _reject_binary(text)


def _reject_binary(text: str) -> str:
    if text and len(_CONTROL_CHARS.findall(text)) > MAX_CONTROL_CHAR_SHARE * len(text):
        raise DocumentError("binary")
    return text


def _suffix(filename: str | None) -> str:
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


# --- .docx -------------------------------------------------------------------------------------


def read_docx(data: bytes, *, tables: TableLayout = "markdown") -> str:
    """A Word document as Markdown (see the module's docstring); DocumentError if it is not one."""
    _check_package(data)
    try:
        document = docx.Document(io.BytesIO(data))
        return _DocxConverter(document, tables).markdown()
    # python-docx trusts the package it reads: a damaged one fails anywhere inside it
    # (zip, XML, missing parts, wrong content type …). To the uploader they all mean the same.
    except Exception as exc:
        raise DocumentError("broken_docx") from exc


def _check_package(data: bytes) -> None:
    """Refuse a zip bomb before python-docx (which trusts the package) reads it.

    Every part is decompressed as a stream and its real bytes are counted — the sizes a package
    declares may lie — stopping at the limits; the XML parts' elements are counted with a
    streaming parser that resolves no entities. A part whose bytes do not match its checksum
    is a damaged file.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
            if len(members) > MAX_DOCX_PARTS:
                raise DocumentError("too_large")
            total = 0
            for info in members:
                total += _check_part(package, info, MAX_DOCX_UNPACKED_BYTES - total)
    except DocumentError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise DocumentError("broken_docx") from exc
    except NotImplementedError as exc:  # a compression method zipfile does not know
        raise DocumentError("broken_docx") from exc


def _check_part(package: zipfile.ZipFile, info: zipfile.ZipInfo, allowance: int) -> int:
    """The real unpacked size of one part; DocumentError("too_large") past a limit."""
    is_xml = info.filename.endswith((".xml", ".rels"))
    limit = min(allowance, MAX_DOCX_XML_BYTES if is_xml else allowance)
    counter = _CountingReader(package.open(info), limit)
    elements = 0
    while chunk := counter.read(_CHUNK):
        if is_xml:
            # Every element opens with "<" not followed by "/" (a closing tag); a count that
            # runs in C. Comments and declarations count too, which only errs on the safe side.
            elements += chunk.count(b"<") - chunk.count(b"</")
            if elements > MAX_DOCX_XML_ELEMENTS:
                raise DocumentError("too_large")
    return counter.count


class _CountingReader:
    """Reads a zip member in chunks and counts the bytes it really gives."""

    def __init__(self, stream, limit: int) -> None:
        self.stream = stream
        self.limit = limit
        self.count = 0

    def read(self, size: int) -> bytes:
        chunk = self.stream.read(size)
        self.count += len(chunk)
        if self.count > self.limit:
            raise DocumentError("too_large")
        return chunk


class _DocxConverter:
    def __init__(self, document, tables: TableLayout) -> None:
        self.document = document
        self.tables = tables
        self.lists = _Lists(document)
        # Under a title, Word's "Heading 1" is a second-level heading.
        self.heading_shift = int(
            any(_style_name(p).strip().lower() in _TITLE_STYLES for p in document.paragraphs)
        )

    def markdown(self) -> str:
        out: list[str] = []
        previous_was_item = False
        for block in self.document.iter_inner_content():
            if isinstance(block, Table):
                chunks, is_item = self._table(block), False
            else:
                chunk, is_item = self._paragraph(block)
                chunks = [chunk] if chunk else []
            for chunk in chunks:
                if out:
                    out.append("\n" if is_item and previous_was_item else "\n\n")
                out.append(chunk)
                previous_was_item = is_item
        return "".join(out) + "\n"

    def _paragraph(self, paragraph: Paragraph) -> tuple[str, bool]:
        """The paragraph as Markdown, and whether it is a list item."""
        text = inline_markdown(paragraph).strip()
        if not text:
            return "", False
        style = _style_name(paragraph)
        item = self.lists.item(paragraph, style)
        heading = self._heading_level(style)
        if heading:
            number = item[0] + " " if item and item[0] != "-" else ""
            return "#" * heading + " " + number + " ".join(text.split()), False
        if item is not None:
            marker, level = item
            return f"{LIST_INDENT * level}{marker} {' '.join(text.split())}", True
        lines = (line.strip() for line in text.split("\n"))
        return "\n".join(line for line in lines if line), False

    def _heading_level(self, style: str) -> int:
        if style.strip().lower() in _TITLE_STYLES:
            return 1
        match = _HEADING_STYLE.match(style.strip())
        return min(int(match.group(1)) + self.heading_shift, 6) if match else 0

    def _table(self, table: Table) -> list[str]:
        if self.tables == "rows":
            return list(_table_rows(table))
        return ["\n".join(_markdown_table(table))]


def _markdown_table(table: Table) -> Iterator[str]:
    for index, row in enumerate(table.rows):
        cells = [_cell_text(cell).replace("|", "/") for cell in row.cells]
        yield "| " + " | ".join(cells) + " |"
        if index == 0:
            yield "|" + "|".join("---" for _ in cells) + "|"


def _table_rows(table: Table) -> Iterator[str]:
    """A row a line. A table whose first row names three columns or more keeps its empty cells
    (an attendance table's X is read by its column); a table of labels and values does not."""
    first = [_cell_text(cell) for cell in table.rows[0].cells] if len(table.rows) else []
    keep_empty = len(first) >= 3 and all(first)
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # python-docx repeats a merged cell
                continue
            seen.add(id(cell._tc))
            cells.append(_cell_text(cell))
        if any(cells):
            kept = cells if keep_empty else [cell for cell in cells if cell]
            yield " | ".join(kept).strip()


def _cell_text(cell) -> str:
    return " ".join(" ".join(inline_markdown(p).split()) for p in cell.paragraphs).strip()


def _style_name(paragraph: Paragraph) -> str:
    style = paragraph.style
    return (style.name or "") if style is not None else ""


# --- runs --------------------------------------------------------------------------------------


def inline_markdown(paragraph: Paragraph) -> str:
    """The paragraph's text with bold and italic runs as Markdown emphasis, links as links."""
    segments: list[tuple[str, bool, bool]] = []
    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            segments.append((_hyperlink_markdown(item), False, False))
        elif isinstance(item, Run):
            segments.append((item.text, _is_bold(item), _is_italic(item)))
    return "".join(_emphasise(text, bold, italic) for text, bold, italic in _merge(segments))


def _merge(segments: list[tuple[str, bool, bool]]) -> list[tuple[str, bool, bool]]:
    merged: list[tuple[str, bool, bool]] = []
    for text, bold, italic in segments:
        if merged and merged[-1][1:] == (bold, italic):
            merged[-1] = (merged[-1][0] + text, bold, italic)
        elif text:
            merged.append((text, bold, italic))
    return merged


def _is_bold(run: Run) -> bool:
    style = run.style.name if run.style is not None else ""
    return bool(run.bold) or style in {"Strong", "Stark"}


def _is_italic(run: Run) -> bool:
    style = run.style.name if run.style is not None else ""
    return bool(run.italic) or style in {"Emphasis", "Betoning"}


def _emphasise(text: str, bold: bool, italic: bool) -> str:
    marker = ("**" if bold else "") + ("*" if italic else "")
    if not marker:
        return text
    return "\n".join(_wrap(line, marker) for line in text.split("\n"))


def _wrap(text: str, marker: str) -> str:
    core = text.strip()
    if not core:
        return text
    # Markdown emphasis may not start or end with a space, so keep spaces outside it.
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{marker}{core}{marker}{trail}"


def _hyperlink_markdown(hyperlink: Hyperlink) -> str:
    text = hyperlink.text
    url = hyperlink.url
    if not url:
        return text
    if not text.strip() or text.strip() == url:
        return f"<{url}>"
    return f"[{text.strip()}]({url})"


# --- lists -------------------------------------------------------------------------------------


class _Lists:
    """Which paragraphs are list items, at which level, bulleted or numbered (and which number)."""

    def __init__(self, document) -> None:
        self.formats: dict[tuple[str, int], tuple[str, int]] = {}  # (numId, level): format, start
        self.counters: dict[str, list[int | None]] = {}
        try:
            part = document.part.part_related_by(RT.NUMBERING)
        except KeyError:
            return
        self._read_definitions(part.element)

    def _read_definitions(self, root) -> None:
        abstract: dict[str, dict[int, tuple[str, int]]] = {}
        for node in root.findall(qn("w:abstractNum")):
            levels = abstract.setdefault(node.get(qn("w:abstractNumId")), {})
            for lvl in node.findall(qn("w:lvl")):
                levels[_int(lvl.get(qn("w:ilvl")))] = (
                    _child_val(lvl, "w:numFmt") or "decimal",
                    _int(_child_val(lvl, "w:start"), 1),
                )
        for num in root.findall(qn("w:num")):
            abstract_id = _child_val(num, "w:abstractNumId")
            for level, fmt in abstract.get(abstract_id, {}).items():
                self.formats[(num.get(qn("w:numId")), level)] = fmt

    def item(self, paragraph: Paragraph, style: str) -> tuple[str, int] | None:
        """The marker ("-" or "3.") and level of a list item; None for any other paragraph."""
        num_id, ilvl = _numbering_of(paragraph)
        if num_id == "0":  # numbering switched off on the paragraph
            num_id = None
        list_style = _LIST_STYLE.match(style.strip())
        bullet_style = any(word in style.lower() for word in ("bullet", "punkt"))
        if num_id is None and not (list_style or bullet_style or _numbered_style(style)):
            return None
        # "List Bullet 2" and its kind put the level in the style name, not in the numbering.
        digit = _STYLE_LEVEL.search(style.strip())
        style_level = int(digit.group(1)) - 1 if digit and (list_style or bullet_style) else None
        if ilvl is None and style_level is None:
            level = _indent_level(paragraph)
        else:
            level = (ilvl or 0) + (style_level or 0)
        fmt = self.formats.get((num_id, ilvl or 0)) if num_id else None
        numbered = fmt[0] not in {"bullet", "none"} if fmt else _numbered_style(style)
        if not numbered:
            return "-", level
        key = num_id or f"style:{style}"
        return f"{self._next(key, ilvl or 0, fmt[1] if fmt else 1)}.", level

    def _next(self, key: str, level: int, start: int) -> int:
        counts = self.counters.setdefault(key, [])
        counts.extend([None] * (level + 1 - len(counts)))
        current = counts[level]
        counts[level] = start if current is None else current + 1
        del counts[level + 1 :]
        return counts[level]


def _numbering_of(paragraph: Paragraph) -> tuple[str | None, int | None]:
    """The numId and level of the paragraph, else of its style or the styles that is based on."""
    num_id: str | None = None
    level: int | None = None
    sources = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None and len(sources) < 10:
        sources.append(style.element.pPr)
        style = style.base_style
    for ppr in sources:
        numpr = ppr.numPr if ppr is not None else None
        if numpr is None:
            continue
        if num_id is None and numpr.numId is not None:
            num_id = str(numpr.numId.val)
        if level is None and numpr.ilvl is not None:
            level = int(numpr.ilvl.val)
    return num_id, level


def _numbered_style(style: str) -> bool:
    lowered = style.lower()
    return "list number" in lowered or "numrer" in lowered


def _indent_level(paragraph: Paragraph) -> int:
    """Word indents list levels by half an inch, the first one included."""
    indent = paragraph.paragraph_format.left_indent
    return max(0, round(indent / Inches(0.5)) - 1) if indent else 0


def _child_val(node, tag: str) -> str | None:
    child = node.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else None


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


__all__ = [
    "MAX_BYTES",
    "DocumentError",
    "decode_text",
    "normalise_newlines",
    "read_document",
    "read_docx",
]
