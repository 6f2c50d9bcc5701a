import datetime

import pytest
from django.utils import timezone

from agreements.models import AgendaItem, Attendance, Meeting

from .factories import PASSWORD, CoordinatorFactory, CouncilFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def new_page(browser, live_server):
    """Pages in contexts of their own (one per person), all closed when the test ends."""
    contexts = []

    def make():
        context = browser.new_context(base_url=live_server.url)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def log_in(page, user):
    page.goto("/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def test_coordinator_writes_adjusts_and_publishes_minutes_and_a_stale_save_is_refused(
    new_page, smtp_server, celery_worker_process
):
    council = CouncilFactory()
    anna = CoordinatorFactory(first_name="Anna", last_name="Samordnare")
    bengt = CoordinatorFactory(first_name="Bengt", last_name="Samordnare")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    page = new_page()
    log_in(page, anna)
    page.goto("/admin/agreements/meeting/add/")
    page.select_option("#id_group", label=council.name)
    page.fill("#id_title", "Rådets möte")
    page.select_option("#id_status", value=Meeting.Status.HELD)
    page.fill("#id_starts_at_0", yesterday.isoformat())
    page.fill("#id_starts_at_1", "09:00")
    page.fill("#id_ends_at_0", yesterday.isoformat())
    page.fill("#id_ends_at_1", "11:00")
    for n, (title, text) in enumerate(
        [("Mötet öppnas", "Ordföranden öppnar mötet."),
         ("Nära vård", "Information om **Nära vård**."),
         ("Övriga frågor", "Inga övriga frågor.")]
    ):  # fmt: skip
        page.click("#items-group .add-row a")
        assert page.input_value(f"#id_items-{n}-number") == str(n + 1)  # the next § filled in
        page.fill(f"#id_items-{n}-title", title)
        page.fill(f"#id_items-{n}-minutes", text)
    # an item moves up and back down: the two items swap their numbers
    page.locator("#items-2").get_by_role("button", name="Flytta upp").click()
    assert [page.input_value(f"#id_items-{n}-number") for n in range(3)] == ["1", "3", "2"]
    page.locator("#items-2").get_by_role("button", name="Flytta ned").click()
    assert [page.input_value(f"#id_items-{n}-number") for n in range(3)] == ["1", "2", "3"]
    for n, person in enumerate([anna, bengt]):
        page.click("#adjusters-group .add-row a")
        page.fill(f"#id_adjusters-{n}-name", person.get_full_name())
        page.fill(f"#id_adjusters-{n}-user", str(person.pk))
    with page.expect_navigation():
        page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    meeting = Meeting.objects.get()
    assert meeting.items.count() == 3
    Attendance.objects.create(meeting=meeting, person="Deltagare", email="deltagare@example.org")

    # the public sees the agenda but not the unpublished minutes
    public = new_page()
    public.goto(meeting.get_absolute_url())
    assert public.get_by_text("§2 Nära vård").is_visible()
    assert public.get_by_text("Information om").count() == 0

    # Bengt opens the same minutes; Anna saves a change first; Bengt's save is refused
    other = new_page()
    log_in(other, bengt)
    other.goto(f"/admin/agreements/meeting/{meeting.pk}/change/")
    page.fill("#id_items-0-minutes", "Ordföranden Anna öppnar mötet.")
    with page.expect_navigation():
        page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    other.fill("#id_items-0-minutes", "Bengts text som inte får försvinna.")
    with other.expect_navigation():
        other.click("input[name=_continue]")
    other.wait_for_selector(".errornote")
    assert other.get_by_text("Någon annan sparade de här anteckningarna").is_visible()
    assert other.input_value("#id_items-0-minutes") == "Bengts text som inte får försvinna."
    assert AgendaItem.objects.get(number=1).minutes == "Ordföranden Anna öppnar mötet."

    # the two adjusters approve
    with page.expect_navigation():
        page.click("text=Justera anteckningarna")
    page.get_by_text("Din justering är registrerad.").wait_for()
    other.goto(f"/admin/agreements/meeting/{meeting.pk}/change/")
    with other.expect_navigation():
        other.click("text=Justera anteckningarna")
    other.get_by_text("Din justering är registrerad.").wait_for()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.ADJUSTED

    # the next step is the only button; publishing first says who will be mailed
    page.goto(f"/admin/agreements/meeting/{meeting.pk}/change/")
    with page.expect_navigation():
        page.get_by_role("link", name="Publicera minnesanteckningar").click()
    assert page.locator(".publish-recipients").inner_text() == "deltagare@example.org"
    with page.expect_navigation():
        page.click("button[name=publish]")
    page.get_by_text("Minnesanteckningarna är publicerade").wait_for()

    public.goto(meeting.get_absolute_url())
    assert public.get_by_text("Ordföranden Anna öppnar mötet.").is_visible()
    assert public.locator("#p2 strong").inner_text() == "Nära vård"
    assert public.get_by_text("Inga övriga frågor.").is_visible()

    message = smtp_server.wait_for(1)[0]
    assert message.rcpt_tos == ["deltagare@example.org"]
    assert meeting.get_absolute_url() in message.content.decode()
