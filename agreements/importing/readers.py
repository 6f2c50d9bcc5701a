"""Turn an uploaded document (bytes and a file name) into text.

Plain text and Markdown are decoded; Word documents (.docx) become Markdown that keeps
headings, list levels, bold, italic and links, so the parsers see the structure.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import PurePath

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run

MAX_BYTES = 10 * 1024 * 1024
# A small .docx can inflate to gigabytes; refuse archives that would.
MAX_UNZIPPED_BYTES = 20 * MAX_BYTES
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
DOCX_SUFFIX = ".docx"

MESSAGES = {
    "empty": "Dokumentet är tomt.",
    "binary": "Filen innehåller binära data och kan inte läsas som text.",
    "too_large": "Filen är för stor. Den får vara högst 10 MB.",
    "broken_docx": (
        "Word-filen kunde inte öppnas. Den kan vara skadad eller inte vara en .docx-fil."
    ),
    "unsupported_type": "Filtypen stöds inte. Ladda upp en .txt-, .md- eller .docx-fil.",
}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_NEWLINES = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_HEADING_STYLE = re.compile(r"^(?:heading|rubrik)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = frozenset({"title", "rubrik"})
_STYLE_LEVEL = re.compile(r"\s(\d)$")


class DocumentError(Exception):
    """A document that cannot be read. `code` is stable; the message is Swedish, for the user."""

    def __init__(self, code: str, message: str | None = None) -> None:
        self.code = code
        self.message = message or MESSAGES.get(code, "Dokumentet kunde inte läsas.")
        super().__init__(self.message)


def read_document(data: bytes, filename: str) -> str:
    """The text of an uploaded .txt, .md or .docx file, with "\n" line endings."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in TEXT_SUFFIXES and suffix != DOCX_SUFFIX:
        raise DocumentError("unsupported_type")
    if len(data) > MAX_BYTES:
        raise DocumentError("too_large")
    if not data:
        raise DocumentError("empty")
    text = read_docx(data) if suffix == DOCX_SUFFIX else decode_text(data)
    text = normalise_newlines(text)
    if not text.strip():
        raise DocumentError("empty")
    return text


def normalise_newlines(text: str) -> str:
    return _NEWLINES.sub("\n", text).removeprefix("\ufeff")


def decode_text(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            if "\x00" in text:
                raise DocumentError("binary")
            return text
    if b"\x00" in data:
        raise DocumentError("binary")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Five byte values are undefined in cp1252; a replacement character beats refusing.
        return data.decode("cp1252", errors="replace")


def read_docx(data: bytes) -> str:
    _check_archive(data)
    try:
        document = docx.Document(io.BytesIO(data))
        return _DocxConverter(document).markdown()
    # python-docx raises a wide range of errors on damaged files (zip, XML, missing parts,
    # wrong content type); to the user they all mean the same thing.
    except Exception as exc:
        raise DocumentError("broken_docx") from exc


def _check_archive(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise DocumentError("broken_docx") from exc
    if unzipped > MAX_UNZIPPED_BYTES:
        raise DocumentError("too_large")


class _DocxConverter:
    """Word document to Markdown: headings, paragraphs, lists with levels, tables as rows."""

    def __init__(self, document) -> None:
        self.document = document
        self.numbering = _Numbering(document)

    def markdown(self) -> str:
        out: list[str] = []
        previous_was_list = False
        for block in self.document.iter_inner_content():
            if isinstance(block, Table):
                chunks, is_list = list(_table_rows(block)), False
            else:
                chunk, is_list = self._paragraph(block)
                chunks = [chunk] if chunk else []
            for chunk in chunks:
                if out:
                    out.append("\n" if is_list and previous_was_list else "\n\n")
                out.append(chunk)
                previous_was_list = is_list
        return "".join(out) + "\n"

    def _paragraph(self, paragraph: Paragraph) -> tuple[str, bool]:
        text = inline_markdown(paragraph).strip()
        if not text:
            return "", False
        style = paragraph.style.name if paragraph.style is not None else ""
        marker = self.numbering.marker(paragraph, style)
        heading = _heading_level(style)
        if heading:
            number = marker[0] + " " if marker and marker[0] != "-" else ""
            return "#" * heading + " " + number + " ".join(text.split()), False
        if marker is None:
            return text, False
        prefix, level = marker
        indent = "    " * level
        continuation = "\n" + indent + " " * (len(prefix) + 1)
        return indent + prefix + " " + text.replace("\n", continuation), True


def _heading_level(style: str) -> int:
    """Markdown level: the document title is "#", Word's "Heading 1" is "##" and so on."""
    if style.strip().lower() in _TITLE_STYLES:
        return 1
    match = _HEADING_STYLE.match(style.strip())
    return min(int(match.group(1)) + 1, 6) if match else 0


def _table_rows(table: Table) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # merged cells are repeated by python-docx
                continue
            seen.add(id(cell._tc))
            text = " ".join(inline_markdown(p).strip() for p in cell.paragraphs).strip()
            if text:
                cells.append(" ".join(text.split()))
        if cells:
            yield " | ".join(cells)


def inline_markdown(paragraph: Paragraph) -> str:
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
        else:
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


class _Numbering:
    """Which paragraphs are list items, at which level, bulleted or numbered (and which number)."""

    def __init__(self, document) -> None:
        self.formats: dict[tuple[str, int], tuple[str, int]] = {}
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

    def marker(self, paragraph: Paragraph, style: str) -> tuple[str, int] | None:
        num_id, level = _numbering_of(paragraph)
        # "List Bullet 2" and its kind put the level in the style name, not in the numbering.
        style_level = _STYLE_LEVEL.search(style)
        extra = int(style_level.group(1)) - 1 if style_level and "list" in style.lower() else 0
        if num_id is None or num_id == "0":
            return _style_marker(style, level + extra)
        fmt, start = self.formats.get((num_id, level), ("bullet", 1))
        if fmt in {"bullet", "none"}:
            return "-", level + extra
        return f"{self._next(num_id, level, start)}.", level + extra

    def _next(self, num_id: str, level: int, start: int) -> int:
        counts = self.counters.setdefault(num_id, [])
        counts.extend([None] * (level + 1 - len(counts)))
        current = counts[level]
        counts[level] = start if current is None else current + 1
        del counts[level + 1 :]
        return counts[level]


def _numbering_of(paragraph: Paragraph) -> tuple[str | None, int]:
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
    return num_id, level or 0


def _style_marker(style: str, level: int) -> tuple[str, int] | None:
    lowered = style.lower()
    if "bullet" in lowered or "punkt" in lowered:
        return "-", level
    if "list number" in lowered or "numrer" in lowered:
        return "1.", level
    return None


def _child_val(node, tag: str) -> str | None:
    child = node.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else None


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
