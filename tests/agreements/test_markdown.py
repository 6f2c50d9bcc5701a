import pytest

from agreements.markdown import render_markdown

XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[klicka](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=https://evil.example></iframe>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<svg onload=alert(1)>",
    '<a href="https://example.org" onclick="alert(1)">x</a>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
]


@pytest.mark.parametrize("payload", XSS)
def test_markdown_is_sanitised(payload):
    html = str(render_markdown(payload)).lower()
    for danger in ("<script", "onerror", "javascript:", "<iframe", "style=", "<svg", "onclick",
                   "data:text"):  # fmt: skip
        assert danger not in html


def test_markdown_keeps_lists_emphasis_and_links():
    html = str(render_markdown("# Rubrik\n\n- **fet**\n- [länk](https://example.org)"))
    assert "<h3>Rubrik</h3>" in html
    assert "<li><strong>fet</strong></li>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">länk</a>' in html


def test_xss_in_minutes_does_not_reach_the_public_page(client, db):
    from agreements.models import Meeting

    from .factories import AgendaItemFactory
    from .test_meetings import held_meeting

    meeting = held_meeting(status=Meeting.Status.PUBLISHED)
    AgendaItemFactory(
        meeting=meeting, title="<script>alert(1)</script>",
        minutes="<img src=x onerror=alert(1)>", links="javascript:alert(1)",
    )  # fmt: skip
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "onerror" not in html
    assert 'href="javascript:' not in html
