"""A coordinator imports minutes whose date the parser cannot find: corrects the date and one
line's role in the preview, imports as published, and the public page shows the meeting."""

import pytest

from agreements.models import Meeting

from .factories import CoordinatorFactory, CouncilFactory
from .test_browser_journey import log_in, new_page  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MINUTES = """\
Anteckningar från rådets möte
Närvarande: Anna Berg, Forum Värmland; Per Ek, Region Värmland

1. Mötets öppnande
Anna öppnar mötet.

2. Bidragen
Regionen berättar om det nya bidragssystemet.
Kriterierna ska tas fram tillsammans med föreningarna.

3. Avslutning
Mötet avslutas.
"""


def test_upload_correct_the_date_and_a_line_then_read_the_public_page(new_page, tmp_path):  # noqa: F811
    council = CouncilFactory()
    coordinator = CoordinatorFactory()
    document = tmp_path / "rådet.txt"
    document.write_text(MINUTES, encoding="utf-8")

    page = new_page()
    log_in(page, coordinator)
    page.goto("/admin/agreements/meeting/import/")
    page.set_input_files("#id_file", str(document))
    page.select_option("#id_group", label=council.name)
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.get_by_text("Inget datum hittades: ange mötets datum.").is_visible()
    assert page.locator("tr#line-9").get_by_text("Punktens text").is_visible()

    page.fill("#id_date", "2024-02-08")
    page.fill("#id_start", "13:00")
    page.fill("#id_end", "15:00")
    page.fill("#id_first_line", "9")
    page.select_option("#id_role", value="decision")
    page.evaluate("window.sameDocument = true")
    page.click("input[name=update]")  # with JavaScript: updated in place, no page load
    row = page.locator("tr#line-9")
    row.get_by_text("(rättad)").wait_for()
    assert row.get_by_text("Beslut").is_visible()
    assert page.evaluate("window.sameDocument") is True
    assert page.url.endswith("#line-9")
    assert page.input_value("#id_date") == "2024-02-08"

    page.check("#id_publish")
    with page.expect_navigation():
        page.click("input[name=confirm]")
    page.wait_for_selector(".messagelist .success")
    meeting = Meeting.objects.get()
    assert meeting.status == Meeting.Status.PUBLISHED

    public = new_page()
    public.goto(meeting.get_absolute_url())
    assert public.get_by_role("heading", name="Anteckningar från rådets möte").is_visible()
    assert public.get_by_text("torsdag 8 februari 2024, 13.00").is_visible()
    assert public.get_by_text("Per Ek (Region Värmland)").is_visible()
    assert public.get_by_text("Kriterierna ska tas fram tillsammans med föreningarna.").is_visible()
