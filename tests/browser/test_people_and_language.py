"""In a real browser: signing up in English stays English through sign-in, registration and
sign-out; a representative who agreed is shown by name, one who did not is not shown at all, and
no page shows a personal address; axe finds nothing and the focus ring stands out on every
page touched, in both languages; a long name does not widen the page at 320 pixels."""

import email
import re
from email.policy import default

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from okportal.models import User
from organisations.models import Organisation, Theme
from tests.helpers import assert_accessible, assert_focus_contrast, assert_no_csp_violations
from tests.organisations.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    RepresentativeFactory,
    UserFactory,
    WorkingGroupFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EMAIL = "karin.lindqvist@privat.example"


def check(page, own: str = ""):
    """What every page touched must pass; no address of anyone but the signed-in person."""
    assert_accessible(page)
    assert_no_csp_violations(page)
    assert assert_focus_contrast(page) > 3
    html = page.content().lower()
    others = User.objects.exclude(email=own).values_list("email", flat=True)
    assert not [email for email in others if email.lower() in html], page.url


def fill_registration(page):
    page.locator("input[name=name]").fill("Föreningen Klarälvens Vänner")
    page.locator("input[name=organisation_number]").fill("802000-1239")
    page.locator("select[name=sector]").select_option("ideburen")
    page.locator("select[name=legal_form]").select_option("ideell-forening")
    page.locator("select[name=level]").select_option("regional")
    page.get_by_label("Karlstad").check()
    page.get_by_label("Public health").check()
    page.locator("input[name=role]").fill("Chair")
    page.locator("input[name=public_consent]").check()
    page.locator("main form button[type=submit]").click()


def test_sign_up_sign_in_register_and_sign_out_in_english(page, live_server, smtp_server):
    page.goto("/en/")
    page.get_by_role("link", name="Create account").click()
    page.wait_for_url("**/en/accounts/signup/")
    check(page)
    page.get_by_label("Your name").fill("Karin Lindqvist")
    page.get_by_label("Email").first.fill(EMAIL)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/en/accounts/confirm-email/")
    expect(page.get_by_role("heading", name="Verify your email address")).to_be_visible()
    check(page, own=EMAIL)

    message = email.message_from_bytes(smtp_server.wait_for(1)[0].content, policy=default)
    body = message.get_content()
    assert message["subject"] == "[ÖK-portalen] Please confirm your email address"
    assert "Karin Lindqvist has given your email address" in body
    link = re.search(r"https?://\S+/en/accounts/confirm-email/\S+/", body).group(0)
    page.goto(link)
    check(page, own=EMAIL)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/en/accounts/login/")
    expect(page.get_by_text(f"You have confirmed {EMAIL}.")).to_be_visible()
    check(page, own=EMAIL)

    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/en/")
    expect(page.get_by_text("You are signed in as Karin Lindqvist.")).to_be_visible()
    expect(page.locator(".account-links").get_by_text("Karin Lindqvist")).to_be_visible()

    page.goto("/en/organisationer/registrera/")
    check(page, own=EMAIL)
    fill_registration(page)
    page.wait_for_url("**/en/organisationer/foreningen-klaralvens-vanner/")
    expect(page.get_by_text("is registered and waits for a coordinator")).to_be_visible()
    check(page, own=EMAIL)
    # back and the same form again: the first registration's success, not "already registered"
    page.go_back()
    fill_registration(page)
    page.wait_for_url("**/en/organisationer/foreningen-klaralvens-vanner/")
    expect(page.get_by_text("is registered and waits for a coordinator")).to_be_visible()
    assert Organisation.objects.count() == 1

    page.goto("/en/mina-uppgifter/")
    check(page, own=EMAIL)
    page.get_by_role("link", name="Sign out").click()
    page.wait_for_url("**/en/accounts/logout/")
    check(page, own=EMAIL)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/en/")
    expect(page.get_by_text("You have signed out.")).to_be_visible()


