"""Invitations to dialogue events: the same preview, mail, calendar file, answer links, update,
cancellation and reminders as a meeting's, and the same command and admin."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from invitations import inviting, reminders
from invitations.models import Invitation, MeetingPlan
from invitations.occasions import Occasion
from okportal.models import OutgoingMail
from tests.dialogues.factories import EventFactory
from tests.organisations.factories import CoordinatorFactory

from .conftest import calendar_of, flush, link_in, parse
from .test_worker_faults import wait_until

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def event(db):
    return EventFactory(
        title="Open Space om folkhälsa",
        date=timezone.localdate() + datetime.timedelta(days=10),
        place="Karlstad CCC",
    )


def mails_to(mailoutbox, address):
    return [parse(m.message().as_bytes()) for m in mailoutbox if m.to == [address]]


def test_an_event_invitation_reads_right_and_is_answered_from_its_link(
    event, group, mailoutbox, client
):
    result = inviting.invite(event, groups=[group])
    assert [r.email for r in result.recipients] == ["anna@example.org", "brev@example.org"]
    flush()
    (anna,) = mails_to(mailoutbox, "anna@example.org")
    assert anna.subject.startswith("Inbjudan: Open Space om folkhälsa")
    text = anna.get_body(("plain",)).get_content()
    assert "Karlstad CCC" in text and "09:00–16:00" in text
    # called what it is, not a meeting
    assert "Du är inbjuden till det här dialogtillfället:" in text
    assert "lägger in dialogtillfället i din kalender" in text and "mötet" not in text
    calendar = calendar_of(anna)
    assert "METHOD:REQUEST" in calendar and "SEQUENCE:0" in calendar
    assert f"UID:dialogue-event-{event.pk}@" in calendar
    assert "SUMMARY:Open Space om folkhälsa\r\n" in calendar
    path = link_in(text, "maybe")
    assert "Open Space om folkhälsa" in client.get(path).content.decode()
    client.post(path, {"answer": "maybe", "note": "kanske efter lunch"})
    invitation = event.invitations.get(email="anna@example.org")
    assert (invitation.answer, invitation.note) == ("maybe", "kanske efter lunch")
    # Inviting again sends nothing to those already invited.
    assert inviting.invite(event, groups=[group]).recipients == []


def test_moving_an_event_sends_an_update_and_cancelling_it_a_cancellation(event, group, mailoutbox):
    inviting.invite(event, groups=[group])
    flush()
    mailoutbox.clear()
    event.date += datetime.timedelta(days=1)
    event.save()
    assert inviting.notify_change("event", event.pk) == 2
    assert inviting.notify_change("event", event.pk) == 0  # once per change
    flush()
    (update,) = mails_to(mailoutbox, "anna@example.org")
    assert update.subject.startswith("Ändrat: Open Space om folkhälsa")
    assert (
        "Dialogtillfället som du är inbjuden till har ändrats"
        in update.get_body(("plain",)).get_content()
    )
    assert "SEQUENCE:1" in calendar_of(update) and "METHOD:REQUEST" in calendar_of(update)
    mailoutbox.clear()
    plan = MeetingPlan.objects.get(event=event)
    plan.cancelled = True
    plan.save()
    assert inviting.notify_change("event", event.pk) == 2
    flush()
    (cancel,) = mails_to(mailoutbox, "anna@example.org")
    assert "Dialogtillfället Open Space om folkhälsa" in cancel.get_body(("html",)).get_content()
    assert "METHOD:CANCEL" in calendar_of(cancel) and "SEQUENCE:2" in calendar_of(cancel)
    event.refresh_from_db()
    with pytest.raises(inviting.InvitationError):
        inviting.preview(event, groups=[group])


def test_saving_an_unchanged_event_changes_nothing(event, group):
    inviting.invite(event, groups=[group])
    event.introduction = "Välkomna!"
    event.save()
    assert MeetingPlan.objects.get(event=event).sequence == 0
    assert inviting.notify_change("event", event.pk) == 0


def test_event_reminders_go_once_at_the_lead_time_and_follow_a_move(event, group):
    inviting.invite(event, groups=[group])
    Invitation.objects.update(invited_at=timezone.now() - datetime.timedelta(days=1))
    start = Occasion.of(event).starts_at
    assert reminders.send_meeting_reminders(start - 7 * 24 * HOUR - HOUR) == 0
    assert reminders.send_meeting_reminders(start - 7 * 24 * HOUR) == 2
    assert reminders.send_meeting_reminders(start - 24 * HOUR) == 2
    assert reminders.send_meeting_reminders(start - 23 * HOUR) == 0
    event.date += datetime.timedelta(days=2)
    event.save()
    # The reminders are those of the new day: a week before it has passed, a day before not.
    assert reminders.send_meeting_reminders(start - 23 * HOUR) == 2
    assert reminders.send_meeting_reminders(start - 22 * HOUR) == 0
    assert reminders.send_meeting_reminders(start + 24 * HOUR) == 2
    MeetingPlan.objects.filter(event=event).update(cancelled=True)
    assert reminders.send_meeting_reminders(start + 47 * HOUR) == 0
    assert OutgoingMail.objects.filter(template="invitations_reminder").count() == 8


def test_the_command_invites_to_an_event_too(event, group, capsys):
    call_command("invite", "--event", event.slug, "--group", group.slug, "--dry-run")
    assert "2 would be invited" in capsys.readouterr().out
    assert not Invitation.objects.exists()
    call_command("invite", "--event", event.slug, "--group", group.slug)
    assert event.invitations.count() == 2
    with pytest.raises(CommandError):
        call_command("invite", "--event", "no-such-event", "--group", group.slug)


def test_an_invitation_points_at_a_meeting_or_an_event_never_both_or_neither(event, meeting):
    for fields in ({}, {"meeting": meeting, "event": event}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Invitation.objects.create(email="x@example.org", **fields)
    Invitation.objects.create(email="x@example.org", event=event)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(email="X@example.org", event=event)
    Invitation.objects.create(email="x@example.org", meeting=meeting)


def test_the_event_admin_invites_with_a_preview_and_shows_the_answers(client, event, group):
    client.force_login(CoordinatorFactory())
    url = f"/admin/invitations/invitation/invite/event/{event.pk}/"
    html = client.post(url, {"groups": [group.pk], "preview": "1"}).content.decode()
    assert "2 personer bjuds in." in html and "Inbjudan: Open Space om folkhälsa" in html
    assert not OutgoingMail.objects.exists()
    response = client.post(url, {"groups": [group.pk], "send": "1"})
    assert response.url == f"/admin/dialogues/dialogueevent/{event.pk}/change/"
    assert OutgoingMail.objects.filter(template="invitations_invitation").count() == 2
    Invitation.objects.filter(email="anna@example.org").update(answer="yes")
    html = client.get(response.url).content.decode()
    assert "<li>Ja, jag kommer: 1</li>" in html
    assert "Inte svarat: Föreningen Brev" in html
    assert client.get("/admin/invitations/invitation/invite/nothing/1/").status_code == 404
    chosen = {"action": "invite_action", "_selected_action": [event.pk]}
    assert client.post("/admin/dialogues/dialogueevent/", chosen).url == url


@pytest.mark.django_db(transaction=True)
def test_an_event_invitation_and_its_update_go_through_the_worker(
    celery_worker_process, smtp_server, group, client
):
    event = EventFactory(date=timezone.localdate() + datetime.timedelta(days=5))
    with transaction.atomic():
        inviting.invite(event, groups=[group])
    messages = smtp_server.wait_for(2)
    wait_until(lambda: not OutgoingMail.objects.filter(status="queued").exists())
    assert sorted(r for m in messages for r in m.rcpt_tos) == [
        "anna@example.org",
        "brev@example.org",
    ]
    anna = next(m for m in messages if m.rcpt_tos == ["anna@example.org"])
    client.post(link_in(parse(anna.content).get_body(("plain",)).get_content()), {"answer": "yes"})
    assert event.invitations.get(email="anna@example.org").answer == "yes"
    with transaction.atomic():
        event.place = "Folkets hus"
        event.save()
    updates = smtp_server.wait_for(4)[2:]
    assert sorted(r for m in updates for r in m.rcpt_tos) == [
        "anna@example.org",
        "brev@example.org",
    ]
    calendar = calendar_of(parse(updates[0].content))
    assert "SEQUENCE:1" in calendar and "Folkets hus" in calendar


def test_the_persons_own_page_lists_events_and_meetings_by_day(
    client, event, meeting, group, django_assert_num_queries
):
    inviting.invite(event, groups=[group])
    inviting.invite(meeting, groups=[group])
    client.force_login(Invitation.objects.filter(email="anna@example.org").first().user)
    # user; the invitations with their meetings, groups, events, plans and organisations; the
    # meetings of the groups they chair
    with django_assert_num_queries(3):
        html = client.get("/mina-moten/").content.decode()
    assert html.index("Open Space om folkhälsa") < html.index("Höstmöte")  # 09:00, the same day
