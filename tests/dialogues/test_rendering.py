"""Notes are Markdown, sanitised by nh3: no script, handler or javascript: link reaches a page."""

import re
from html.parser import HTMLParser

import pytest

from dialogues.rendering import render_block, render_inline

from .factories import NoteFactory

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "[klick](javascript:alert(1))",
    "[klick](JaVaScRiPt:alert(1))",
    "[klick](  javascript:alert(1))",
    "[klick](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[klick](vbscript:msgbox(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
    '<i onmouseover="alert(1)">x</i>',
    "<b style=\"background:url('javascript:alert(1)')\">x</b>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    "<details open ontoggle=alert(1)>",
    '<input autofocus onfocus="alert(1)">',
    "![x](javascript:alert(1))",
    '![x](https://ok.example/x.png" onerror="alert(1))',
    "<object data=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "[a](&#106;avascript:alert(1))",
    "<a href='&#x6A;avascript:alert(1)'>x</a>",
    "`<script>alert(1)</script>`",
]

ALLOWED_TAGS = {"em", "strong", "i", "b", "u", "s", "code", "a", "br", "sub", "sup", "mark",
                "p", "ul", "ol", "li", "blockquote", "h3", "h4", "h5", "h6", "hr"}  # fmt: skip
SAFE_SCHEMES = ("http://", "https://", "mailto:")


class _Markup(HTMLParser):
    """Every element and attribute in the HTML: escaped text is text, not markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "src", "srcdoc", "action"):
                self.problems.append(f"{tag}[{name}]")
            if name == "href" and not (value or "").strip().lower().startswith(SAFE_SCHEMES):
                self.problems.append(f"{tag}[href={value}]")


def _assert_safe(html):
    parser = _Markup()
    parser.feed(html)
    parser.close()
    assert parser.problems == [], html


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_inline_rendering_neutralises(payload):
    _assert_safe(render_inline(payload))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_block_rendering_neutralises(payload):
    _assert_safe(render_block(f"Sammanfattning\n\n{payload}\n\n- {payload}"))


@pytest.mark.django_db
def test_the_topic_page_carries_no_payload(client):
    first = NoteFactory(text=XSS_PAYLOADS[0])
    for payload in XSS_PAYLOADS[1:]:
        NoteFactory(topic=first.topic, text=payload)
    html = client.get(first.topic.get_absolute_url()).content.decode()
    notes = re.findall(r'<span class="note-text">(.*?)</span> <a class="note-link"', html, re.S)
    assert len(notes) == len(XSS_PAYLOADS)
    for note in notes:
        _assert_safe(note)
    assert "<script" not in html.lower()


def test_emphasis_and_links_are_kept():
    assert render_inline("en **TYDLIGHET** och <i>kursiv</i>") == (
        "en <strong>TYDLIGHET</strong> och <i>kursiv</i>"
    )
    assert render_inline("*IOP*") == "<em>IOP</em>"
    assert 'href="https://www.liv.se/bidrag"' in render_inline(
        "[bidrag](https://www.liv.se/bidrag)"
    )


def test_a_note_that_looks_like_a_list_or_heading_stays_as_written():
    assert render_inline("1. Anställd") == "1. Anställd"
    assert render_inline("- punkt") == "- punkt"
    assert render_inline("# inte en rubrik") == "# inte en rubrik"
    assert render_inline("Företag ställer upp —————> bra reklam") == (
        "Företag ställer upp —————&gt; bra reklam"
    )


def test_text_that_looks_like_html_is_shown_not_dropped():
    assert "&lt;script&gt;" in render_inline("<script>x</script>")