@pytest.fixture
def shown_and_hidden():
    organisation = OrganisationFactory(
        name="Hela Människan Värmland", slug="hela-manniskan", email="info@hela.example.org"
    )
    RepresentativeFactory(
        organisation=organisation,
        user=UserFactory(name="Karin Lindqvist", email="karin.lindqvist@privat.example"),
        role="Ordförande",
        public_consent_at=timezone.now(),
    )
    hidden = RepresentativeFactory(
        organisation=organisation,
        user=UserFactory(
            name="Olle Nilsson",
            first_name="Olle",
            last_name="Nilsson",
            email="olle.nilsson@privat.example",
        ),  # fmt: skip
        role="Kassör",
    )
    group = WorkingGroupFactory(name="Referensgruppen", slug="referensgruppen")
    MembershipFactory(group=group, organisation=organisation, representative=hidden)
    return organisation, group


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_only_those_who_agreed_are_shown_and_never_an_address(page, shown_and_hidden, prefix):
    organisation, group = shown_and_hidden
    page.goto(f"{prefix}/organisationer/{organisation.slug}/")
    check(page)
    expect(page.get_by_text("Karin Lindqvist, Ordförande")).to_be_visible()
    expect(page.get_by_text("info@hela.example.org").first).to_be_visible()
    assert "Olle" not in page.content() and "Kassör" not in page.content()
    page.goto(f"{prefix}/arbetsgrupper/{group.slug}/")
    check(page)
    assert "Olle" not in page.content()
    expect(page.locator(".member-table").get_by_text("Hela Människan Värmland")).to_be_visible()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_translated_themes_and_swedish_marked_where_english_is_missing(page, prefix):
    organisation = OrganisationFactory(name="Föreningen Tema", slug="tema")
    Theme.objects.create(name="Friluftsliv", slug="friluftsliv")
    organisation.themes.set(Theme.objects.filter(slug__in=["folkhalsa", "friluftsliv"]))
    page.goto(f"{prefix}/organisationer/tema/")
    check(page)
    themes = page.locator("dd", has_text="Friluftsliv")
    if prefix:
        assert themes.inner_html().startswith('Public health, <span lang="sv">Friluftsliv</span>')
    else:
        assert themes.inner_html() == "Folkhälsa, Friluftsliv"


def test_a_long_name_wraps_at_320_pixels_and_the_focus_ring_shows_on_the_phone(page):
    long_name = "Föreningen" + "Klarälvensvänner" * 11
    organisation = OrganisationFactory(name=long_name, slug="lang")
    RepresentativeFactory(
        organisation=organisation,
        user=UserFactory(name="Karin" + "Lindqvist" * 15),
        role="Ordförande" * 10,
        public_consent_at=timezone.now(),
    )
    group = WorkingGroupFactory(name="Gruppen" + "Samverkan" * 15, slug="gruppen")
    MembershipFactory(group=group, organisation=organisation)
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/organisationer/", "/organisationer/lang/", "/en/arbetsgrupper/gruppen/",
                 "/en/arbetsgrupper/"):  # fmt: skip
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    assert assert_focus_contrast(page) > 3


def test_the_focus_check_itself_catches_a_faint_ring(page):
    page.goto("/")
    page.evaluate(
        "document.querySelectorAll('.site-header a')"
        ".forEach((a) => { a.style.outlineColor = '#2a6a55'; })"
    )
    with pytest.raises(AssertionError, match="focus ring"):
        assert_focus_contrast(page)


def test_swedish_pages_of_the_journey_pass_too(page, live_server):
    user = UserFactory(name="Karin Lindqvist")
    for path in ("/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"):
        page.goto(path)
        check(page)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value,
          "url": live_server.url}]
    )  # fmt: skip
    for path in ("/", "/organisationer/registrera/", "/mina-uppgifter/", "/accounts/logout/"):
        page.goto(path)
        check(page, own=user.email)
