"""A .docx cannot tie up or flood the server: zip bombs, XML with too many elements and parts
that lie about their size are refused quickly, in bounded memory. The files are built here."""

import io
import struct
import time
import tracemalloc
import zipfile

import pytest

from okportal.documents import DocumentError, read_document
from tests.okportal.word_documents import open_space_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def with_document_xml(xml: bytes) -> bytes:
    """A real Word file whose word/document.xml is replaced by `xml`."""
    source = zipfile.ZipFile(io.BytesIO(open_space_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            data = xml if info.filename == "word/document.xml" else source.read(info)
            package.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def bomb(size: int) -> bytes:
    head = f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>'.encode()
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    return with_document_xml(head + b"a" * size + tail)


def refused_quickly(data: bytes) -> tuple[DocumentError, float, int]:
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(DocumentError) as error:
        read_document(data, "bomb.docx")
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return error.value, seconds, peak


def test_a_zip_bomb_is_refused_while_unpacking():
    data = bomb(95 * 1024 * 1024)  # document.xml of 95 MB, as in the probe
    assert len(data) < 300 * 1024
    error, seconds, peak = refused_quickly(data)
    assert error.code == "too_large"
    assert seconds < 10
    assert peak < 64 * 1024 * 1024  # streamed: never the whole part in memory


def test_xml_with_too_many_elements_is_refused():
    body = b"<w:p/>" * 600_000  # 3.6 MB, under the byte limit, over the element limit
    data = with_document_xml(
        f'<w:document xmlns:w="{W}"><w:body>'.encode() + body + b"</w:body></w:document>"
    )
    error, seconds, _peak = refused_quickly(data)
    assert error.code == "too_large"
    assert seconds < 10


def _declare_size(data: bytes, name: bytes, size: int) -> bytes:
    """Rewrite the uncompressed size the package declares for `name` (local and central)."""
    data = bytearray(data)
    local = data.find(b"PK\x03\x04" + data[4:4])  # first local header
    while local != -1:
        name_length = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + name_length] == name:
            struct.pack_into("<I", data, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_length] == name:
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


@pytest.mark.parametrize("declared", [1000, 0xFFFFFFFE])
def test_a_part_that_lies_about_its_size_is_refused_in_bounded_memory(declared):
    data = _declare_size(bomb(60 * 1024 * 1024), b"word/document.xml", declared)
    error, seconds, peak = refused_quickly(data)
    assert error.code in {"too_large", "broken_docx"}
    assert seconds < 10
    assert peak < 64 * 1024 * 1024


def test_a_normal_word_file_still_reads():
    assert "Folkhälsa" in read_document(open_space_docx(), "ok.docx")
