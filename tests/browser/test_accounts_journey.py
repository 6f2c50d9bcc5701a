import re

import pytest

from tests.helpers import assert_accessible, assert_no_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "path",
    ["/", "/en/", "/accounts/login/", "/accounts/signup/", "/tillganglighet/", "/integritet/"],
)
def test_page_has_no_accessibility_violations_and_keeps_the_policy(page, path):
    page.goto(path)
    assert_accessible(page)
    assert_no_csp_violations(page)


def test_signup_form_in_its_error_state_is_accessible(page):
    page.goto("/accounts/signup/")
    page.get_by_label("E-post").fill("inte-en-adress")
    page.locator("input[name=password1]").fill("abc")
    page.locator("input[name=password2]").fill("abd")
    page.locator("main form button[type=submit]").click()
    assert page.locator("input[name=email]").input_value() == "inte-en-adress"
    assert_accessible(page)


def test_start_page_reads_at_320_pixels_without_sideways_scrolling(page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_skip_link_is_the_first_stop_and_leads_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Hoppa till innehållet"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_sign_up_verify_log_in_log_out(page, smtp_server):
    page.goto("/accounts/signup/")
    page.get_by_label("E-post").fill("karin@example.org")
    page.locator("input[name=password1]").fill("Klarälven-1917")
    page.locator("input[name=password2]").fill("Klarälven-1917")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/confirm-email/")

    message = smtp_server.wait_for(1)[0]
    assert message.rcpt_tos == ["karin@example.org"]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.content.decode())
    page.goto(link.group(0))
    page.locator("main form button[type=submit]").click()

    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill("karin@example.org")
    page.locator("input[name=password]").fill("Klarälven-1917")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("/")
    assert page.get_by_text("karin@example.org").is_visible()

    page.get_by_role("link", name="Logga ut").click()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("/")
    assert page.get_by_role("link", name="Logga in").is_visible()


def test_the_accessibility_check_itself_catches_a_violation(page):
    page.goto("/")
    page.evaluate("document.querySelector('main').innerHTML += '<img src=\"x.png\">'")
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
