import io

import pytest

from agreements import demo
from agreements.models import Meeting
from tests.helpers import assert_accessible, assert_no_csp_violations

from .factories import OrganisationFactory, SignatureFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def content():
    demo.load(io.StringIO())
    version = demo.Agreement.objects.get().versions.get(number=2)
    SignatureFactory(version=version, organisation=OrganisationFactory(name="Ölföreningen"))
    SignatureFactory(version=version, organisation=OrganisationFactory(sector="offentlig"))
    return Meeting.objects.get(group__slug=demo.COUNCIL[0], import_key__gt="")


@pytest.mark.parametrize(
    "path",
    [
        "/overenskommelsen/",
        "/overenskommelsen/principer/",
        "/overenskommelsen/versioner/?old=1&new=2",
        "/overenskommelsen/undertecknare/",
        "/moten/",
        "minutes",
        "/en/moten/",
    ],
)
def test_page_has_no_accessibility_violations_and_keeps_the_policy(page, content, path):
    page.goto(content.get_absolute_url() if path == "minutes" else path)
    assert_accessible(page)
    assert_no_csp_violations(page)


def test_minutes_and_comparison_read_at_320_pixels(page, content):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in (content.get_absolute_url(), "/overenskommelsen/versioner/?old=1&new=2"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path


def test_consultation_page_is_accessible_to_a_representative(page, content, live_server):
    from django.conf import settings
    from django.test import Client

    from organisations.models import Representative

    from .factories import UserFactory

    user = UserFactory()
    Representative.objects.create(organisation=OrganisationFactory(), user=user)
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page.goto("/overenskommelsen/remiss/")
    page.locator("#id_syfte_text").fill("Bra början.")
    page.locator("#syfte button[type=submit]").click()
    assert page.get_by_text("Tack! Din kommentar är skickad till samordnarna.").is_visible()
    assert_accessible(page)
    assert_no_csp_violations(page)


def test_adopted_text_with_the_version_out_for_consultation_beside_it_is_accessible(page):
    from .factories import AgreementFactory, SectionFactory, VersionFactory

    agreement = AgreementFactory()
    adopted = VersionFactory(agreement=agreement, number=1, status="adopted",
                             adopted_on="2024-01-10")  # fmt: skip
    SectionFactory(version=adopted, heading="Syfte", slug="syfte", text="Gällande text.")
    out = VersionFactory(agreement=agreement, number=2, status="consultation",
                         consultation_closes_on="2099-12-31")  # fmt: skip
    SectionFactory(version=out, heading="Syfte", slug="syfte", text="Föreslagen text.")
    page.goto("/overenskommelsen/")
    page.get_by_role("link", name="Läs versionen som är ute på remiss").click()
    heading = page.get_by_role("heading", name="Ute på remiss, inte antagen: version 2")
    assert heading.is_visible()
    assert page.get_by_text("Föreslagen text.").is_visible()
    assert_accessible(page)
    assert_no_csp_violations(page)
