"""The journey of the issue in a real browser, with a real Celery worker sending the e-mail,
and axe on the app's public pages and forms."""

import email
import email.policy
import re
import time

import pytest
from django.test import Client

from okportal.models import OutgoingMail
from organisations.models import Membership, Municipality, Organisation, Theme
from tests.helpers import assert_accessible, assert_no_csp_violations

from .factories import (
    PASSWORD,
    CoordinatorFactory,
    MembershipFactory,
    OrganisationFactory,
    RepresentativeFactory,
    UserFactory,
    WorkingGroupFactory,
)

pytestmark = [
    pytest.mark.browser,
    # the municipalities and themes are data from a migration: restore them after each flush
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(page, live_server, user):
    """Give the browser the session of a signed-in user."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def readable(envelope) -> str:
    """Subject and text part of a message, decoded."""
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    return message["subject"] + "\n" + message.get_body(("plain",)).get_content()


def wait_for_mail(smtp_server, recipient: str, subject_part: str, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for envelope in list(smtp_server.messages):
            content = readable(envelope)
            if recipient in envelope.rcpt_tos and subject_part in content:
                return content
        time.sleep(0.2)
    raise AssertionError(f"no mail to {recipient} about {subject_part!r}")


def test_sign_up_register_approve_join_and_appear_on_the_group_page(
    page, live_server, smtp_server, celery_worker_process
):
    CoordinatorFactory(email="samordnare@example.org", password=PASSWORD)
    group = WorkingGroupFactory(name="Referensgruppen för överenskommelsen", slug="referensgruppen")

    # sign up and verify the address (allauth answers the person directly)
    page.goto("/accounts/signup/")
    page.get_by_label("E-post").fill("karin@example.org")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/confirm-email/")
    link = re.search(
        r"https?://\S+/accounts/confirm-email/\S+/", smtp_server.wait_for(1)[0].content.decode()
    )
    page.goto(link.group(0))
    page.locator("main form button[type=submit]").click()
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill("karin@example.org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("/")

    # register the organisation: a mistake first, then put right
    page.goto("/organisationer/registrera/")
    page.get_by_label("Namn:", exact=True).fill("Föreningen Vänerns Vänner")
    page.get_by_label("Organisationsnummer").fill("802000-1234")
    page.get_by_label("Sektor").select_option("ideburen")
    page.get_by_label("Organisationsform").select_option("ideell-forening")
    page.get_by_label("Nivå").select_option("regional")
    page.get_by_label("Karlstad").check()
    page.get_by_label("Folkhälsa").check()
    page.get_by_label("Beskrivning").fill("Vi städar stränderna kring Vänern.")
    page.get_by_role("button", name="Registrera").click()
    assert page.get_by_text("Kontrollsiffran stämmer inte").is_visible()
    assert page.get_by_label("Beskrivning").input_value() == "Vi städar stränderna kring Vänern."
    page.get_by_label("Organisationsnummer").fill("802000-1239")
    page.get_by_role("button", name="Registrera").click()
    page.wait_for_url("**/organisationer/foreningen-vanerns-vanner/")
    assert page.get_by_text("väntar på godkännande").first.is_visible()
    wait_for_mail(smtp_server, "samordnare@example.org", "Ny organisation")

    # a coordinator approves it in the admin
    coordinator_page = page.context.browser.new_context(base_url=live_server.url).new_page()
    coordinator_page.goto("/admin/login/")
    coordinator_page.locator("input[name=username]").fill("samordnare@example.org")
    coordinator_page.locator("input[name=password]").fill(PASSWORD)
    coordinator_page.locator("input[type=submit]").click()
    coordinator_page.goto("/admin/organisations/pendingorganisation/")
    coordinator_page.get_by_role("link", name="Föreningen Vänerns Vänner").click()
    coordinator_page.get_by_role("button", name="Godkänn").click()
    coordinator_page.wait_for_url("**/admin/organisations/pendingorganisation/")
    wait_for_mail(smtp_server, "karin@example.org", "Goda nyheter")

    # the representative asks to join the group
    page.goto("/arbetsgrupper/referensgruppen/")
    page.get_by_label("Varför vill er organisation vara med?").fill("Vi vill bidra med folkhälsa.")
    page.get_by_role("button", name="Ansök om att gå med").click()
    assert page.get_by_text("Din ansökan är skickad").is_visible()
    wait_for_mail(smtp_server, "samordnare@example.org", "ansöker om att gå med")

    # the coordinator accepts the request in the admin queue
    coordinator_page.goto("/admin/organisations/joinrequest/")
    coordinator_page.locator("input[name=_selected_action]").first.check()
    coordinator_page.locator("select[name=action]").select_option("accept_selected")
    coordinator_page.locator("button[name=index]").click()
    wait_for_mail(smtp_server, "karin@example.org", "nu med i")
    coordinator_page.context.close()

    # the organisation is on the group's public page
    page.context.clear_cookies()
    page.goto("/arbetsgrupper/referensgruppen/")
    members = page.get_by_role("table")
    assert members.get_by_role("link", name="Föreningen Vänerns Vänner").is_visible()
    assert Membership.objects.get(group=group).status == Membership.Status.ACTIVE
    assert OutgoingMail.objects.exclude(status=OutgoingMail.Status.SENT).count() == 0
    assert_no_csp_violations(page)


@pytest.fixture
def public_world(db):
    organisation = OrganisationFactory(
        name="HSO Värmland", slug="hso-varmland", website="https://hso.example.org"
    )
    organisation.municipalities.set(Municipality.objects.all()[:4])
    organisation.themes.set(Theme.objects.all()[:2])
    for number in range(25):
        OrganisationFactory(name=f"Förening {number:02d} med ett långt namn i Värmland")
    representative = RepresentativeFactory(organisation=organisation)
    representative.give_consent()
    group = WorkingGroupFactory(name="Rådet för idéburna organisationer", slug="radet")
    MembershipFactory(
        group=group, organisation=organisation, representative=representative, role="ordforande"
    )
    nina = UserFactory(email="nina@example.org")
    RepresentativeFactory(organisation=organisation, user=nina)  # HSO chairs the council
    MembershipFactory(group=group, status="requested", motivation="Vi vill vara med.")
    return nina


@pytest.mark.parametrize(
    "path",
    [
        "/organisationer/",
        "/organisationer/?sector=ideburen&q=f%C3%B6rening&page=2",
        "/en/organisationer/",
        "/organisationer/hso-varmland/",
        "/arbetsgrupper/",
        "/arbetsgrupper/radet/",
        "/organisationer/registrera/",
        "/mina-uppgifter/",
        "/mina-uppgifter/radera/",
        "/organisationer/hso-varmland/redigera/",
        "/organisationer/hso-varmland/representanter/",
        "/organisationer/hso-varmland/lamna/",
        "/arbetsgrupper/radet/ansokningar/",
    ],
)
def test_pages_have_no_accessibility_violations(page, live_server, public_world, path):
    sign_in(page, live_server, public_world)
    page.goto(path)
    assert_accessible(page)
    assert_no_csp_violations(page)


def test_registration_form_in_its_error_state_is_accessible(page, live_server, public_world):
    sign_in(page, live_server, public_world)
    page.goto("/organisationer/registrera/")
    page.get_by_label("Organisationsnummer").fill("12345")
    page.get_by_label("Webbplats").fill("inte en adress")
    page.get_by_role("button", name="Registrera").click()
    assert page.get_by_label("Webbplats").input_value() == "inte en adress"
    assert page.locator("#id_organisation_number_error").is_visible()
    assert_accessible(page)


def test_directory_and_group_page_read_at_320_pixels(page, public_world):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ["/organisationer/", "/organisationer/hso-varmland/", "/arbetsgrupper/radet/"]:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    assert Organisation.objects.count() == 27
