"""A coordinator corrects a dialogue document's preview in the browser: with JavaScript the
role change updates the preview in place (the same form, posted without a page load), and the
import saves what the corrected preview showed."""

import pytest

from dialogues.models import Dialogue
from tests.agreements.factories import CoordinatorFactory
from tests.agreements.test_browser_journey import log_in, new_page  # noqa: F401 (the fixture)
from tests.corpus.documents import dialogue_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_line_made_raw_material_in_place_and_saved(new_page, tmp_path):  # noqa: F811
    document = tmp_path / "stormote.txt"
    document.write_bytes(dialogue_bytes("d03_stormote.txt"))
    page = new_page()
    log_in(page, CoordinatorFactory())
    page.goto("/admin/dialogues/dialogueevent/import/")
    page.set_input_files("#id_file", str(document))
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.locator("tr#line-12").get_by_text("Sammanfattning av dialogen").is_visible()

    page.evaluate("window.sameDocument = true")
    page.fill("#id_first_line", "12")
    page.select_option("#id_role", value="raw")
    page.click("input[name=update]")
    row = page.locator("tr#line-12")
    row.get_by_text("(rättad)").wait_for()
    assert row.get_by_text("Råmaterial i dialogen").is_visible()
    assert page.evaluate("window.sameDocument") is True
    assert page.text_content("[data-import-status]") == "Förhandsvisningen är uppdaterad."

    with page.expect_navigation():
        page.click("input.default[type=submit]")
    page.wait_for_selector(".messagelist .success")
    dialogue = Dialogue.objects.get(title="Dialog 2 – Demokrati")
    assert dialogue.raw_material.startswith("Demokratin stärks") and dialogue.summary == ""
