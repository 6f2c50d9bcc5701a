"""Reminders before a meeting or dialogue event, at the lead times its plan sets, and to
overdue adjusters.

A reminder's occasion names the meeting, the lead time and the start it was computed for: the
outbox sends it once, and a meeting that moves gets its reminders again for the new time. When
beat was away past several lead times, only the latest one due is sent."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from agreements.models import Adjuster, Meeting
from dialogues.models import DialogueEvent
from okportal.mail import queue_mail, queue_mails, send_on_commit

from .inviting import messages_for, occasion_context
from .links import adjustment_link
from .occasions import Occasion

REMINDER = "invitations_reminder"
ADJUSTMENT_REMINDER = "invitations_adjustment_reminder"
# The longest lead time a plan may set; meetings further away are not looked at.
LONGEST_LEAD = timedelta(days=60)
# Adjusters who have not approved this long after the request are reminded (once per state of
# the minutes).
ADJUSTMENT_OVERDUE = timedelta(days=5)


def due_lead(occasion: Occasion, now: datetime) -> int | None:
    """The lead time (hours) whose moment has come most recently, if any."""
    passed = [
        hours
        for hours in occasion.plan.reminder_hours
        if occasion.starts_at - timedelta(hours=hours) <= now
    ]
    return min(passed) if passed else None


def coming(now: datetime) -> list[Occasion]:
    """Meetings and dialogue events that people are invited to, not cancelled, starting
    within the longest lead time."""
    meetings = (
        Meeting.objects.filter(
            status=Meeting.Status.PLANNED,
            starts_at__gt=now,
            starts_at__lte=now + LONGEST_LEAD,
            invitations__isnull=False,
        )
        .distinct()
        .select_related("group", "plan")
    )
    events = (
        DialogueEvent.objects.filter(
            plan__cancelled=False,
            date__gte=timezone.localdate(now),
            date__lte=timezone.localdate(now + LONGEST_LEAD),
            invitations__isnull=False,
        )
        .distinct()
        .select_related("plan")
    )
    occasions = [*map(Occasion.of, meetings), *map(Occasion.of, events)]
    return [occasion for occasion in occasions if occasion.starts_at > now]


def send_meeting_reminders(now: datetime | None = None) -> int:
    """Reminders of meetings and dialogue events at their lead times."""
    now = now or timezone.now()
    queued = 0
    with transaction.atomic():
        for occasion in coming(now):
            hours = due_lead(occasion, now)
            if hours is None:
                continue
            moment = occasion.starts_at - timedelta(hours=hours)
            key = occasion.mail_key("reminder", hours, f"{occasion.starts_at:%Y%m%dT%H%M}")
            # Those invited after the reminder's moment have just had the invitation.
            invitations = occasion.invitations.to_remind().filter(invited_at__lt=moment)
            messages = messages_for(
                invitations,
                key,
                REMINDER,
                occasion_context(occasion),
                topic=occasion.topic("reminders"),
            )
            queued += len(queue_mails(messages))
    return queued


def send_adjustment_reminders(now: datetime | None = None) -> int:
    now = now or timezone.now()
    adjusters = Adjuster.objects.filter(
        approved_at__isnull=True,
        meeting__status__in=[Meeting.Status.HELD, Meeting.Status.DRAFT],
        meeting__adjustment_requested_at__lte=now - ADJUSTMENT_OVERDUE,
    ).select_related("meeting__group", "user")
    mail_ids = []
    with transaction.atomic():
        for adjuster in adjusters:
            meeting = adjuster.meeting
            if not adjuster.address:
                continue
            mail = queue_mail(
                f"invitations:adjustment-reminder:{meeting.pk}:{meeting.minutes_revision}",
                adjuster.address,
                ADJUSTMENT_REMINDER,
                {
                    "adjuster_name": adjuster.name,
                    "meeting_title": meeting.title,
                    "date": timezone.localtime(meeting.starts_at).date(),
                    "link": adjustment_link(adjuster),
                },
                adjuster.language,
                reply_to=settings.COORDINATORS_EMAIL,
                send=False,
            )
            if mail:
                mail_ids.append(mail.pk)
        send_on_commit(mail_ids)
    return len(mail_ids)
