"""A coordinator invites a group from the admin, after the preview; a member answers “ja” from
the link in the mail without signing in; the admin shows the answer. axe on the answer pages."""

import datetime

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from invitations import reminders
from tests.helpers import assert_accessible, assert_no_csp_violations
from tests.organisations.factories import CoordinatorFactory

from .conftest import calendar_of, link_in, parse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


def test_invite_answer_from_the_mail_and_see_it_in_the_admin(
    browser, live_server, page, smtp_server, celery_worker_process, meeting, group, settings
):
    settings.SITE_URL = live_server.url
    coordinator = signed_in(browser, live_server, CoordinatorFactory())
    admin = coordinator.new_page()
    admin.goto("/admin/agreements/meeting/")
    admin.check(f"input[name=_selected_action][value='{meeting.pk}']")
    admin.select_option("select[name=action]", value="invite_action")
    admin.click("button[name=index]")
    admin.wait_for_url(f"**/admin/invitations/invitation/invite/meeting/{meeting.pk}/")
    assert admin.is_checked(f"input[name=groups][value='{group.pk}']")
    admin.click("input[name=preview]")
    assert "2 personer bjuds in." in admin.content()
    assert "Föreningen Tyst" in admin.content()
    admin.click("input[name=send]")
    admin.wait_for_url(f"**/admin/agreements/meeting/{meeting.pk}/change/")
    assert "2 inbjudningar är på väg." in admin.content()

    messages = smtp_server.wait_for(2)
    anna = next(m for m in messages if m.rcpt_tos == ["anna@example.org"])
    path = link_in(parse(anna.content).get_body(("plain",)).get_content(), "yes")

    page.goto(path + "?svar=yes")  # a browser without any session
    assert page.is_checked("input[name=answer][value=yes]")
    assert_accessible(page)
    page.fill("input[name=note]", "kommer 10 min sent")
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=Tack, ditt svar är sparat: Ja, jag kommer.")
    assert_accessible(page)
    assert_no_csp_violations(page)

    page.goto(path.replace("/svar/", "/svar/x"))
    assert "Länken går inte att använda" in page.content()
    assert_accessible(page)

    admin.goto(f"/admin/agreements/meeting/{meeting.pk}/change/")
    assert "Ja, jag kommer: 1" in admin.content()
    assert "kommer 10 min sent" in admin.content()

    # The coordinator moves the meeting an hour later: the member gets the update.
    moved = timezone.localtime(meeting.starts_at + datetime.timedelta(hours=1))
    ends = moved + datetime.timedelta(hours=2)
    admin.fill("#id_starts_at_0", moved.date().isoformat())
    admin.fill("#id_starts_at_1", moved.strftime("%H:%M"))
    admin.fill("#id_ends_at_0", ends.date().isoformat())
    admin.fill("#id_ends_at_1", ends.strftime("%H:%M"))
    with admin.expect_navigation():
        admin.click("input[name=_continue]")
    meeting.refresh_from_db()
    assert meeting.starts_at == moved and meeting.sequence == 1
    update = smtp_server.wait_for(4)[2:]
    anna_update = next(m for m in update if m.rcpt_tos == ["anna@example.org"])
    assert "SEQUENCE:1" in calendar_of(parse(anna_update.content))
    assert parse(anna_update.content).subject.startswith("Ändrat: Höstmöte")

    # A day before the new time, beat's reminder reaches her, with the new time.
    with transaction.atomic():
        reminders.send_meeting_reminders(meeting.starts_at - datetime.timedelta(hours=24))
    reminder = smtp_server.wait_for(6)[4:]
    anna_reminder = parse(next(m for m in reminder if m.rcpt_tos == ["anna@example.org"]).content)
    assert anna_reminder.subject.startswith("Påminnelse: Höstmöte")
    assert moved.strftime("%H:%M") in anna_reminder.get_body(("plain",)).get_content()
    coordinator.close()
