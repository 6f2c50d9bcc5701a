"""Reminders with a clock the test controls: right people, right times, never twice."""

import datetime

from django.utils import timezone

from agreements.models import Meeting
from invitations import inviting, reminders
from invitations.models import Invitation
from okportal.models import OutgoingMail
from tests.agreements.factories import AdjusterFactory, MeetingFactory

from .conftest import flush, plan

HOUR = datetime.timedelta(hours=1)


def remind(now) -> set[str]:
    """Run beat's reminder task at `now`; the addresses reminded."""
    before = set(OutgoingMail.objects.values_list("pk", flat=True))
    reminders.send_meeting_reminders(now)
    return set(
        OutgoingMail.objects.exclude(pk__in=before)
        .filter(template="invitations_reminder")
        .values_list("recipient", flat=True)
    )


def invited(meeting, group):
    with timezone.override("Europe/Stockholm"):
        inviting.invite(meeting, groups=[group], emails=["nej@example.org"])
    Invitation.objects.filter(email="nej@example.org").update(answer="no")
    Invitation.objects.filter(email="anna@example.org").update(answer="yes")
    Invitation.objects.update(invited_at=meeting.starts_at - datetime.timedelta(days=9))


def test_reminders_go_at_each_lead_time_once_to_yes_maybe_and_silent(meeting, group):
    invited(meeting, group)
    start = meeting.starts_at
    assert remind(start - 7 * 24 * HOUR - HOUR) == set()
    assert remind(start - 7 * 24 * HOUR) == {"anna@example.org", "brev@example.org"}
    assert remind(start - 7 * 24 * HOUR + HOUR) == set()
    assert remind(start - 2 * 24 * HOUR) == set()
    assert remind(start - 24 * HOUR + HOUR / 60) == {"anna@example.org", "brev@example.org"}
    assert remind(start - HOUR) == set()
    assert remind(start + HOUR) == set()


def test_a_late_beat_sends_only_the_latest_reminder(meeting, group):
    invited(meeting, group)
    assert len(remind(meeting.starts_at - 12 * HOUR)) == 2
    keys = set(OutgoingMail.objects.filter(template="invitations_reminder").values_list("key"))
    assert keys == {(f"invitations:reminder:{meeting.pk}:24:{meeting.starts_at:%Y%m%dT%H%M}",)}


def test_lead_times_and_text_are_the_meetings_own(meeting, group, mailoutbox):
    plan(meeting, reminder_hours=[3], reminder_text="Ta med lunch.")
    invited(meeting, group)
    assert remind(meeting.starts_at - 24 * HOUR) == set()
    assert len(remind(meeting.starts_at - 3 * HOUR)) == 2
    flush(meeting.starts_at - 3 * HOUR)
    assert "Ta med lunch." in mailoutbox[0].body
    assert mailoutbox[0].subject.startswith(("Påminnelse: Höstmöte", "Reminder: Höstmöte"))


def test_no_reminder_for_a_cancelled_meeting(meeting, group):
    invited(meeting, group)
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    assert remind(meeting.starts_at - 24 * HOUR) == set()


def test_reminders_follow_a_moved_meeting(meeting, group, mailoutbox):
    invited(meeting, group)
    old_start = meeting.starts_at
    assert len(remind(old_start - 24 * HOUR)) == 2
    flush(old_start - 24 * HOUR)
    mailoutbox.clear()
    meeting.starts_at += 3 * 24 * HOUR
    meeting.ends_at += 3 * 24 * HOUR
    meeting.save()
    # the update goes to every one invited
    assert inviting.notify_change("meeting", meeting.pk) == 3
    # The reminders are those of the new time: a week before it has passed, a day before not.
    assert len(remind(old_start)) == 2
    assert remind(old_start + HOUR) == set()
    assert len(remind(meeting.starts_at - 24 * HOUR)) == 2
    flush(meeting.starts_at - 24 * HOUR)
    new_day = timezone.localtime(meeting.starts_at).strftime(", %-d ")
    subjects = [m.subject for m in mailoutbox if m.subject.startswith(("Påminn", "Remind"))]
    assert len(subjects) == 4 and all(new_day in s for s in subjects)


def test_people_invited_after_the_moment_get_no_reminder_on_top(meeting, group):
    invited(meeting, group)
    inviting.invite(meeting, emails=["sen@example.org"])
    Invitation.objects.filter(email="sen@example.org").update(
        invited_at=meeting.starts_at - 6 * 24 * HOUR
    )
    assert "sen@example.org" not in remind(meeting.starts_at - 6 * 24 * HOUR)
    assert "sen@example.org" in remind(meeting.starts_at - 24 * HOUR)


def test_overdue_adjusters_are_reminded_once_with_their_link(group, mailoutbox):
    held = MeetingFactory(
        group=group,
        status=Meeting.Status.DRAFT,
        starts_at=timezone.now() - datetime.timedelta(days=20),
        ends_at=timezone.now() - datetime.timedelta(days=20) + 2 * HOUR,
        adjustment_requested_at=timezone.now() - datetime.timedelta(days=6),
    )
    AdjusterFactory(meeting=held, name="Eva Ek", email="eva@example.org")
    AdjusterFactory(meeting=held, name="Per", email="per@example.org", approved_at=timezone.now())
    assert reminders.send_adjustment_reminders() == 1
    assert reminders.send_adjustment_reminders() == 0
    flush()
    assert mailoutbox[0].to == ["eva@example.org"]
    assert "/justera/" in mailoutbox[0].body
