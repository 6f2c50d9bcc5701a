"""One Markdown pipeline (okportal/markdown.py) for every app: what people write is rendered and
sanitised once, when it is saved; no script, handler or javascript: link reaches a page."""

import re
from html.parser import HTMLParser

import pytest

from okportal.markdown import BLOCK_TAGS, render_block, render_inline
from tests.agreements.factories import AgendaItemFactory
from tests.dialogues.factories import NoteFactory

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
    "<iframe src=https://evil.example></iframe>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<svg onload=alert(1)>",
]

ALLOWED_TAGS = BLOCK_TAGS
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


def test_block_keeps_lists_emphasis_links_and_tables_with_headings_below_the_page():
    html = render_block(
        "# Rubrik\n\n- **fet**\n- [länk](https://example.org)\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert "<h3>Rubrik</h3>" in html
    assert "<li><strong>fet</strong></li>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">länk</a>' in html
    assert "<td>1</td>" in html
    assert "<h4>Rubrik</h4>" in render_block("## Rubrik", top=4)


def test_autolinks_stay_links():
    assert 'href="https://www.regionvarmland.se/naravard"' in render_block(
        "Se <https://www.regionvarmland.se/naravard>."
    )


@pytest.mark.django_db
def test_html_is_stored_on_save_and_on_bulk_create():
    note = NoteFactory(text="Anteckning **viktig**")
    assert note.text_html == "Anteckning <strong>viktig</strong>"
    note.text = "*ändrad*"
    note.save()
    note.refresh_from_db()
    assert note.text_html == "<em>ändrad</em>"
    item = AgendaItemFactory(minutes="# Punkt\n\n- ett")
    bulk = type(item).objects.bulk_create(
        [type(item)(meeting=item.meeting, number=99, title="x", minutes="*bulk*")]
    )[0]
    assert type(item).objects.get(pk=bulk.pk).minutes_html == "<p><em>bulk</em></p>"
    item.refresh_from_db()
    assert item.minutes_html == "<h4>Punkt</h4>\n<ul>\n<li>ett</li>\n</ul>"


@pytest.mark.django_db
def test_the_minutes_page_carries_no_payload(client):
    from agreements.models import Meeting
    from tests.agreements.test_meetings import held_meeting

    meeting = held_meeting(status=Meeting.Status.PUBLISHED)
    AgendaItemFactory(
        meeting=meeting, title="<script>alert(1)</script>",
        minutes="<img src=x onerror=alert(1)>", links="javascript:alert(1)",
    )  # fmt: skip
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "<img" not in html
    assert 'href="javascript:' not in html
