"""In a real browser: axe on every public page of the app, and the live barometer journey."""

import io

import pytest
from playwright.sync_api import expect

from dialogues import demo
from dialogues.models import BarometerStatement
from tests.helpers import assert_accessible, assert_no_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def day():
    event = demo.load(io.StringIO())
    statement = event.barometer_statements.get(statement=demo.PRACTICE_STATEMENT)
    statement.open()
    return event, statement


def test_list_event_topic_and_barometer_pages_have_no_accessibility_violations(page, day):
    event, statement = day
    topic = event.topics.get(title="Folkhälsa")
    paths = [
        "/dialoger/",
        "/en/dialoger/?year=2015",
        event.get_absolute_url(),
        topic.get_absolute_url(),
        f"/b/{statement.code}/",
        f"/b/{statement.code}/visning/",
        f"{event.get_absolute_url()}kallor/{event.sources.get(is_raw=True).pk}/",
    ]
    for path in paths:
        page.goto(path)
        assert_accessible(page)
        assert_no_csp_violations(page)
        if path.endswith("/visning/"):
            # The short address as a QR code, with the address as its text alternative.
            address = page.url.removesuffix("visning/")
            qr = page.get_by_role("img", name=f"QR-kod till {address}", exact=True)
            expect(qr).to_be_visible()
            assert qr.evaluate("svg => svg.getBoundingClientRect().width") >= 100
    # The answer page in its error state, too.
    page.goto(f"/b/{statement.code}/")
    page.get_by_role("button", name="Svara").click()
    assert page.locator(".invalid-feedback").get_by_text("Välj en plats på skalan.").is_visible()
    summary = page.locator(".error-summary")
    assert summary.evaluate("element => element === document.activeElement")
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "id_value_0"
    assert_accessible(page)


def test_event_topic_and_barometer_pages_read_at_320_pixels(page, day):
    event, statement = day
    page.set_viewport_size({"width": 320, "height": 640})
    urls = (
        event.get_absolute_url(),
        event.topics.get(title="Folkhälsa").get_absolute_url(),
        f"/b/{statement.code}/",
        f"/b/{statement.code}/visning/",
    )
    for url in urls:
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url


def test_the_room_answers_and_the_projector_follows(browser, live_server, day):
    _event, statement = day
    projector = browser.new_context(base_url=live_server.url).new_page()
    projector.goto(f"/b/{statement.code}/visning/")
    agree = projector.locator('[data-point="1"] [data-count]')
    assert agree.text_content() == "0"

    for value_label in ("Håller med", "Håller med"):
        phone = browser.new_context(base_url=live_server.url)
        answer = phone.new_page()
        answer.goto(f"/b/{statement.code}/")
        answer.get_by_label(value_label, exact=True).check()
        answer.get_by_role("button", name="Svara").click()
        assert answer.get_by_text("Tack! Ditt svar är räknat.").is_visible()
        # The same phone cannot answer twice: the form is gone.
        answer.reload()
        assert answer.get_by_role("button", name="Svara").count() == 0
        phone.close()

    # The projector's small script polls the counts; no reload needed.
    expect(agree).to_have_text("2", timeout=15000)
    expect(projector.locator("[data-total]")).to_have_text("2")
    statement.close()
    statement.refresh_from_db()
    assert statement.status == BarometerStatement.Status.CLOSED
    assert statement.result["1"] == 2
    projector.context.close()
